CREATE TABLE "operation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"target" text NOT NULL,
	"platform_id" uuid,
	"error_code" text,
	"rows" integer,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operation_runs_kind_check" CHECK ("operation_runs"."kind" in ('roster_sync', 'completion_import', 'org_import')),
	CONSTRAINT "operation_runs_status_check" CHECK ("operation_runs"."status" in ('ok', 'partial', 'failed')),
	CONSTRAINT "operation_runs_target_check" CHECK (char_length("operation_runs"."target") between 1 and 300),
	CONSTRAINT "operation_runs_counts_object" CHECK (jsonb_typeof("operation_runs"."counts") = 'object')
);
--> statement-breakpoint
ALTER TABLE "platforms" ADD COLUMN "jwks_ok_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "platforms" ADD COLUMN "token_ok_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "platforms" ADD COLUMN "contact_failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "platforms" ADD COLUMN "contact_failed_endpoint" text;--> statement-breakpoint
ALTER TABLE "platforms" ADD COLUMN "contact_error" text;--> statement-breakpoint
ALTER TABLE "grade_outbox" ADD COLUMN "last_error_code" text;--> statement-breakpoint
ALTER TABLE "operation_runs" ADD CONSTRAINT "operation_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operation_runs_tenant_id_created_at_idx" ON "operation_runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_contact_failed_endpoint_check" CHECK ("platforms"."contact_failed_endpoint" in ('jwks', 'token'));