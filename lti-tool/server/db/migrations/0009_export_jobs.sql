CREATE TABLE "export_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"scope_organisation_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"requested_by" uuid,
	"schedule_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"blob_key" text,
	"file_name" text,
	"content_type" text,
	"size_bytes" bigint,
	"data_as_of" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "export_jobs_kind_check" CHECK ("export_jobs"."kind" in ('progress_report')),
	CONSTRAINT "export_jobs_status_check" CHECK ("export_jobs"."status" in ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "export_jobs_progress_check" CHECK ("export_jobs"."progress_done" >= 0 and "export_jobs"."progress_total" >= 0)
);
--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_scope_fk" FOREIGN KEY ("tenant_id","scope_organisation_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_requested_by_fk" FOREIGN KEY ("tenant_id","requested_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "export_jobs_due_idx" ON "export_jobs" USING btree ("status","lease_until");--> statement-breakpoint
CREATE INDEX "export_jobs_scope_idx" ON "export_jobs" USING btree ("tenant_id","scope_organisation_id","created_at");