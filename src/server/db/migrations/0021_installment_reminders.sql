CREATE TABLE "installment_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"estimate_id" uuid NOT NULL,
	"installment_number" smallint NOT NULL,
	"due_on" date NOT NULL,
	"amount_cents" integer NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "installment_reminders_channel_check" CHECK ("installment_reminders"."channel" in ('email', 'sms')),
	CONSTRAINT "installment_reminders_status_check" CHECK ("installment_reminders"."status" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "installment_reminders" ADD CONSTRAINT "installment_reminders_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_reminders" ADD CONSTRAINT "installment_reminders_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "installment_reminders_once_key" ON "installment_reminders" USING btree ("estimate_id","installment_number","channel");--> statement-breakpoint
CREATE INDEX "installment_reminders_patient_idx" ON "installment_reminders" USING btree ("patient_id");