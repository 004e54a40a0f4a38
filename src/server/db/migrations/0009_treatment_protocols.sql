CREATE TABLE "treatment_protocols" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"treatment" text NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"source" text NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "treatment_protocols_treatment_check" CHECK ("treatment_protocols"."treatment" in ('tms', 'esketamine', 'iv_ketamine', 'im_ketamine', 'kap')),
	CONSTRAINT "treatment_protocols_version_check" CHECK ("treatment_protocols"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "treatment_protocols" ADD CONSTRAINT "treatment_protocols_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_protocols" ADD CONSTRAINT "treatment_protocols_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "treatment_protocols_org_code_version_key" ON "treatment_protocols" USING btree ("organization_id","code","version");--> statement-breakpoint
-- A published protocol version is never edited: the next version is a new row (custom SQL).
CREATE TRIGGER treatment_protocols_no_change BEFORE UPDATE OR DELETE ON treatment_protocols FOR EACH ROW EXECUTE FUNCTION stepwise_append_only();
