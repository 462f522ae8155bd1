CREATE TABLE "teacher_status" (
	"enrolment_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"group_id" uuid,
	"state" text NOT NULL,
	"online_minutes" integer NOT NULL,
	"practice_minutes" integer NOT NULL,
	"abilities_chosen" integer NOT NULL,
	"abilities_submitted" integer NOT NULL,
	"abilities_graded" integer NOT NULL,
	"abilities_passed" integer NOT NULL,
	"abilities_excellent" integer NOT NULL,
	"grade" text,
	"unmet_requirements" text[] NOT NULL,
	"missing" jsonb NOT NULL,
	"counted_abilities" text[] NOT NULL,
	"passed_abilities" text[] NOT NULL,
	"last_activity_at" timestamp with time zone,
	"computed_at" timestamp with time zone NOT NULL,
	"engine_version" text NOT NULL,
	CONSTRAINT "teacher_status_state_check" CHECK ("teacher_status"."state" in ('not_started', 'in_progress', 'awaiting_review', 'ready_to_certify', 'certified')),
	CONSTRAINT "teacher_status_grade_check" CHECK ("teacher_status"."grade" in ('excellent', 'pass')),
	CONSTRAINT "teacher_status_counts_check" CHECK ("teacher_status"."abilities_chosen" >= 0 and "teacher_status"."abilities_passed" >= 0)
);
--> statement-breakpoint
ALTER TABLE "teacher_status" ADD CONSTRAINT "teacher_status_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_status" ADD CONSTRAINT "teacher_status_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_status" ADD CONSTRAINT "teacher_status_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_status" ADD CONSTRAINT "teacher_status_school_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "teacher_status_instance_school_idx" ON "teacher_status" USING btree ("programme_instance_id","school_id");--> statement-breakpoint
CREATE INDEX "teacher_status_school_group_idx" ON "teacher_status" USING btree ("school_id","group_id");