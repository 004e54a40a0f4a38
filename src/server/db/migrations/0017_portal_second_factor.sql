ALTER TABLE "patient_accounts" ADD COLUMN "totp_secret" text;--> statement-breakpoint
ALTER TABLE "patient_accounts" ADD COLUMN "totp_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "patient_accounts" ADD COLUMN "totp_last_step" bigint;