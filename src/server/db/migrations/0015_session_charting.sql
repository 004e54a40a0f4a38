CREATE TABLE "adverse_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"serious" boolean NOT NULL,
	"onset_at" timestamp with time zone NOT NULL,
	"action_taken" text NOT NULL,
	"outcome" text NOT NULL,
	"description" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "adverse_events_severity_check" CHECK ("adverse_events"."severity" in ('mild', 'moderate', 'severe'))
);
--> statement-breakpoint
CREATE TABLE "charting_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"policy" jsonb NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "controlled_substance_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "controlled_substance_entries_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"drug" text NOT NULL,
	"kind" text NOT NULL,
	"vial" text NOT NULL,
	"lot" text NOT NULL,
	"expires_on" date NOT NULL,
	"amount_tenths_mg" integer NOT NULL,
	"session_id" uuid,
	"witness_id" uuid,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "controlled_substance_entries_drug_check" CHECK ("controlled_substance_entries"."drug" in ('ketamine', 'esketamine')),
	CONSTRAINT "controlled_substance_entries_kind_check" CHECK ("controlled_substance_entries"."kind" in ('receive', 'draw', 'administer', 'waste', 'return', 'adjust')),
	CONSTRAINT "controlled_substance_entries_amount_check" CHECK ("controlled_substance_entries"."amount_tenths_mg" <> 0 and ("controlled_substance_entries"."kind" = 'adjust' or "controlled_substance_entries"."amount_tenths_mg" > 0)),
	CONSTRAINT "controlled_substance_entries_witness_check" CHECK ("controlled_substance_entries"."kind" not in ('waste', 'adjust') or ("controlled_substance_entries"."witness_id" is not null and "controlled_substance_entries"."witness_id" <> "controlled_substance_entries"."recorded_by"))
);
--> statement-breakpoint
CREATE TABLE "motor_thresholds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"course_id" uuid,
	"session_id" uuid,
	"value_percent" smallint NOT NULL,
	"method" text NOT NULL,
	"determined_at" timestamp with time zone NOT NULL,
	"determined_by" uuid NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "motor_thresholds_value_check" CHECK ("motor_thresholds"."value_percent" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "rems_monitoring_forms" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"location_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"submitted_at" timestamp with time zone,
	"method" text,
	"confirmation" text,
	"submitted_by" uuid,
	CONSTRAINT "rems_monitoring_forms_method_check" CHECK ("rems_monitoring_forms"."method" is null or "rems_monitoring_forms"."method" in ('online', 'fax'))
);
--> statement-breakpoint
CREATE TABLE "rems_patient_enrollments" (
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"enrollment_id" text NOT NULL,
	"enrolled_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rems_setting_certifications" (
	"location_id" uuid PRIMARY KEY NOT NULL,
	"certification_id" text NOT NULL,
	"certified_on" date NOT NULL,
	"authorized_representative" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"vitals_id" uuid,
	"message" text NOT NULL,
	"detail" jsonb,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text,
	"action_note" text,
	"acted_by" uuid,
	"acted_at" timestamp with time zone,
	CONSTRAINT "session_alerts_kind_check" CHECK ("session_alerts"."kind" in ('threshold', 'suicide_risk', 'adverse_event', 'pre_dose_bp')),
	CONSTRAINT "session_alerts_action_check" CHECK ("session_alerts"."action" is null or "session_alerts"."action" in ('slowed', 'paused', 'stopped', 'provider_called', 'reviewed', 'continued')),
	CONSTRAINT "session_alerts_acted_check" CHECK (("session_alerts"."acted_at" is null) = ("session_alerts"."action" is null))
);
--> statement-breakpoint
CREATE TABLE "session_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"text" text NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_vitals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"systolic" smallint,
	"diastolic" smallint,
	"heart_rate" smallint,
	"spo2" smallint,
	"respiratory_rate" smallint,
	"sedation" smallint,
	"dissociation" smallint,
	"client_id" uuid,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_vitals_some_value_check" CHECK (coalesce("session_vitals"."systolic", "session_vitals"."diastolic", "session_vitals"."heart_rate", "session_vitals"."spo2", "session_vitals"."respiratory_rate", "session_vitals"."sedation", "session_vitals"."dissociation") is not null)
);
--> statement-breakpoint
CREATE TABLE "spravato_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"device_number" smallint NOT NULL,
	"administered_at" timestamp with time zone NOT NULL,
	"lot" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	CONSTRAINT "spravato_devices_number_check" CHECK ("spravato_devices"."device_number" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "treatment_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"course_id" uuid,
	"session_number" integer,
	"modality" text NOT NULL,
	"visit_kind" text NOT NULL,
	"policy_version" integer NOT NULL,
	"opened_by" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"pre_check" jsonb,
	"pre_check_by" uuid,
	"pre_check_at" timestamp with time zone,
	"risk" jsonb,
	"risk_positive" boolean,
	"risk_checked_by" uuid,
	"risk_checked_at" timestamp with time zone,
	"ketamine_order" jsonb,
	"ordered_by" uuid,
	"ordered_at" timestamp with time zone,
	"dose" jsonb,
	"dose_confirmed_by" uuid,
	"dose_confirmed_at" timestamp with time zone,
	"spravato" jsonb,
	"tms" jsonb,
	"therapy" jsonb,
	"treatment_started_at" timestamp with time zone,
	"treatment_ended_at" timestamp with time zone,
	"discharge" jsonb,
	"discharged_at" timestamp with time zone,
	"discharged_by" uuid,
	"note" text,
	"signed_by" uuid,
	"signed_at" timestamp with time zone,
	"signed_content_hash" text,
	"cosign_required" boolean DEFAULT false NOT NULL,
	"cosigned_by" uuid,
	"cosigned_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "treatment_sessions_modality_check" CHECK ("treatment_sessions"."modality" in ('iv_ketamine', 'im_ketamine', 'spravato', 'tms', 'therapy')),
	CONSTRAINT "treatment_sessions_times_check" CHECK ("treatment_sessions"."treatment_ended_at" is null or "treatment_sessions"."treatment_ended_at" >= "treatment_sessions"."treatment_started_at"),
	CONSTRAINT "treatment_sessions_confirmer_check" CHECK ("treatment_sessions"."dose_confirmed_by" is null or "treatment_sessions"."dose_confirmed_by" <> "treatment_sessions"."ordered_by"),
	CONSTRAINT "treatment_sessions_cosigner_check" CHECK ("treatment_sessions"."cosigned_by" is null or ("treatment_sessions"."signed_by" is not null and "treatment_sessions"."cosigned_by" <> "treatment_sessions"."signed_by"))
);
--> statement-breakpoint
ALTER TABLE "adverse_events" ADD CONSTRAINT "adverse_events_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_events" ADD CONSTRAINT "adverse_events_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_events" ADD CONSTRAINT "adverse_events_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charting_policies" ADD CONSTRAINT "charting_policies_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charting_policies" ADD CONSTRAINT "charting_policies_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "controlled_substance_entries" ADD CONSTRAINT "controlled_substance_entries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "controlled_substance_entries" ADD CONSTRAINT "controlled_substance_entries_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "controlled_substance_entries" ADD CONSTRAINT "controlled_substance_entries_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "controlled_substance_entries" ADD CONSTRAINT "controlled_substance_entries_witness_id_users_id_fk" FOREIGN KEY ("witness_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "controlled_substance_entries" ADD CONSTRAINT "controlled_substance_entries_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motor_thresholds" ADD CONSTRAINT "motor_thresholds_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motor_thresholds" ADD CONSTRAINT "motor_thresholds_course_id_treatment_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."treatment_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motor_thresholds" ADD CONSTRAINT "motor_thresholds_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motor_thresholds" ADD CONSTRAINT "motor_thresholds_determined_by_users_id_fk" FOREIGN KEY ("determined_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rems_monitoring_forms" ADD CONSTRAINT "rems_monitoring_forms_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rems_monitoring_forms" ADD CONSTRAINT "rems_monitoring_forms_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rems_monitoring_forms" ADD CONSTRAINT "rems_monitoring_forms_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rems_patient_enrollments" ADD CONSTRAINT "rems_patient_enrollments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rems_patient_enrollments" ADD CONSTRAINT "rems_patient_enrollments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rems_setting_certifications" ADD CONSTRAINT "rems_setting_certifications_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rems_setting_certifications" ADD CONSTRAINT "rems_setting_certifications_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_alerts" ADD CONSTRAINT "session_alerts_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_alerts" ADD CONSTRAINT "session_alerts_vitals_id_session_vitals_id_fk" FOREIGN KEY ("vitals_id") REFERENCES "public"."session_vitals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_alerts" ADD CONSTRAINT "session_alerts_acted_by_users_id_fk" FOREIGN KEY ("acted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_amendments" ADD CONSTRAINT "session_amendments_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_amendments" ADD CONSTRAINT "session_amendments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_vitals" ADD CONSTRAINT "session_vitals_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_vitals" ADD CONSTRAINT "session_vitals_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spravato_devices" ADD CONSTRAINT "spravato_devices_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spravato_devices" ADD CONSTRAINT "spravato_devices_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_course_id_treatment_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."treatment_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_pre_check_by_users_id_fk" FOREIGN KEY ("pre_check_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_risk_checked_by_users_id_fk" FOREIGN KEY ("risk_checked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_ordered_by_users_id_fk" FOREIGN KEY ("ordered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_dose_confirmed_by_users_id_fk" FOREIGN KEY ("dose_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_discharged_by_users_id_fk" FOREIGN KEY ("discharged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_sessions" ADD CONSTRAINT "treatment_sessions_cosigned_by_users_id_fk" FOREIGN KEY ("cosigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adverse_events_session_idx" ON "adverse_events" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "adverse_events_patient_idx" ON "adverse_events" USING btree ("patient_id","onset_at");--> statement-breakpoint
CREATE UNIQUE INDEX "charting_policies_org_version_key" ON "charting_policies" USING btree ("organization_id","version");--> statement-breakpoint
CREATE INDEX "controlled_substance_entries_location_idx" ON "controlled_substance_entries" USING btree ("location_id","drug","recorded_at");--> statement-breakpoint
CREATE INDEX "controlled_substance_entries_session_idx" ON "controlled_substance_entries" USING btree ("session_id") WHERE "controlled_substance_entries"."session_id" is not null;--> statement-breakpoint
CREATE INDEX "motor_thresholds_patient_idx" ON "motor_thresholds" USING btree ("patient_id","determined_at");--> statement-breakpoint
CREATE INDEX "rems_monitoring_forms_due_idx" ON "rems_monitoring_forms" USING btree ("location_id","due_on") WHERE "rems_monitoring_forms"."submitted_at" is null;--> statement-breakpoint
CREATE INDEX "session_alerts_session_idx" ON "session_alerts" USING btree ("session_id","raised_at");--> statement-breakpoint
CREATE INDEX "session_amendments_session_idx" ON "session_amendments" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "session_vitals_session_idx" ON "session_vitals" USING btree ("session_id","taken_at");--> statement-breakpoint
CREATE UNIQUE INDEX "session_vitals_client_key" ON "session_vitals" USING btree ("session_id","client_id") WHERE "session_vitals"."client_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "spravato_devices_session_number_key" ON "spravato_devices" USING btree ("session_id","device_number");--> statement-breakpoint
CREATE UNIQUE INDEX "treatment_sessions_appointment_key" ON "treatment_sessions" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "treatment_sessions_patient_idx" ON "treatment_sessions" USING btree ("patient_id","opened_at");--> statement-breakpoint
CREATE INDEX "treatment_sessions_course_idx" ON "treatment_sessions" USING btree ("course_id","session_number") WHERE "treatment_sessions"."course_id" is not null;--> statement-breakpoint
CREATE INDEX "treatment_sessions_open_idx" ON "treatment_sessions" USING btree ("location_id","opened_at") WHERE "treatment_sessions"."signed_at" is null;--> statement-breakpoint
CREATE INDEX "treatment_sessions_cosign_idx" ON "treatment_sessions" USING btree ("location_id","signed_at") WHERE "treatment_sessions"."cosign_required" and "treatment_sessions"."cosigned_at" is null and "treatment_sessions"."signed_at" is not null;--> statement-breakpoint
-- A signed session is locked, whoever asks (platform/documents/signed-documents.ts): its content never changes and it
-- is never deleted once signed_at is set; the provider's co-signature is set once and then locked too.
CREATE TRIGGER treatment_sessions_locked BEFORE UPDATE OR DELETE ON treatment_sessions FOR EACH ROW
  EXECUTE FUNCTION stepwise_signed_is_locked('signed_at', 'organization_id', 'location_id', 'patient_id', 'appointment_id', 'course_id',
    'session_number', 'modality', 'visit_kind', 'policy_version', 'opened_by', 'opened_at', 'pre_check', 'pre_check_by', 'pre_check_at',
    'risk', 'risk_positive', 'risk_checked_by', 'risk_checked_at', 'ketamine_order', 'ordered_by', 'ordered_at', 'dose',
    'dose_confirmed_by', 'dose_confirmed_at', 'spravato', 'tms', 'therapy', 'treatment_started_at', 'treatment_ended_at', 'discharge',
    'discharged_at', 'discharged_by', 'note', 'signed_by', 'signed_at', 'signed_content_hash', 'cosign_required');
--> statement-breakpoint
CREATE TRIGGER treatment_sessions_cosign_locked BEFORE UPDATE ON treatment_sessions FOR EACH ROW
  EXECUTE FUNCTION stepwise_signed_is_locked('cosigned_at', 'cosigned_by', 'cosigned_at');
--> statement-breakpoint
-- What belongs to a session (readings, devices, alerts, adverse events, motor thresholds taken in it) is locked with
-- it: no insert, change or delete once the session is signed.
CREATE FUNCTION stepwise_session_part_locked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN sid := OLD.session_id; ELSE sid := NEW.session_id; END IF;
  IF sid IS NOT NULL AND EXISTS (SELECT 1 FROM treatment_sessions WHERE id = sid AND signed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'the session is signed and locked (%); record an amendment instead', TG_TABLE_NAME USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.session_id IS DISTINCT FROM NEW.session_id AND OLD.session_id IS NOT NULL
     AND EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'the session is signed and locked (%)', TG_TABLE_NAME USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER session_vitals_locked BEFORE INSERT OR UPDATE OR DELETE ON session_vitals FOR EACH ROW EXECUTE FUNCTION stepwise_session_part_locked();
--> statement-breakpoint
CREATE TRIGGER session_alerts_locked BEFORE INSERT OR UPDATE OR DELETE ON session_alerts FOR EACH ROW EXECUTE FUNCTION stepwise_session_part_locked();
--> statement-breakpoint
CREATE TRIGGER spravato_devices_locked BEFORE INSERT OR UPDATE OR DELETE ON spravato_devices FOR EACH ROW EXECUTE FUNCTION stepwise_session_part_locked();
--> statement-breakpoint
CREATE TRIGGER adverse_events_locked BEFORE INSERT OR UPDATE OR DELETE ON adverse_events FOR EACH ROW EXECUTE FUNCTION stepwise_session_part_locked();
--> statement-breakpoint
CREATE TRIGGER motor_thresholds_locked BEFORE INSERT OR UPDATE OR DELETE ON motor_thresholds FOR EACH ROW EXECUTE FUNCTION stepwise_session_part_locked();
--> statement-breakpoint
CREATE TRIGGER session_amendments_no_change BEFORE UPDATE OR DELETE ON session_amendments FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
--> statement-breakpoint
CREATE TRIGGER controlled_substance_entries_no_change BEFORE UPDATE OR DELETE ON controlled_substance_entries FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
--> statement-breakpoint
CREATE TRIGGER charting_policies_no_change BEFORE UPDATE OR DELETE ON charting_policies FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
--> statement-breakpoint
-- Discharge is the chart's to decide, whoever asks: a visit with an open session is not ready for discharge or
-- completed until the session records a discharge (Spravato's REMS minimum and the clinic's criteria are checked there).
CREATE FUNCTION stepwise_discharge_from_chart() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('ready_for_discharge', 'completed') AND OLD.status IS DISTINCT FROM NEW.status
     AND EXISTS (SELECT 1 FROM treatment_sessions WHERE appointment_id = NEW.id AND discharged_at IS NULL) THEN
    RAISE EXCEPTION 'discharge this visit from its chart' USING ERRCODE = 'SW409', CONSTRAINT = 'discharge_from_chart';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER appointments_discharge_from_chart BEFORE UPDATE OF status ON appointments FOR EACH ROW EXECUTE FUNCTION stepwise_discharge_from_chart();
--> statement-breakpoint
-- Boards refresh when a session's alerts change (a threshold crossed, a positive risk screen, an action noted).
CREATE FUNCTION stepwise_session_alerts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('appointments_changed', (SELECT location_id::text FROM treatment_sessions WHERE id = NEW.session_id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER session_alerts_changed AFTER INSERT OR UPDATE ON session_alerts FOR EACH ROW EXECUTE FUNCTION stepwise_session_alerts_changed();
