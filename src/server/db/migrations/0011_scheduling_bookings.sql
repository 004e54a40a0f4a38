-- Time ranges compared with = on a uuid and && on a range in one GiST index (the exclusion constraints below).
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE TABLE "staff_time_off" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_time_off_times_check" CHECK ("staff_time_off"."ends_at" > "staff_time_off"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "staff_working_hours" (
	"user_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"hours" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_working_hours_user_id_location_id_pk" PRIMARY KEY("user_id","location_id")
);
--> statement-breakpoint
ALTER TABLE "appointments" DROP CONSTRAINT "appointments_status_check";--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "resource_id" uuid;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "staff_ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "on_site_staff_id" uuid;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "series_id" uuid;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "confirmation" text DEFAULT 'unconfirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "checked_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "observation_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "late_cancel" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "authorization_sessions" ADD COLUMN "appointment_id" uuid;--> statement-breakpoint
ALTER TABLE "staff_time_off" ADD CONSTRAINT "staff_time_off_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_time_off" ADD CONSTRAINT "staff_time_off_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_working_hours" ADD CONSTRAINT "staff_working_hours_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_working_hours" ADD CONSTRAINT "staff_working_hours_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_working_hours" ADD CONSTRAINT "staff_working_hours_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_time_off_user_idx" ON "staff_time_off" USING btree ("user_id","ends_at");--> statement-breakpoint
CREATE INDEX "staff_working_hours_location_idx" ON "staff_working_hours" USING btree ("location_id");--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_resource_id_treatment_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."treatment_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_on_site_staff_id_users_id_fk" FOREIGN KEY ("on_site_staff_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authorization_sessions" ADD CONSTRAINT "authorization_sessions_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_resource_idx" ON "appointments" USING btree ("resource_id","starts_at") WHERE "appointments"."resource_id" is not null;--> statement-breakpoint
CREATE INDEX "appointments_location_day_idx" ON "appointments" USING btree ("location_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "authorization_sessions_appointment_key" ON "authorization_sessions" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "treatment_courses_prior_authorization_idx" ON "treatment_courses" USING btree ("prior_authorization_id") WHERE "treatment_courses"."prior_authorization_id" is not null;--> statement-breakpoint
CREATE INDEX "treatment_courses_va_referral_idx" ON "treatment_courses" USING btree ("va_referral_id") WHERE "treatment_courses"."va_referral_id" is not null;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_confirmation_check" CHECK ("appointments"."confirmation" in ('unconfirmed', 'confirmed', 'reschedule_requested'));--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_times_check" CHECK ("appointments"."ends_at" > "appointments"."starts_at" and ("appointments"."staff_ends_at" is null or "appointments"."staff_ends_at" between "appointments"."starts_at" and "appointments"."ends_at"));--> statement-breakpoint
UPDATE "appointments" SET "cancel_reason" = 'Cancelled before reasons were recorded' WHERE "status" = 'cancelled' AND "cancel_reason" IS NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_cancel_reason_check" CHECK ("appointments"."status" <> 'cancelled' or "appointments"."cancel_reason" is not null);--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_status_check" CHECK ("appointments"."status" in ('booked', 'checked_in', 'in_treatment', 'observing', 'ready_for_discharge', 'completed', 'cancelled', 'no_show'));;--> statement-breakpoint
-- No double booking, ever (issue 9), whatever the application checked first: a resource is held from start to
-- ends_at (observation included), the attending staff member until staff_ends_at, the patient for the whole visit.
-- Cancelled visits and no-shows free their time. [) ranges: a visit may start when the last one ends.
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_resource_no_overlap"
  EXCLUDE USING gist ("resource_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
  WHERE ("resource_id" IS NOT NULL AND "status" NOT IN ('cancelled', 'no_show'));--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_staff_no_overlap"
  EXCLUDE USING gist ("provider_id" WITH =, tstzrange("starts_at", coalesce("staff_ends_at", "ends_at")) WITH &&)
  WHERE ("status" NOT IN ('cancelled', 'no_show'));--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_patient_no_overlap"
  EXCLUDE USING gist ("patient_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
  WHERE ("status" NOT IN ('cancelled', 'no_show'));