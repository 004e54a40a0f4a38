CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient_risk_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"source" text NOT NULL,
	"summary" text NOT NULL,
	"noted_at" timestamp with time zone NOT NULL,
	"lead_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patient_risk_flags_source_check" CHECK ("patient_risk_flags"."source" in ('public_screening', 'lead_urgent', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "prior_authorization_letter_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prior_authorization_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"letter" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"reason" text NOT NULL,
	"amended_by" uuid NOT NULL,
	"amended_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_recovery_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prior_authorizations" ADD COLUMN "letter_content_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "patient_risk_flags" ADD CONSTRAINT "patient_risk_flags_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_risk_flags" ADD CONSTRAINT "patient_risk_flags_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_authorization_letter_amendments" ADD CONSTRAINT "prior_authorization_letter_amendments_prior_authorization_id_prior_authorizations_id_fk" FOREIGN KEY ("prior_authorization_id") REFERENCES "public"."prior_authorizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_authorization_letter_amendments" ADD CONSTRAINT "prior_authorization_letter_amendments_amended_by_users_id_fk" FOREIGN KEY ("amended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_recovery_codes" ADD CONSTRAINT "user_recovery_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patient_risk_flags_patient_idx" ON "patient_risk_flags" USING btree ("patient_id","noted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "prior_authorization_letter_amendments_sequence_key" ON "prior_authorization_letter_amendments" USING btree ("prior_authorization_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "user_recovery_codes_user_hash_key" ON "user_recovery_codes" USING btree ("user_id","code_hash");--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_status_check" CHECK ("appointments"."status" in ('booked', 'checked_in', 'in_treatment', 'completed', 'cancelled', 'no_show'));--> statement-breakpoint
ALTER TABLE "intake_assessments" ADD CONSTRAINT "intake_assessments_status_check" CHECK ("intake_assessments"."status" in ('draft', 'signed'));--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_status_check" CHECK ("leads"."status" in ('new', 'claimed', 'closed', 'converted'));--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_source_check" CHECK ("leads"."source" in ('callback', 'screening', 'phone'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_delivery_status_check" CHECK ("notifications"."delivery_status" in ('pending', 'sent', 'failed'));--> statement-breakpoint
ALTER TABLE "patient_coverages" ADD CONSTRAINT "patient_coverages_priority_check" CHECK ("patient_coverages"."priority" in ('primary', 'secondary'));--> statement-breakpoint
ALTER TABLE "patient_weights" ADD CONSTRAINT "patient_weights_plausible_check" CHECK ("patient_weights"."weight_grams" between 20000 and 350000) NOT VALID;--> statement-breakpoint
ALTER TABLE "patient_weights" ADD CONSTRAINT "patient_weights_source_check" CHECK ("patient_weights"."source" in ('measured', 'reported'));--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_veteran_status_check" CHECK ("patients"."veteran_status" in ('veteran', 'not_veteran', 'unknown'));--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_sex_at_birth_check" CHECK ("patients"."sex_assigned_at_birth" in ('female', 'male', 'intersex', 'unknown'));--> statement-breakpoint
ALTER TABLE "payers" ADD CONSTRAINT "payers_kind_check" CHECK ("payers"."kind" in ('commercial', 'medicare', 'medicaid', 'va_community_care', 'self_pay'));--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_kind_check" CHECK ("price_list_items"."kind" in ('session', 'package', 'maintenance'));--> statement-breakpoint
ALTER TABLE "prior_authorizations" ADD CONSTRAINT "prior_authorizations_status_check" CHECK ("prior_authorizations"."status" in ('draft', 'submitted', 'more_info_requested', 'approved', 'denied'));--> statement-breakpoint
ALTER TABLE "treatment_resources" ADD CONSTRAINT "treatment_resources_kind_check" CHECK ("treatment_resources"."kind" in ('infusion_chair', 'tms_device', 'esketamine_room'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin', 'provider', 'nurse', 'coordinator', 'biller', 'manager'));--> statement-breakpoint
-- One signed-document mechanism (platform/documents/signed-documents.ts): once the signed-at column (the trigger's
-- first argument) is set, none of the listed columns may change and the row may not be deleted, whoever asks.
CREATE FUNCTION stepwise_signed_is_locked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o jsonb := to_jsonb(OLD);
  n jsonb;
  i int;
BEGIN
  IF (o ->> TG_ARGV[0]) IS NULL THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'a signed % is never deleted', TG_TABLE_NAME USING ERRCODE = 'P0001';
  END IF;
  n := to_jsonb(NEW);
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    IF (o -> TG_ARGV[i]) IS DISTINCT FROM (n -> TG_ARGV[i]) THEN
      RAISE EXCEPTION 'a signed % is locked (%); record an amendment instead', TG_TABLE_NAME, TG_ARGV[i] USING ERRCODE = 'P0001';
    END IF;
  END LOOP;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE FUNCTION stepwise_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$;
--> statement-breakpoint
-- Intake assessments move onto the shared mechanism (the same columns the old trigger locked).
DROP TRIGGER intake_assessments_locked ON intake_assessments;
--> statement-breakpoint
CREATE TRIGGER intake_assessments_locked BEFORE UPDATE OR DELETE ON intake_assessments FOR EACH ROW
  EXECUTE FUNCTION stepwise_signed_is_locked('signed_at', 'content', 'status', 'signed_by', 'signed_content_hash');
--> statement-breakpoint
DROP FUNCTION intake_signed_is_locked();
--> statement-breakpoint
DROP TRIGGER intake_amendments_no_change ON intake_amendments;
--> statement-breakpoint
CREATE TRIGGER intake_amendments_no_change BEFORE UPDATE OR DELETE ON intake_amendments FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
--> statement-breakpoint
DROP FUNCTION intake_amendments_append_only();
--> statement-breakpoint
-- Letters of medical necessity: the same lock and append-only amendments.
CREATE TRIGGER prior_authorizations_letter_locked BEFORE UPDATE OR DELETE ON prior_authorizations FOR EACH ROW
  EXECUTE FUNCTION stepwise_signed_is_locked('letter_signed_at', 'letter', 'letter_signed_by', 'letter_content_hash');
--> statement-breakpoint
CREATE TRIGGER prior_authorization_letter_amendments_no_change BEFORE UPDATE OR DELETE ON prior_authorization_letter_amendments FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
