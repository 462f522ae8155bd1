CREATE TABLE "completion_import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"actor_label" text NOT NULL,
	"client" text NOT NULL,
	"request_id" text,
	"file_name" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"dry_run" boolean NOT NULL,
	"mapping" jsonb,
	"blob_key" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"rows_total" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"report" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "completion_import_jobs_status_check" CHECK ("completion_import_jobs"."status" in ('queued', 'running', 'succeeded', 'failed')),
	CONSTRAINT "completion_import_jobs_error_check" CHECK ("completion_import_jobs"."error" in ('file_refused', 'import_failed', 'interrupted', 'file_missing', 'source_missing')),
	CONSTRAINT "completion_import_jobs_client_check" CHECK ("completion_import_jobs"."client" in ('web', 'extension', 'api', 'cli', 'lti', 'system')),
	CONSTRAINT "completion_import_jobs_progress_check" CHECK ("completion_import_jobs"."rows_done" >= 0 and coalesce("completion_import_jobs"."rows_total", 0) >= 0),
	CONSTRAINT "completion_import_jobs_mapping_object" CHECK ("completion_import_jobs"."mapping" is null or jsonb_typeof("completion_import_jobs"."mapping") = 'object')
);
--> statement-breakpoint
ALTER TABLE "completion_import_jobs" ADD CONSTRAINT "completion_import_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_import_jobs" ADD CONSTRAINT "completion_import_jobs_source_fk" FOREIGN KEY ("tenant_id","source_id") REFERENCES "public"."completion_sources"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_import_jobs" ADD CONSTRAINT "completion_import_jobs_requested_by_fk" FOREIGN KEY ("tenant_id","requested_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "completion_import_jobs_due_idx" ON "completion_import_jobs" USING btree ("status","lease_until");--> statement-breakpoint
CREATE INDEX "completion_import_jobs_source_idx" ON "completion_import_jobs" USING btree ("tenant_id","source_id","created_at");