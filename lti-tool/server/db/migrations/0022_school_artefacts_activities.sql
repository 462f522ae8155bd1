CREATE TABLE "school_artefact_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"artefact_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"mime" text NOT NULL,
	"original_name" text NOT NULL,
	"theme" text,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_artefact_versions_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "school_artefact_versions_version_key" UNIQUE("artefact_id","version"),
	CONSTRAINT "school_artefact_versions_version_check" CHECK ("school_artefact_versions"."version" >= 1),
	CONSTRAINT "school_artefact_versions_size_check" CHECK ("school_artefact_versions"."size_bytes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "school_artefacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"group_id" uuid,
	"theme" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_version_id" uuid,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"approved_version_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"return_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_artefacts_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "school_artefacts_kind_check" CHECK ("school_artefacts"."kind" in ('development_plan', 'research_plan', 'group_plan')),
	CONSTRAINT "school_artefacts_status_check" CHECK ("school_artefacts"."status" in ('draft', 'submitted', 'returned', 'approved')),
	CONSTRAINT "school_artefacts_group_check" CHECK (("school_artefacts"."kind" = 'group_plan') = ("school_artefacts"."group_id" is not null)),
	CONSTRAINT "school_artefacts_theme_check" CHECK ("school_artefacts"."theme" is null or char_length("school_artefacts"."theme") <= 200),
	CONSTRAINT "school_artefacts_submitted_check" CHECK ("school_artefacts"."status" <> 'submitted' or "school_artefacts"."submitted_version_id" is not null),
	CONSTRAINT "school_artefacts_returned_check" CHECK ("school_artefacts"."status" <> 'returned' or "school_artefacts"."return_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "school_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"group_id" uuid,
	"held_on" date NOT NULL,
	"topic" text NOT NULL,
	"organiser" text NOT NULL,
	"practice_hours" numeric(6, 2) DEFAULT '0' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_activities_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "school_activities_natural_key" UNIQUE("tenant_id","programme_instance_id","school_id","held_on","topic"),
	CONSTRAINT "school_activities_topic_check" CHECK (char_length("school_activities"."topic") between 1 and 200),
	CONSTRAINT "school_activities_organiser_check" CHECK (char_length("school_activities"."organiser") between 1 and 100),
	CONSTRAINT "school_activities_hours_check" CHECK ("school_activities"."practice_hours" >= 0 and "school_activities"."practice_hours" <= 100)
);
--> statement-breakpoint
CREATE TABLE "school_activity_attendance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "school_activity_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"mime" text NOT NULL,
	"original_name" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_activity_files_same_bytes_key" UNIQUE("activity_id","kind","sha256"),
	CONSTRAINT "school_activity_files_kind_check" CHECK ("school_activity_files"."kind" in ('minutes', 'photo'))
);
--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" DROP CONSTRAINT "hours_ledger_entries_source_kind_check";--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" DROP CONSTRAINT "hours_ledger_entries_source_ref_check";--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD COLUMN "activity_id" uuid;--> statement-breakpoint
ALTER TABLE "school_artefact_versions" ADD CONSTRAINT "school_artefact_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_artefact_versions" ADD CONSTRAINT "school_artefact_versions_artefact_fk" FOREIGN KEY ("tenant_id","artefact_id") REFERENCES "public"."school_artefacts"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_artefact_versions" ADD CONSTRAINT "school_artefact_versions_uploaded_by_fk" FOREIGN KEY ("tenant_id","uploaded_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_artefacts" ADD CONSTRAINT "school_artefacts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_artefacts" ADD CONSTRAINT "school_artefacts_school_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_artefacts" ADD CONSTRAINT "school_artefacts_group_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_artefacts" ADD CONSTRAINT "school_artefacts_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activities" ADD CONSTRAINT "school_activities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activities" ADD CONSTRAINT "school_activities_school_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activities" ADD CONSTRAINT "school_activities_group_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activities" ADD CONSTRAINT "school_activities_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activities" ADD CONSTRAINT "school_activities_created_by_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activity_attendance" ADD CONSTRAINT "school_activity_attendance_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activity_attendance" ADD CONSTRAINT "school_activity_attendance_activity_fk" FOREIGN KEY ("tenant_id","activity_id") REFERENCES "public"."school_activities"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activity_attendance" ADD CONSTRAINT "school_activity_attendance_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activity_files" ADD CONSTRAINT "school_activity_files_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_activity_files" ADD CONSTRAINT "school_activity_files_activity_fk" FOREIGN KEY ("tenant_id","activity_id") REFERENCES "public"."school_activities"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "school_artefacts_one_per_kind_key" ON "school_artefacts" USING btree ("tenant_id","programme_instance_id","school_id","kind",coalesce("group_id", "school_id"));--> statement-breakpoint
CREATE INDEX "school_artefacts_instance_school_idx" ON "school_artefacts" USING btree ("programme_instance_id","school_id");--> statement-breakpoint
CREATE INDEX "school_artefacts_instance_status_idx" ON "school_artefacts" USING btree ("programme_instance_id","status");--> statement-breakpoint
CREATE INDEX "school_activities_instance_school_idx" ON "school_activities" USING btree ("programme_instance_id","school_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "school_activity_attendance_live_key" ON "school_activity_attendance" USING btree ("activity_id","enrolment_id") WHERE "school_activity_attendance"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "school_activity_attendance_enrolment_idx" ON "school_activity_attendance" USING btree ("enrolment_id");--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD CONSTRAINT "hours_ledger_entries_activity_fk" FOREIGN KEY ("tenant_id","activity_id") REFERENCES "public"."school_activities"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hours_ledger_entries_activity_credit_key" ON "hours_ledger_entries" USING btree ("activity_id","enrolment_id") WHERE "hours_ledger_entries"."corrects_entry_id" is null and "hours_ledger_entries"."activity_id" is not null;--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD CONSTRAINT "hours_ledger_entries_source_kind_check" CHECK ("hours_ledger_entries"."source_kind" in ('course_completion', 'submission', 'manual', 'activity'));--> statement-breakpoint
ALTER TABLE "hours_ledger_entries" ADD CONSTRAINT "hours_ledger_entries_source_ref_check" CHECK (case "hours_ledger_entries"."source_kind"
        when 'course_completion' then "hours_ledger_entries"."course_completion_id" is not null and num_nonnulls("hours_ledger_entries"."submission_id", "hours_ledger_entries"."activity_id") = 0
        when 'submission' then "hours_ledger_entries"."submission_id" is not null and num_nonnulls("hours_ledger_entries"."course_completion_id", "hours_ledger_entries"."activity_id") = 0
        when 'activity' then "hours_ledger_entries"."activity_id" is not null and num_nonnulls("hours_ledger_entries"."course_completion_id", "hours_ledger_entries"."submission_id") = 0
        else num_nonnulls("hours_ledger_entries"."course_completion_id", "hours_ledger_entries"."submission_id", "hours_ledger_entries"."activity_id") = 0
      end);