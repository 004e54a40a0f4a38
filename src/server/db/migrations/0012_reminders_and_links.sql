CREATE TABLE "access_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"purpose" text NOT NULL,
	"appointment_id" uuid,
	"user_id" uuid,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_tokens_purpose_check" CHECK ("access_tokens"."purpose" in ('visit_confirmation', 'staff_calendar'))
);
--> statement-breakpoint
CREATE TABLE "appointment_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"for_starts_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"provider_message_id" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_reminders_channel_check" CHECK ("appointment_reminders"."channel" in ('sms', 'email')),
	CONSTRAINT "appointment_reminders_status_check" CHECK ("appointment_reminders"."status" in ('pending', 'sending', 'sent', 'failed', 'uncertain'))
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"from_phone" text NOT NULL,
	"body" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"patient_id" uuid,
	"appointment_id" uuid,
	"outcome" text NOT NULL,
	"needs_review" boolean NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_messages_outcome_check" CHECK ("inbound_messages"."outcome" in ('confirmed', 'reschedule_requested', 'unknown_sender', 'unrecognized_reply', 'no_upcoming_visit'))
);
--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "reminder_lead_hours" integer DEFAULT 48 NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "reminder_sms" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "reminder_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_reminders" ADD CONSTRAINT "appointment_reminders_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_tokens_hash_key" ON "access_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "access_tokens_user_idx" ON "access_tokens" USING btree ("user_id") WHERE "access_tokens"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_reminders_once_key" ON "appointment_reminders" USING btree ("appointment_id","channel","for_starts_at");--> statement-breakpoint
CREATE INDEX "appointment_reminders_due_idx" ON "appointment_reminders" USING btree ("next_attempt_at") WHERE "appointment_reminders"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "appointment_reminders_sending_idx" ON "appointment_reminders" USING btree ("claimed_at") WHERE "appointment_reminders"."status" = 'sending';--> statement-breakpoint
CREATE INDEX "inbound_messages_review_idx" ON "inbound_messages" USING btree ("created_at") WHERE "inbound_messages"."needs_review" and "inbound_messages"."reviewed_at" is null;--> statement-breakpoint
CREATE INDEX "inbound_messages_patient_idx" ON "inbound_messages" USING btree ("patient_id","received_at");--> statement-breakpoint
CREATE INDEX "appointments_on_site_idx" ON "appointments" USING btree ("on_site_staff_id","starts_at") WHERE "appointments"."on_site_staff_id" is not null;--> statement-breakpoint
CREATE INDEX "appointments_booked_starts_idx" ON "appointments" USING btree ("starts_at") WHERE "appointments"."status" = 'booked';