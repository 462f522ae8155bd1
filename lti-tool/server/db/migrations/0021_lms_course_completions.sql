CREATE TABLE "lms_course_completions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"course_ref" text NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"external_id" text NOT NULL,
	"provenance" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lms_course_completions_import_key" UNIQUE("tenant_id","source_kind","source_id","external_id"),
	CONSTRAINT "lms_course_completions_source_kind_check" CHECK ("lms_course_completions"."source_kind" in ('file', 'xapi', 'api', 'lti', 'manual')),
	CONSTRAINT "lms_course_completions_course_ref_check" CHECK (char_length("lms_course_completions"."course_ref") between 1 and 500)
);
--> statement-breakpoint
ALTER TABLE "lms_course_completions" ADD CONSTRAINT "lms_course_completions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lms_course_completions" ADD CONSTRAINT "lms_course_completions_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lms_course_completions_enrolment_id_idx" ON "lms_course_completions" USING btree ("enrolment_id");