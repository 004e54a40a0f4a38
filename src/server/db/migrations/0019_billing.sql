CREATE TABLE "appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"claim_id" uuid NOT NULL,
	"denial_id" uuid NOT NULL,
	"level" smallint NOT NULL,
	"level_name" text NOT NULL,
	"rules" text NOT NULL,
	"decided_on" date NOT NULL,
	"deadline" date NOT NULL,
	"letter" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"outcome_note" text,
	"decided_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "appeals_status_check" CHECK ("appeals"."status" in ('draft', 'submitted', 'won', 'partially_won', 'lost'))
);
--> statement-breakpoint
CREATE TABLE "billing_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"submitter_name" text NOT NULL,
	"submitter_id" text NOT NULL,
	"interchange_sender_id" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"receiver_name" text NOT NULL,
	"receiver_id" text NOT NULL,
	"interchange_receiver_id" text NOT NULL,
	"usage" text DEFAULT 'T' NOT NULL,
	"ketamine_ndc" text,
	"taxonomy" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"session_id" uuid,
	"date_of_service" date NOT NULL,
	"code" text NOT NULL,
	"modifiers" text[] DEFAULT '{}'::text[] NOT NULL,
	"units" integer NOT NULL,
	"unit_fee_cents" integer NOT NULL,
	"charge_cents" integer NOT NULL,
	"drug" jsonb,
	"diagnoses" text[] DEFAULT '{}'::text[] NOT NULL,
	"pointers" smallint[] DEFAULT '{1}'::smallint[] NOT NULL,
	"place_of_service" text DEFAULT '11' NOT NULL,
	"rendering_provider_id" uuid,
	"coverage_id" uuid,
	"payer_id" uuid,
	"prior_authorization_id" uuid,
	"va_referral_id" uuid,
	"authorization_ordinal" integer,
	"why" text NOT NULL,
	"review" text,
	"status" text DEFAULT 'review' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "charges_status_check" CHECK ("charges"."status" in ('review', 'approved', 'billed', 'void')),
	CONSTRAINT "charges_units_check" CHECK ("charges"."units" > 0),
	CONSTRAINT "charges_amount_check" CHECK ("charges"."charge_cents" = "charges"."units" * "charges"."unit_fee_cents" and "charges"."unit_fee_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "claim_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"control_number" bigint NOT NULL,
	"claim_count" integer NOT NULL,
	"total_cents" bigint NOT NULL,
	"file" text NOT NULL,
	"file_sha256" text NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"submitted_at" timestamp with time zone,
	"submission_reference" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claim_batches_status_check" CHECK ("claim_batches"."status" in ('created', 'submitted'))
);
--> statement-breakpoint
CREATE TABLE "claim_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"claim_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" uuid
);
--> statement-breakpoint
CREATE TABLE "claim_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"claim_id" uuid NOT NULL,
	"line_number" smallint NOT NULL,
	"charge_id" uuid NOT NULL,
	"control_number" text NOT NULL,
	"date_of_service" date NOT NULL,
	"code" text NOT NULL,
	"modifiers" text[] NOT NULL,
	"units" integer NOT NULL,
	"charge_cents" integer NOT NULL,
	"pointers" smallint[] NOT NULL,
	"drug" jsonb,
	"paid_cents" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"payer_id" uuid NOT NULL,
	"coverage_id" uuid NOT NULL,
	"patient_control_number" text NOT NULL,
	"frequency" text DEFAULT '1' NOT NULL,
	"original_claim_id" uuid,
	"payer_claim_number" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"diagnoses" text[] NOT NULL,
	"prior_authorization_number" text,
	"referral_number" text,
	"rendering_provider_id" uuid,
	"place_of_service" text DEFAULT '11' NOT NULL,
	"first_date_of_service" date NOT NULL,
	"total_cents" integer NOT NULL,
	"paid_cents" integer DEFAULT 0 NOT NULL,
	"patient_responsibility_cents" integer DEFAULT 0 NOT NULL,
	"adjusted_cents" integer DEFAULT 0 NOT NULL,
	"batch_id" uuid,
	"submitted_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "claims_status_check" CHECK ("claims"."status" in ('draft', 'ready', 'submitted', 'accepted', 'rejected', 'paid', 'partially_paid', 'denied', 'appealed', 'closed')),
	CONSTRAINT "claims_frequency_check" CHECK ("claims"."frequency" in ('1', '7', '8')),
	CONSTRAINT "claims_original_check" CHECK (("claims"."frequency" = '1') = ("claims"."original_claim_id" is null))
);
--> statement-breakpoint
CREATE TABLE "coded_sessions" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"final_at" timestamp with time zone NOT NULL,
	"charge_count" integer NOT NULL,
	"coded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "denials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"claim_id" uuid NOT NULL,
	"remittance_claim_id" uuid NOT NULL,
	"payer_id" uuid NOT NULL,
	"group_code" text NOT NULL,
	"reason_code" text NOT NULL,
	"remarks" text[] DEFAULT '{}'::text[] NOT NULL,
	"amount_cents" integer NOT NULL,
	"denied_on" date NOT NULL,
	"appealable" boolean NOT NULL,
	"appeal_note" text,
	"deadline" date,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_note" text,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "denials_status_check" CHECK ("denials"."status" in ('open', 'appealed', 'resolved', 'written_off'))
);
--> statement-breakpoint
CREATE TABLE "fee_schedule_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"payer_id" uuid,
	"code" text NOT NULL,
	"description" text NOT NULL,
	"fee_cents" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fee_schedule_items_fee_check" CHECK ("fee_schedule_items"."fee_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"responsibility" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"balance_cents" bigint DEFAULT 0 NOT NULL,
	"patient_balance_cents" bigint DEFAULT 0 NOT NULL,
	"description" text NOT NULL,
	"date_of_service" date,
	"posted_on" date NOT NULL,
	"charge_id" uuid,
	"claim_id" uuid,
	"remittance_claim_id" uuid,
	"payment_id" uuid,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "ledger_entries_kind_check" CHECK ("ledger_entries"."kind" in ('charge', 'insurance_payment', 'adjustment', 'transfer', 'patient_payment', 'refund', 'write_off')),
	CONSTRAINT "ledger_entries_responsibility_check" CHECK ("ledger_entries"."responsibility" in ('insurance', 'patient'))
);
--> statement-breakpoint
CREATE TABLE "patient_balances" (
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"balance_cents" bigint DEFAULT 0 NOT NULL,
	"patient_balance_cents" bigint DEFAULT 0 NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"method" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"reference" text,
	"refund_of" uuid,
	"received_on" date NOT NULL,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patient_payments_kind_check" CHECK ("patient_payments"."kind" in ('payment', 'refund')),
	CONSTRAINT "patient_payments_method_check" CHECK ("patient_payments"."method" in ('cash', 'card', 'check', 'hsa_fsa')),
	CONSTRAINT "patient_payments_amount_check" CHECK ("patient_payments"."amount_cents" > 0),
	CONSTRAINT "patient_payments_refund_check" CHECK (("patient_payments"."kind" = 'refund') = ("patient_payments"."refund_of" is not null))
);
--> statement-breakpoint
CREATE TABLE "payer_billing_settings" (
	"payer_id" uuid PRIMARY KEY NOT NULL,
	"x12_payer_id" text NOT NULL,
	"claim_filing_indicator" text NOT NULL,
	"filing_days" integer,
	"appeal_rules" text NOT NULL,
	"spravato_drug_line" boolean,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payer_billing_settings_appeal_rules_check" CHECK ("payer_billing_settings"."appeal_rules" in ('erisa', 'medicare', 'medicare_advantage', 'medicaid', 'va_ccn')),
	CONSTRAINT "payer_billing_settings_filing_days_check" CHECK ("payer_billing_settings"."filing_days" is null or "payer_billing_settings"."filing_days" between 1 and 3650)
);
--> statement-breakpoint
CREATE TABLE "remittance_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"remittance_id" uuid NOT NULL,
	"claim_id" uuid NOT NULL,
	"status" text NOT NULL,
	"charge_cents" integer NOT NULL,
	"paid_cents" integer NOT NULL,
	"patient_responsibility_cents" integer NOT NULL,
	"payer_claim_number" text,
	"adjustments" jsonb NOT NULL,
	"remarks" text[] DEFAULT '{}'::text[] NOT NULL,
	"payment_date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remittances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"file_sha256" text NOT NULL,
	"payer_name" text,
	"trace_number" text,
	"payment_cents" bigint NOT NULL,
	"payment_date" date,
	"method" text,
	"status" text NOT NULL,
	"problems" text[] DEFAULT '{}'::text[] NOT NULL,
	"claim_count" integer NOT NULL,
	"body" jsonb NOT NULL,
	"imported_by" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"posted_at" timestamp with time zone,
	CONSTRAINT "remittances_status_check" CHECK ("remittances"."status" in ('posted', 'held'))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "npi" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "credentials" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "taxonomy" text;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_denial_id_denials_id_fk" FOREIGN KEY ("denial_id") REFERENCES "public"."denials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_settings" ADD CONSTRAINT "billing_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_settings" ADD CONSTRAINT "billing_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_rendering_provider_id_users_id_fk" FOREIGN KEY ("rendering_provider_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_coverage_id_patient_coverages_id_fk" FOREIGN KEY ("coverage_id") REFERENCES "public"."patient_coverages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_payer_id_payers_id_fk" FOREIGN KEY ("payer_id") REFERENCES "public"."payers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_batches" ADD CONSTRAINT "claim_batches_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_batches" ADD CONSTRAINT "claim_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_events" ADD CONSTRAINT "claim_events_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_events" ADD CONSTRAINT "claim_events_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_charge_id_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_payer_id_payers_id_fk" FOREIGN KEY ("payer_id") REFERENCES "public"."payers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_coverage_id_patient_coverages_id_fk" FOREIGN KEY ("coverage_id") REFERENCES "public"."patient_coverages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_original_claim_id_claims_id_fk" FOREIGN KEY ("original_claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_rendering_provider_id_users_id_fk" FOREIGN KEY ("rendering_provider_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_batch_id_claim_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."claim_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coded_sessions" ADD CONSTRAINT "coded_sessions_session_id_treatment_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."treatment_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coded_sessions" ADD CONSTRAINT "coded_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "denials" ADD CONSTRAINT "denials_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "denials" ADD CONSTRAINT "denials_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "denials" ADD CONSTRAINT "denials_remittance_claim_id_remittance_claims_id_fk" FOREIGN KEY ("remittance_claim_id") REFERENCES "public"."remittance_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "denials" ADD CONSTRAINT "denials_payer_id_payers_id_fk" FOREIGN KEY ("payer_id") REFERENCES "public"."payers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "denials" ADD CONSTRAINT "denials_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_schedule_items" ADD CONSTRAINT "fee_schedule_items_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_schedule_items" ADD CONSTRAINT "fee_schedule_items_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_schedule_items" ADD CONSTRAINT "fee_schedule_items_payer_id_payers_id_fk" FOREIGN KEY ("payer_id") REFERENCES "public"."payers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_schedule_items" ADD CONSTRAINT "fee_schedule_items_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_charge_id_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_remittance_claim_id_remittance_claims_id_fk" FOREIGN KEY ("remittance_claim_id") REFERENCES "public"."remittance_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_payment_id_patient_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."patient_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_balances" ADD CONSTRAINT "patient_balances_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_balances" ADD CONSTRAINT "patient_balances_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_payments" ADD CONSTRAINT "patient_payments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_payments" ADD CONSTRAINT "patient_payments_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_payments" ADD CONSTRAINT "patient_payments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_payments" ADD CONSTRAINT "patient_payments_refund_of_patient_payments_id_fk" FOREIGN KEY ("refund_of") REFERENCES "public"."patient_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_payments" ADD CONSTRAINT "patient_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payer_billing_settings" ADD CONSTRAINT "payer_billing_settings_payer_id_payers_id_fk" FOREIGN KEY ("payer_id") REFERENCES "public"."payers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittance_claims" ADD CONSTRAINT "remittance_claims_remittance_id_remittances_id_fk" FOREIGN KEY ("remittance_id") REFERENCES "public"."remittances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittance_claims" ADD CONSTRAINT "remittance_claims_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_denial_level_key" ON "appeals" USING btree ("denial_id","level");--> statement-breakpoint
CREATE INDEX "appeals_open_idx" ON "appeals" USING btree ("organization_id","deadline") WHERE "appeals"."status" in ('draft', 'submitted');--> statement-breakpoint
CREATE UNIQUE INDEX "charges_session_code_key" ON "charges" USING btree ("session_id","code") WHERE "charges"."session_id" is not null and "charges"."status" <> 'void';--> statement-breakpoint
CREATE INDEX "charges_worklist_idx" ON "charges" USING btree ("organization_id","status","date_of_service");--> statement-breakpoint
CREATE INDEX "charges_patient_idx" ON "charges" USING btree ("patient_id","date_of_service");--> statement-breakpoint
CREATE UNIQUE INDEX "claim_batches_control_key" ON "claim_batches" USING btree ("organization_id","control_number");--> statement-breakpoint
CREATE INDEX "claim_batches_org_idx" ON "claim_batches" USING btree ("organization_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "claim_events_claim_idx" ON "claim_events" USING btree ("claim_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "claim_lines_claim_line_key" ON "claim_lines" USING btree ("claim_id","line_number");--> statement-breakpoint
CREATE INDEX "claim_lines_charge_idx" ON "claim_lines" USING btree ("charge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_pcn_key" ON "claims" USING btree ("organization_id","patient_control_number");--> statement-breakpoint
CREATE INDEX "claims_status_idx" ON "claims" USING btree ("organization_id","status","first_date_of_service");--> statement-breakpoint
CREATE INDEX "claims_patient_idx" ON "claims" USING btree ("patient_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "claims_batch_idx" ON "claims" USING btree ("batch_id") WHERE "claims"."batch_id" is not null;--> statement-breakpoint
CREATE INDEX "claims_original_idx" ON "claims" USING btree ("original_claim_id") WHERE "claims"."original_claim_id" is not null;--> statement-breakpoint
CREATE INDEX "coded_sessions_org_final_idx" ON "coded_sessions" USING btree ("organization_id","final_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "denials_worklist_idx" ON "denials" USING btree ("organization_id","status","deadline");--> statement-breakpoint
CREATE INDEX "denials_claim_idx" ON "denials" USING btree ("claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "denials_remit_reason_key" ON "denials" USING btree ("remittance_claim_id","group_code","reason_code");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_schedule_items_standard_key" ON "fee_schedule_items" USING btree ("location_id","code") WHERE "fee_schedule_items"."payer_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "fee_schedule_items_payer_key" ON "fee_schedule_items" USING btree ("location_id","payer_id","code") WHERE "fee_schedule_items"."payer_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_patient_seq_key" ON "ledger_entries" USING btree ("patient_id","seq");--> statement-breakpoint
CREATE INDEX "ledger_entries_claim_idx" ON "ledger_entries" USING btree ("claim_id") WHERE "ledger_entries"."claim_id" is not null;--> statement-breakpoint
CREATE INDEX "ledger_entries_org_posted_idx" ON "ledger_entries" USING btree ("organization_id","posted_on");--> statement-breakpoint
CREATE INDEX "patient_payments_patient_idx" ON "patient_payments" USING btree ("patient_id","received_on");--> statement-breakpoint
CREATE INDEX "patient_payments_collections_idx" ON "patient_payments" USING btree ("organization_id","received_on");--> statement-breakpoint
CREATE INDEX "remittance_claims_claim_idx" ON "remittance_claims" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "remittance_claims_remittance_idx" ON "remittance_claims" USING btree ("remittance_id");--> statement-breakpoint
CREATE UNIQUE INDEX "remittances_file_key" ON "remittances" USING btree ("organization_id","file_sha256");--> statement-breakpoint
CREATE INDEX "remittances_org_idx" ON "remittances" USING btree ("organization_id","imported_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "treatment_sessions_final_idx" ON "treatment_sessions" USING btree ("organization_id",coalesce("cosigned_at", "signed_at")) WHERE "treatment_sessions"."signed_at" is not null;--> statement-breakpoint
-- Control numbers for 837P interchanges (ISA13/GS06, 9 digits) and claim numbers (CLM01, echoed by the 835).
CREATE SEQUENCE claim_batch_control_seq MINVALUE 1 MAXVALUE 999999999 CYCLE;
--> statement-breakpoint
CREATE SEQUENCE claim_number_seq MINVALUE 1;
--> statement-breakpoint
-- The patient's ledger keeps its own balance: each entry takes the next sequence number and the balances after it,
-- from the patient's row in patient_balances (locked), which it moves by exactly its amount. Entries never change.
CREATE FUNCTION stepwise_ledger_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE b patient_balances%ROWTYPE;
BEGIN
  INSERT INTO patient_balances (patient_id, organization_id) VALUES (NEW.patient_id, NEW.organization_id) ON CONFLICT (patient_id) DO NOTHING;
  SELECT * INTO b FROM patient_balances WHERE patient_id = NEW.patient_id FOR UPDATE;
  NEW.seq := b.last_seq + 1;
  NEW.balance_cents := b.balance_cents + NEW.amount_cents;
  NEW.patient_balance_cents := b.patient_balance_cents + CASE WHEN NEW.responsibility = 'patient' THEN NEW.amount_cents ELSE 0 END;
  UPDATE patient_balances SET balance_cents = NEW.balance_cents, patient_balance_cents = NEW.patient_balance_cents, last_seq = NEW.seq, updated_at = now()
    WHERE patient_id = NEW.patient_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_balance BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION stepwise_ledger_balance();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
--> statement-breakpoint
-- Only the ledger's trigger moves a balance: a direct update, delete or a non-zero insert is refused.
CREATE FUNCTION stepwise_balance_from_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 AND (TG_OP <> 'INSERT' OR NEW.balance_cents <> 0 OR NEW.patient_balance_cents <> 0 OR NEW.last_seq <> 0) THEN
    RAISE EXCEPTION 'a balance moves only by a ledger entry' USING ERRCODE = 'SW409', CONSTRAINT = 'balance_from_ledger';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER patient_balances_from_ledger BEFORE INSERT OR UPDATE OR DELETE ON patient_balances FOR EACH ROW EXECUTE FUNCTION stepwise_balance_from_ledger();
--> statement-breakpoint
CREATE TRIGGER patient_payments_no_change BEFORE UPDATE OR DELETE ON patient_payments FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
--> statement-breakpoint
CREATE TRIGGER claim_events_no_change BEFORE UPDATE OR DELETE ON claim_events FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
--> statement-breakpoint
CREATE TRIGGER remittance_claims_no_change BEFORE UPDATE OR DELETE ON remittance_claims FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
--> statement-breakpoint
-- A batch's file is what was sent: it never changes once made.
CREATE FUNCTION stepwise_batch_file_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.file IS DISTINCT FROM OLD.file OR NEW.file_sha256 IS DISTINCT FROM OLD.file_sha256 OR NEW.control_number IS DISTINCT FROM OLD.control_number THEN
    RAISE EXCEPTION 'a claim batch''s file never changes' USING ERRCODE = 'SW409', CONSTRAINT = 'batch_file_fixed';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER claim_batches_file_fixed BEFORE UPDATE ON claim_batches FOR EACH ROW EXECUTE FUNCTION stepwise_batch_file_fixed();
