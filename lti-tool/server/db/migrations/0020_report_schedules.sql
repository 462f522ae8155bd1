CREATE TABLE "report_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"scope_organisation_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"frequency" text NOT NULL,
	"day_of_month" smallint,
	"weekday" smallint,
	"format" text NOT NULL,
	"language" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone,
	"stopped_by" uuid,
	CONSTRAINT "report_schedules_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "report_schedules_frequency_check" CHECK ("report_schedules"."frequency" in ('monthly', 'weekly')),
	CONSTRAINT "report_schedules_format_check" CHECK ("report_schedules"."format" in ('xlsx', 'csv')),
	CONSTRAINT "report_schedules_language_check" CHECK ("report_schedules"."language" in ('zh', 'en')),
	CONSTRAINT "report_schedules_due_check" CHECK (case "report_schedules"."frequency"
        when 'monthly' then "report_schedules"."day_of_month" between 1 and 28 and "report_schedules"."weekday" is null
        else "report_schedules"."weekday" between 1 and 7 and "report_schedules"."day_of_month" is null
      end)
);
--> statement-breakpoint
ALTER TABLE "export_jobs" DROP CONSTRAINT "export_jobs_kind_check";--> statement-breakpoint
ALTER TABLE "export_jobs" ADD COLUMN "schedule_period" text;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_scope_fk" FOREIGN KEY ("tenant_id","scope_organisation_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_created_by_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_schedules_scope_idx" ON "report_schedules" USING btree ("tenant_id","scope_organisation_id");--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_schedule_fk" FOREIGN KEY ("tenant_id","schedule_id") REFERENCES "public"."report_schedules"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "export_jobs_schedule_period_key" ON "export_jobs" USING btree ("schedule_id","schedule_period") WHERE "export_jobs"."schedule_id" is not null;--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_schedule_period_check" CHECK (("export_jobs"."schedule_id" is null) = ("export_jobs"."schedule_period" is null));--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_kind_check" CHECK ("export_jobs"."kind" in ('progress_report', 'certificates', 'e_archive'));