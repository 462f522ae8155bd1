CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_slug_key" UNIQUE("slug"),
	CONSTRAINT "tenants_slug_format" CHECK ("tenants"."slug" ~ '^[a-z0-9][a-z0-9-]{1,62}$')
);
--> statement-breakpoint
CREATE TABLE "lti_deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"deployment_id" text NOT NULL,
	"name" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lti_deployments_platform_id_deployment_id_key" UNIQUE("platform_id","deployment_id"),
	CONSTRAINT "lti_deployments_deployment_id_check" CHECK ("lti_deployments"."deployment_id" ~ '^[\x20-\x7E]+$' and octet_length("lti_deployments"."deployment_id") <= 255),
	CONSTRAINT "lti_deployments_status_check" CHECK ("lti_deployments"."status" in ('active', 'disabled'))
);
--> statement-breakpoint
CREATE TABLE "platforms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"auth_login_url" text NOT NULL,
	"access_token_url" text NOT NULL,
	"jwks_url" text,
	"public_jwk" jsonb,
	"authorization_server" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platforms_issuer_client_id_key" UNIQUE("issuer","client_id"),
	CONSTRAINT "platforms_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "platforms_status_check" CHECK ("platforms"."status" in ('active', 'disabled', 'pending')),
	CONSTRAINT "platforms_key_source_check" CHECK ("platforms"."jwks_url" is not null or "platforms"."public_jwk" is not null)
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"teaching_environment" text,
	"ability_shortlist" text[],
	"research_theme" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "organisations_tenant_id_kind_code_key" UNIQUE("tenant_id","kind","code"),
	CONSTRAINT "organisations_kind_check" CHECK ("organisations"."kind" in ('province', 'city', 'county', 'school', 'group')),
	CONSTRAINT "organisations_teaching_environment_check" CHECK ("organisations"."teaching_environment" in ('multimedia', 'blended', 'smart')),
	CONSTRAINT "organisations_not_own_parent" CHECK ("organisations"."parent_id" <> "organisations"."id"),
	CONSTRAINT "organisations_group_has_parent" CHECK ("organisations"."kind" <> 'group' or "organisations"."parent_id" is not null),
	CONSTRAINT "organisations_school_fields_check" CHECK ("organisations"."kind" = 'school' or ("organisations"."teaching_environment" is null and "organisations"."ability_shortlist" is null and "organisations"."research_theme" is null))
);
--> statement-breakpoint
CREATE TABLE "lti_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_launch_at" timestamp with time zone,
	CONSTRAINT "lti_identities_platform_id_subject_key" UNIQUE("platform_id","subject"),
	CONSTRAINT "lti_identities_subject_length" CHECK (octet_length("lti_identities"."subject") between 1 and 255)
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_tenant_id_id_key" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "role_assignments_role_check" CHECK ("role_assignments"."role" in ('teacher', 'school_team', 'assessor', 'county_admin', 'institution_admin')),
	CONSTRAINT "role_assignments_revoked_after_granted" CHECK ("role_assignments"."revoked_at" is null or "role_assignments"."revoked_at" >= "role_assignments"."granted_at")
);
--> statement-breakpoint
CREATE TABLE "ability_selections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"ability_code" text NOT NULL,
	"selected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "ability_selections_ability_code_check" CHECK ("ability_selections"."ability_code" ~ '^[A-Z][A-Z0-9.-]{0,15}$'),
	CONSTRAINT "ability_selections_withdrawn_after_selected" CHECK ("ability_selections"."withdrawn_at" is null or "ability_selections"."withdrawn_at" >= "ability_selections"."selected_at")
);
--> statement-breakpoint
CREATE TABLE "enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"group_id" uuid,
	"subject" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrolments_programme_instance_id_person_id_key" UNIQUE("programme_instance_id","person_id"),
	CONSTRAINT "enrolments_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "enrolments_status_check" CHECK ("enrolments"."status" in ('active', 'completed', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "programme_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"definition_id" text NOT NULL,
	"definition_version" text NOT NULL,
	"region_organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"batch_label" text,
	"parameter_overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_instances_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "programme_instances_years_check" CHECK ("programme_instances"."start_year" between 2000 and 2100 and "programme_instances"."end_year" between "programme_instances"."start_year" and 2100),
	CONSTRAINT "programme_instances_overrides_object" CHECK (jsonb_typeof("programme_instances"."parameter_overrides") = 'object')
);
--> statement-breakpoint
CREATE TABLE "course_completions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"course_ref" text NOT NULL,
	"course_title" text NOT NULL,
	"ability_code" text,
	"hours" numeric(6, 2) NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"external_id" text NOT NULL,
	"provenance" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_completions_import_key" UNIQUE("tenant_id","source_kind","source_id","external_id"),
	CONSTRAINT "course_completions_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "course_completions_source_kind_check" CHECK ("course_completions"."source_kind" in ('file', 'xapi', 'api', 'lti', 'manual')),
	CONSTRAINT "course_completions_ability_code_check" CHECK ("course_completions"."ability_code" ~ '^[A-Z][A-Z0-9.-]{0,15}$'),
	CONSTRAINT "course_completions_hours_check" CHECK ("course_completions"."hours" > 0 and "course_completions"."hours" <= 100)
);
--> statement-breakpoint
CREATE TABLE "hours_ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"category" text NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"school_year" integer NOT NULL,
	"source_kind" text NOT NULL,
	"course_completion_id" uuid,
	"submission_id" uuid,
	"recorded_by_person_id" uuid,
	"recorded_by_system" text,
	"reason" text,
	"corrects_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hours_ledger_entries_enrolment_id_id_key" UNIQUE("enrolment_id","id"),
	CONSTRAINT "hours_ledger_entries_category_check" CHECK ("hours_ledger_entries"."category" in ('online', 'practice')),
	CONSTRAINT "hours_ledger_entries_source_kind_check" CHECK ("hours_ledger_entries"."source_kind" in ('course_completion', 'submission', 'manual')),
	CONSTRAINT "hours_ledger_entries_hours_check" CHECK ("hours_ledger_entries"."hours" <> 0 and abs("hours_ledger_entries"."hours") <= 100),
	CONSTRAINT "hours_ledger_entries_school_year_check" CHECK ("hours_ledger_entries"."school_year" between 2000 and 2100),
	CONSTRAINT "hours_ledger_entries_source_ref_check" CHECK (case "hours_ledger_entries"."source_kind"
        when 'course_completion' then "hours_ledger_entries"."course_completion_id" is not null and "hours_ledger_entries"."submission_id" is null
        when 'submission' then "hours_ledger_entries"."submission_id" is not null and "hours_ledger_entries"."course_completion_id" is null
        else "hours_ledger_entries"."course_completion_id" is null and "hours_ledger_entries"."submission_id" is null
      end),
	CONSTRAINT "hours_ledger_entries_recorder_check" CHECK (num_nonnulls("hours_ledger_entries"."recorded_by_person_id", "hours_ledger_entries"."recorded_by_system") = 1),
	CONSTRAINT "hours_ledger_entries_reason_check" CHECK ("hours_ledger_entries"."reason" is not null or ("hours_ledger_entries"."source_kind" <> 'manual' and "hours_ledger_entries"."corrects_entry_id" is null)),
	CONSTRAINT "hours_ledger_entries_not_self_correcting" CHECK ("hours_ledger_entries"."corrects_entry_id" <> "hours_ledger_entries"."id")
);
--> statement-breakpoint
CREATE TABLE "school_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"ability_code" text,
	"practice_hours" numeric(6, 2) DEFAULT '0' NOT NULL,
	"due_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_tasks_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "school_tasks_ability_code_check" CHECK ("school_tasks"."ability_code" ~ '^[A-Z][A-Z0-9.-]{0,15}$'),
	CONSTRAINT "school_tasks_practice_hours_check" CHECK ("school_tasks"."practice_hours" >= 0 and "school_tasks"."practice_hours" <= 100)
);
--> statement-breakpoint
CREATE TABLE "evidence_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"slot_id" text NOT NULL,
	"kind" text NOT NULL,
	"text" text,
	"url" text,
	"file_sha256" text,
	"file_size_bytes" bigint,
	"file_mime" text,
	"file_original_name" text,
	"storage_key" text,
	"video_duration_seconds" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_items_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "evidence_items_kind_check" CHECK ("evidence_items"."kind" in ('document', 'slides', 'video', 'image', 'link', 'text')),
	CONSTRAINT "evidence_items_payload_check" CHECK (case "evidence_items"."kind"
        when 'text' then "evidence_items"."text" is not null and "evidence_items"."storage_key" is null
        when 'link' then "evidence_items"."url" is not null and "evidence_items"."storage_key" is null
        else "evidence_items"."storage_key" is not null and "evidence_items"."file_sha256" is not null
          and "evidence_items"."file_size_bytes" is not null and "evidence_items"."file_mime" is not null
      end),
	CONSTRAINT "evidence_items_sha256_check" CHECK ("evidence_items"."file_sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "evidence_items_size_check" CHECK ("evidence_items"."file_size_bytes" >= 0),
	CONSTRAINT "evidence_items_video_duration_check" CHECK ("evidence_items"."video_duration_seconds" is null or ("evidence_items"."kind" = 'video' and "evidence_items"."video_duration_seconds" >= 0))
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"ability_code" text NOT NULL,
	"task_id" uuid,
	"state" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"school_graded_at" timestamp with time zone,
	"county_reviewed_at" timestamp with time zone,
	CONSTRAINT "submissions_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "submissions_state_check" CHECK ("submissions"."state" in ('draft', 'submitted', 'returned', 'school_graded', 'county_confirmed', 'county_overridden')),
	CONSTRAINT "submissions_ability_code_check" CHECK ("submissions"."ability_code" ~ '^[A-Z][A-Z0-9.-]{0,15}$'),
	CONSTRAINT "submissions_version_check" CHECK ("submissions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "ability_grades" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"ability_code" text NOT NULL,
	"level" text NOT NULL,
	"grade" text NOT NULL,
	"basis" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ability_grades_enrolment_id_ability_code_level_key" UNIQUE("enrolment_id","ability_code","level"),
	CONSTRAINT "ability_grades_level_check" CHECK ("ability_grades"."level" in ('school', 'county')),
	CONSTRAINT "ability_grades_grade_check" CHECK ("ability_grades"."grade" in ('excellent', 'pass', 'fail')),
	CONSTRAINT "ability_grades_ability_code_check" CHECK ("ability_grades"."ability_code" ~ '^[A-Z][A-Z0-9.-]{0,15}$')
);
--> statement-breakpoint
CREATE TABLE "item_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"evidence_item_id" uuid NOT NULL,
	"assessor_person_id" uuid NOT NULL,
	"level" text NOT NULL,
	"grade" text NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "item_assessments_level_check" CHECK ("item_assessments"."level" in ('school', 'county')),
	CONSTRAINT "item_assessments_grade_check" CHECK ("item_assessments"."grade" in ('excellent', 'pass', 'fail'))
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"serial_number" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"grade" text NOT NULL,
	"issued_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificates_enrolment_id_key" UNIQUE("enrolment_id"),
	CONSTRAINT "certificates_tenant_id_serial_number_key" UNIQUE("tenant_id","serial_number"),
	CONSTRAINT "certificates_grade_check" CHECK ("certificates"."grade" in ('excellent', 'pass')),
	CONSTRAINT "certificates_hours_check" CHECK ("certificates"."hours" > 0)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"subject_person_id" uuid,
	"actor_person_id" uuid,
	"actor_label" text NOT NULL,
	"client" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_log_client_check" CHECK ("audit_log"."client" in ('web', 'extension', 'api', 'cli', 'lti', 'system'))
);
--> statement-breakpoint
CREATE TABLE "tool_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_key_sealed" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	CONSTRAINT "tool_keys_status_check" CHECK ("tool_keys"."status" in ('next', 'current', 'previous', 'retired')),
	CONSTRAINT "tool_keys_retired_has_time" CHECK ("tool_keys"."status" <> 'retired' or "tool_keys"."retired_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "lti_deployments" ADD CONSTRAINT "lti_deployments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_deployments" ADD CONSTRAINT "lti_deployments_platform_fk" FOREIGN KEY ("tenant_id","platform_id") REFERENCES "public"."platforms"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_parent_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_identities" ADD CONSTRAINT "lti_identities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_identities" ADD CONSTRAINT "lti_identities_platform_fk" FOREIGN KEY ("tenant_id","platform_id") REFERENCES "public"."platforms"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_identities" ADD CONSTRAINT "lti_identities_person_fk" FOREIGN KEY ("tenant_id","person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_person_fk" FOREIGN KEY ("tenant_id","person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_organisation_fk" FOREIGN KEY ("tenant_id","organisation_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ability_selections" ADD CONSTRAINT "ability_selections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ability_selections" ADD CONSTRAINT "ability_selections_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_programme_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_person_fk" FOREIGN KEY ("tenant_id","person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_school_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_group_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_instances" ADD CONSTRAINT "programme_instances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_instances" ADD CONSTRAINT "programme_instances_region_fk" FOREIGN KEY ("tenant_id","region_organisation_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_completions" ADD CONSTRAINT "course_completions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_completions" ADD CONSTRAINT "course_completions_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD CONSTRAINT "hours_ledger_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD CONSTRAINT "hours_ledger_entries_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD CONSTRAINT "hours_ledger_entries_course_completion_fk" FOREIGN KEY ("tenant_id","course_completion_id") REFERENCES "public"."course_completions"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD CONSTRAINT "hours_ledger_entries_submission_fk" FOREIGN KEY ("tenant_id","submission_id") REFERENCES "public"."submissions"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD CONSTRAINT "hours_ledger_entries_recorded_by_fk" FOREIGN KEY ("tenant_id","recorded_by_person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD CONSTRAINT "hours_ledger_entries_corrects_fk" FOREIGN KEY ("enrolment_id","corrects_entry_id") REFERENCES "public"."hours_ledger_entries"("enrolment_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_tasks" ADD CONSTRAINT "school_tasks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_tasks" ADD CONSTRAINT "school_tasks_school_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_tasks" ADD CONSTRAINT "school_tasks_programme_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_tasks" ADD CONSTRAINT "school_tasks_created_by_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_submission_fk" FOREIGN KEY ("tenant_id","submission_id") REFERENCES "public"."submissions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_task_fk" FOREIGN KEY ("tenant_id","task_id") REFERENCES "public"."school_tasks"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ability_grades" ADD CONSTRAINT "ability_grades_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ability_grades" ADD CONSTRAINT "ability_grades_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_assessments" ADD CONSTRAINT "item_assessments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_assessments" ADD CONSTRAINT "item_assessments_evidence_item_fk" FOREIGN KEY ("tenant_id","evidence_item_id") REFERENCES "public"."evidence_items"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_assessments" ADD CONSTRAINT "item_assessments_assessor_fk" FOREIGN KEY ("tenant_id","assessor_person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issued_by_fk" FOREIGN KEY ("tenant_id","issued_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_subject_person_fk" FOREIGN KEY ("tenant_id","subject_person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_person_fk" FOREIGN KEY ("tenant_id","actor_person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lti_deployments_tenant_id_idx" ON "lti_deployments" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "organisations_parent_id_idx" ON "organisations" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "organisations_tenant_id_kind_idx" ON "organisations" USING btree ("tenant_id","kind");--> statement-breakpoint
CREATE INDEX "lti_identities_person_id_idx" ON "lti_identities" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "people_tenant_id_email_idx" ON "people" USING btree ("tenant_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "role_assignments_live_key" ON "role_assignments" USING btree ("person_id","role","organisation_id") WHERE "role_assignments"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "role_assignments_organisation_id_role_idx" ON "role_assignments" USING btree ("organisation_id","role");--> statement-breakpoint
CREATE UNIQUE INDEX "ability_selections_active_key" ON "ability_selections" USING btree ("enrolment_id","ability_code") WHERE "ability_selections"."withdrawn_at" is null;--> statement-breakpoint
CREATE INDEX "enrolments_person_id_idx" ON "enrolments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "enrolments_school_id_idx" ON "enrolments" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "enrolments_group_id_idx" ON "enrolments" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "programme_instances_region_organisation_id_idx" ON "programme_instances" USING btree ("region_organisation_id");--> statement-breakpoint
CREATE INDEX "course_completions_enrolment_id_idx" ON "course_completions" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "hours_ledger_entries_enrolment_id_category_idx" ON "hours_ledger_entries" USING btree ("enrolment_id","category","school_year");--> statement-breakpoint
CREATE INDEX "hours_ledger_entries_corrects_entry_id_idx" ON "hours_ledger_entries" USING btree ("corrects_entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hours_ledger_entries_completion_credit_key" ON "hours_ledger_entries" USING btree ("course_completion_id") WHERE "hours_ledger_entries"."corrects_entry_id" is null and "hours_ledger_entries"."course_completion_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "hours_ledger_entries_submission_credit_key" ON "hours_ledger_entries" USING btree ("submission_id") WHERE "hours_ledger_entries"."corrects_entry_id" is null and "hours_ledger_entries"."submission_id" is not null;--> statement-breakpoint
CREATE INDEX "school_tasks_school_id_programme_instance_id_idx" ON "school_tasks" USING btree ("school_id","programme_instance_id");--> statement-breakpoint
CREATE INDEX "school_tasks_programme_instance_id_idx" ON "school_tasks" USING btree ("programme_instance_id");--> statement-breakpoint
CREATE INDEX "evidence_items_submission_id_idx" ON "evidence_items" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "evidence_items_tenant_id_file_sha256_idx" ON "evidence_items" USING btree ("tenant_id","file_sha256");--> statement-breakpoint
CREATE INDEX "submissions_enrolment_id_ability_code_idx" ON "submissions" USING btree ("enrolment_id","ability_code");--> statement-breakpoint
CREATE INDEX "submissions_task_id_idx" ON "submissions" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "submissions_tenant_id_state_submitted_at_idx" ON "submissions" USING btree ("tenant_id","state","submitted_at");--> statement-breakpoint
CREATE INDEX "item_assessments_evidence_item_id_level_created_at_idx" ON "item_assessments" USING btree ("evidence_item_id","level","created_at");--> statement-breakpoint
CREATE INDEX "item_assessments_assessor_person_id_idx" ON "item_assessments" USING btree ("assessor_person_id");--> statement-breakpoint
CREATE INDEX "audit_log_tenant_id_created_at_idx" ON "audit_log" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_subject_person_id_created_at_idx" ON "audit_log" USING btree ("subject_person_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("tenant_id","entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_person_id_idx" ON "audit_log" USING btree ("actor_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tool_keys_one_current_or_next_key" ON "tool_keys" USING btree ("status") WHERE "tool_keys"."status" in ('current', 'next');