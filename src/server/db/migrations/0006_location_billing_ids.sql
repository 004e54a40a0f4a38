ALTER TABLE "locations" ADD COLUMN "npi" text;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "tax_id" text;