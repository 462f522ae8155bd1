ALTER TABLE "export_jobs" DROP CONSTRAINT "export_jobs_kind_check";--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "teacher_name" text NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "programme_name" text NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "issuer_name" text NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "verify_token" text NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "revoked_by" uuid;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "revoke_reason" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_fk" FOREIGN KEY ("tenant_id","revoked_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_verify_token_key" UNIQUE("verify_token");--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_check" CHECK (("certificates"."revoked_at" is null) = ("certificates"."revoke_reason" is null));--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_kind_check" CHECK ("export_jobs"."kind" in ('progress_report', 'certificates'));