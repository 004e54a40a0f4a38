CREATE TABLE "authorization_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prior_authorization_id" uuid,
	"va_referral_id" uuid,
	"session_date" date NOT NULL,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "benefits_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"coverage_id" uuid NOT NULL,
	"treatment" text,
	"checked_on" date NOT NULL,
	"reference_number" text NOT NULL,
	"representative" text,
	"deductible_cents" integer,
	"deductible_met_cents" integer,
	"out_of_pocket_max_cents" integer,
	"out_of_pocket_met_cents" integer,
	"coinsurance_percent" integer,
	"copay_cents" integer,
	"notes" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_path_recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"engine_version" text NOT NULL,
	"facts" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"coverage" jsonb NOT NULL,
	"policy_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"chosen_option" text,
	"choice_reason" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cost_estimates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"price_item_id" uuid NOT NULL,
	"coverage_id" uuid,
	"policy_id" uuid,
	"good_faith" boolean NOT NULL,
	"body" jsonb NOT NULL,
	"patient_cents" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient_coverages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"payer_id" uuid NOT NULL,
	"plan_id" uuid,
	"priority" text NOT NULL,
	"member_id" text,
	"group_id" text,
	"subscriber_name" text,
	"subscriber_relationship" text DEFAULT 'self' NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payer_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"plan_type" text,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payer_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payer_id" uuid NOT NULL,
	"treatment" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"terms" jsonb NOT NULL,
	"source" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"phone" text,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_list_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"treatment" text NOT NULL,
	"sessions" integer NOT NULL,
	"price_cents" integer NOT NULL,
	"includes" text[] DEFAULT '{}'::text[] NOT NULL,
	"service_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"hsa_fsa_eligible" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prior_authorization_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prior_authorization_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prior_authorizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"coverage_id" uuid,
	"policy_id" uuid,
	"treatment" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"letter" jsonb,
	"letter_signed_by" uuid,
	"letter_signed_at" timestamp with time zone,
	"authorization_number" text,
	"approved_sessions" integer,
	"approved_from" date,
	"approved_to" date,
	"denial_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "va_referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"referral_number" text NOT NULL,
	"seoc" text NOT NULL,
	"treatment" text NOT NULL,
	"authorized_visits" integer,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"third_party_administrator" text,
	"steps" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "authorization_sessions" ADD CONSTRAINT "authorization_sessions_prior_authorization_id_prior_authorizations_id_fk" FOREIGN KEY ("prior_authorization_id") REFERENCES "public"."prior_authorizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authorization_sessions" ADD CONSTRAINT "authorization_sessions_va_referral_id_va_referrals_id_fk" FOREIGN KEY ("va_referral_id") REFERENCES "public"."va_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authorization_sessions" ADD CONSTRAINT "authorization_sessions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefits_checks" ADD CONSTRAINT "benefits_checks_coverage_id_patient_coverages_id_fk" FOREIGN KEY ("coverage_id") REFERENCES "public"."patient_coverages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefits_checks" ADD CONSTRAINT "benefits_checks_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_path_recommendations" ADD CONSTRAINT "care_path_recommendations_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_path_recommendations" ADD CONSTRAINT "care_path_recommendations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_estimates" ADD CONSTRAINT "cost_estimates_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_estimates" ADD CONSTRAINT "cost_estimates_price_item_id_price_list_items_id_fk" FOREIGN KEY ("price_item_id") REFERENCES "public"."price_list_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_estimates" ADD CONSTRAINT "cost_estimates_coverage_id_patient_coverages_id_fk" FOREIGN KEY ("coverage_id") REFERENCES "public"."patient_coverages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_estimates" ADD CONSTRAINT "cost_estimates_policy_id_payer_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."payer_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_estimates" ADD CONSTRAINT "cost_estimates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_coverages" ADD CONSTRAINT "patient_coverages_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_coverages" ADD CONSTRAINT "patient_coverages_payer_id_payers_id_fk" FOREIGN KEY ("payer_id") REFERENCES "public"."payers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_coverages" ADD CONSTRAINT "patient_coverages_plan_id_payer_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."payer_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_coverages" ADD CONSTRAINT "patient_coverages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payer_plans" ADD CONSTRAINT "payer_plans_payer_id_payers_id_fk" FOREIGN KEY ("payer_id") REFERENCES "public"."payers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payer_policies" ADD CONSTRAINT "payer_policies_payer_id_payers_id_fk" FOREIGN KEY ("payer_id") REFERENCES "public"."payers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payer_policies" ADD CONSTRAINT "payer_policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payers" ADD CONSTRAINT "payers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_authorization_events" ADD CONSTRAINT "prior_authorization_events_prior_authorization_id_prior_authorizations_id_fk" FOREIGN KEY ("prior_authorization_id") REFERENCES "public"."prior_authorizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_authorization_events" ADD CONSTRAINT "prior_authorization_events_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_authorizations" ADD CONSTRAINT "prior_authorizations_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_authorizations" ADD CONSTRAINT "prior_authorizations_coverage_id_patient_coverages_id_fk" FOREIGN KEY ("coverage_id") REFERENCES "public"."patient_coverages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_authorizations" ADD CONSTRAINT "prior_authorizations_policy_id_payer_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."payer_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_authorizations" ADD CONSTRAINT "prior_authorizations_letter_signed_by_users_id_fk" FOREIGN KEY ("letter_signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_authorizations" ADD CONSTRAINT "prior_authorizations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "va_referrals" ADD CONSTRAINT "va_referrals_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "va_referrals" ADD CONSTRAINT "va_referrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "authorization_sessions_pa_idx" ON "authorization_sessions" USING btree ("prior_authorization_id");--> statement-breakpoint
CREATE INDEX "authorization_sessions_va_idx" ON "authorization_sessions" USING btree ("va_referral_id");--> statement-breakpoint
CREATE INDEX "benefits_checks_coverage_idx" ON "benefits_checks" USING btree ("coverage_id","checked_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "care_path_recommendations_patient_idx" ON "care_path_recommendations" USING btree ("patient_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cost_estimates_patient_idx" ON "cost_estimates" USING btree ("patient_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "patient_coverages_patient_idx" ON "patient_coverages" USING btree ("patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payer_plans_payer_name_key" ON "payer_plans" USING btree ("payer_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "payer_policies_version_key" ON "payer_policies" USING btree ("payer_id","treatment","version");--> statement-breakpoint
CREATE INDEX "payer_policies_lookup_idx" ON "payer_policies" USING btree ("payer_id","treatment","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "payers_org_name_key" ON "payers" USING btree ("organization_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "price_list_items_location_code_key" ON "price_list_items" USING btree ("location_id","code");--> statement-breakpoint
CREATE INDEX "prior_authorization_events_pa_idx" ON "prior_authorization_events" USING btree ("prior_authorization_id","at");--> statement-breakpoint
CREATE INDEX "prior_authorizations_patient_idx" ON "prior_authorizations" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "prior_authorizations_approved_to_idx" ON "prior_authorizations" USING btree ("approved_to") WHERE "prior_authorizations"."status" = 'approved';--> statement-breakpoint
CREATE INDEX "va_referrals_patient_idx" ON "va_referrals" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "va_referrals_valid_to_idx" ON "va_referrals" USING btree ("valid_to");--> statement-breakpoint
-- Published policy versions and recorded recommendations are history: never changed, never deleted.
CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are history and cannot be changed; publish a new version instead', TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$;
--> statement-breakpoint
CREATE TRIGGER payer_policies_immutable BEFORE UPDATE OR DELETE ON payer_policies FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER care_path_recommendations_immutable BEFORE UPDATE OR DELETE ON care_path_recommendations FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER prior_authorization_events_immutable BEFORE UPDATE OR DELETE ON prior_authorization_events FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
