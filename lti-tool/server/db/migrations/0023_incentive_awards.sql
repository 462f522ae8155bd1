CREATE TABLE "incentive_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"school_id" uuid NOT NULL,
	"enrolment_id" uuid,
	"status" text NOT NULL,
	"credits" integer,
	"basis" jsonb NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone NOT NULL,
	"withdraw_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incentive_awards_kind_check" CHECK ("incentive_awards"."kind" in ('credits', 'excellent_learner', 'model_school', 'excellent_principal')),
	CONSTRAINT "incentive_awards_status_check" CHECK ("incentive_awards"."status" in ('confirmed', 'withdrawn')),
	CONSTRAINT "incentive_awards_subject_check" CHECK (("incentive_awards"."kind" in ('credits', 'excellent_learner')) = ("incentive_awards"."enrolment_id" is not null)),
	CONSTRAINT "incentive_awards_withdrawn_check" CHECK ("incentive_awards"."status" <> 'withdrawn' or "incentive_awards"."withdraw_reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "incentive_awards" ADD CONSTRAINT "incentive_awards_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_awards" ADD CONSTRAINT "incentive_awards_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_awards" ADD CONSTRAINT "incentive_awards_school_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_awards" ADD CONSTRAINT "incentive_awards_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_awards" ADD CONSTRAINT "incentive_awards_decided_by_fk" FOREIGN KEY ("tenant_id","decided_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incentive_awards_subject_key" ON "incentive_awards" USING btree ("programme_instance_id","kind",coalesce("enrolment_id", "school_id"));--> statement-breakpoint
CREATE INDEX "incentive_awards_instance_school_idx" ON "incentive_awards" USING btree ("programme_instance_id","school_id");