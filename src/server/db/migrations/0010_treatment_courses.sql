CREATE TABLE "treatment_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"protocol_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"status_reason" text,
	"recommendation_id" uuid,
	"differ_reason" text,
	"prior_authorization_id" uuid,
	"va_referral_id" uuid,
	"started_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "treatment_courses_status_check" CHECK ("treatment_courses"."status" in ('planned', 'active', 'on_hold', 'completed', 'stopped')),
	CONSTRAINT "treatment_courses_basis_check" CHECK ("treatment_courses"."recommendation_id" is not null or "treatment_courses"."differ_reason" is not null),
	CONSTRAINT "treatment_courses_one_payer_link_check" CHECK ("treatment_courses"."prior_authorization_id" is null or "treatment_courses"."va_referral_id" is null)
);
--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "course_id" uuid;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_protocol_id_treatment_protocols_id_fk" FOREIGN KEY ("protocol_id") REFERENCES "public"."treatment_protocols"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_recommendation_id_care_path_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."care_path_recommendations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_prior_authorization_id_prior_authorizations_id_fk" FOREIGN KEY ("prior_authorization_id") REFERENCES "public"."prior_authorizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_va_referral_id_va_referrals_id_fk" FOREIGN KEY ("va_referral_id") REFERENCES "public"."va_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "treatment_courses_patient_idx" ON "treatment_courses" USING btree ("patient_id","created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_course_id_treatment_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."treatment_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_course_idx" ON "appointments" USING btree ("course_id","starts_at") WHERE "appointments"."course_id" is not null;