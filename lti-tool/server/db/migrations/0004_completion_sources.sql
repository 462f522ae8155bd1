CREATE TABLE "completion_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"format" text NOT NULL,
	"rows_total" integer NOT NULL,
	"completions_created" integer NOT NULL,
	"report" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_by_person_id" uuid,
	"recorded_by_system" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "completion_imports_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "completion_imports_recorder_check" CHECK (num_nonnulls("completion_imports"."recorded_by_person_id", "completion_imports"."recorded_by_system") = 1)
);
--> statement-breakpoint
CREATE TABLE "completion_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"programme_instance_id" uuid,
	"platform_id" uuid,
	"credential_id" text,
	"credential_hash" text,
	"column_mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "completion_sources_tenant_id_name_key" UNIQUE("tenant_id","name"),
	CONSTRAINT "completion_sources_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "completion_sources_credential_id_key" UNIQUE("credential_id"),
	CONSTRAINT "completion_sources_kind_check" CHECK ("completion_sources"."kind" in ('file', 'xapi', 'api', 'lti')),
	CONSTRAINT "completion_sources_status_check" CHECK ("completion_sources"."status" in ('active', 'disabled')),
	CONSTRAINT "completion_sources_name_check" CHECK (char_length("completion_sources"."name") between 1 and 100),
	CONSTRAINT "completion_sources_credential_check" CHECK (("completion_sources"."credential_id" is null) = ("completion_sources"."credential_hash" is null)),
	CONSTRAINT "completion_sources_mapping_object" CHECK (jsonb_typeof("completion_sources"."column_mapping") = 'object'),
	CONSTRAINT "completion_sources_settings_object" CHECK (jsonb_typeof("completion_sources"."settings") = 'object')
);
--> statement-breakpoint
CREATE TABLE "course_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"course_ref" text NOT NULL,
	"title" text NOT NULL,
	"ability_code" text NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_mappings_tenant_id_course_ref_key" UNIQUE("tenant_id","course_ref"),
	CONSTRAINT "course_mappings_ability_code_check" CHECK ("course_mappings"."ability_code" ~ '^[A-Z][A-Z0-9.-]{0,15}$'),
	CONSTRAINT "course_mappings_course_ref_check" CHECK (char_length("course_mappings"."course_ref") between 1 and 500),
	CONSTRAINT "course_mappings_hours_check" CHECK ("course_mappings"."hours" > 0 and "course_mappings"."hours" <= 100)
);
--> statement-breakpoint
CREATE TABLE "xapi_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"verb" text NOT NULL,
	"object_id" text NOT NULL,
	"voided_statement_id" uuid,
	"outcome" text NOT NULL,
	"statement" jsonb NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "xapi_statements_tenant_id_statement_id_key" UNIQUE("tenant_id","statement_id")
);
--> statement-breakpoint
ALTER TABLE "completion_imports" ADD CONSTRAINT "completion_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_imports" ADD CONSTRAINT "completion_imports_source_fk" FOREIGN KEY ("tenant_id","source_id") REFERENCES "public"."completion_sources"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_imports" ADD CONSTRAINT "completion_imports_recorded_by_fk" FOREIGN KEY ("tenant_id","recorded_by_person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_sources" ADD CONSTRAINT "completion_sources_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_sources" ADD CONSTRAINT "completion_sources_programme_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_sources" ADD CONSTRAINT "completion_sources_platform_fk" FOREIGN KEY ("tenant_id","platform_id") REFERENCES "public"."platforms"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_mappings" ADD CONSTRAINT "course_mappings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD CONSTRAINT "xapi_statements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD CONSTRAINT "xapi_statements_source_fk" FOREIGN KEY ("tenant_id","source_id") REFERENCES "public"."completion_sources"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "completion_imports_source_id_idx" ON "completion_imports" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "xapi_statements_voided_statement_id_idx" ON "xapi_statements" USING btree ("voided_statement_id");