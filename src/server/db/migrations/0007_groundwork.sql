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
ALTER TABLE "patient_risk_flags" ADD CONSTRAINT "patient_risk_flags_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_risk_flags" ADD CONSTRAINT "patient_risk_flags_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patient_risk_flags_patient_idx" ON "patient_risk_flags" USING btree ("patient_id","noted_at");--> statement-breakpoint
ALTER TABLE "patient_weights" ADD CONSTRAINT "patient_weights_plausible_check" CHECK ("patient_weights"."weight_grams" between 20000 and 350000) NOT VALID;