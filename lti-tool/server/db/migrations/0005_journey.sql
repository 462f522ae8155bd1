CREATE TABLE "context_programme_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"context_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"linked_by_person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "context_programme_links_context_id_key" UNIQUE("context_id")
);
--> statement-breakpoint
CREATE TABLE "enrolment_launches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"context_id" uuid NOT NULL,
	"resource_link_id" uuid,
	"ability_code" text,
	"last_launch_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrolment_launches_enrolment_context_link_key" UNIQUE NULLS NOT DISTINCT("enrolment_id","context_id","resource_link_id")
);
--> statement-breakpoint
CREATE TABLE "submission_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"actor_person_id" uuid NOT NULL,
	"reasons" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"grade" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "submission_events_kind_check" CHECK ("submission_events"."kind" in ('submitted', 'returned', 'school_graded', 'county_confirmed', 'county_overridden'))
);
--> statement-breakpoint
ALTER TABLE "context_programme_links" ADD CONSTRAINT "context_programme_links_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_programme_links" ADD CONSTRAINT "context_programme_links_context_fk" FOREIGN KEY ("tenant_id","context_id") REFERENCES "public"."lti_contexts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_programme_links" ADD CONSTRAINT "context_programme_links_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_programme_links" ADD CONSTRAINT "context_programme_links_organisation_fk" FOREIGN KEY ("tenant_id","organisation_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_programme_links" ADD CONSTRAINT "context_programme_links_linked_by_fk" FOREIGN KEY ("tenant_id","linked_by_person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_launches" ADD CONSTRAINT "enrolment_launches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_launches" ADD CONSTRAINT "enrolment_launches_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_launches" ADD CONSTRAINT "enrolment_launches_context_fk" FOREIGN KEY ("tenant_id","context_id") REFERENCES "public"."lti_contexts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_launches" ADD CONSTRAINT "enrolment_launches_resource_link_fk" FOREIGN KEY ("resource_link_id") REFERENCES "public"."lti_resource_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_events" ADD CONSTRAINT "submission_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_events" ADD CONSTRAINT "submission_events_submission_fk" FOREIGN KEY ("tenant_id","submission_id") REFERENCES "public"."submissions"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_events" ADD CONSTRAINT "submission_events_actor_fk" FOREIGN KEY ("tenant_id","actor_person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrolment_launches_enrolment_id_ability_code_idx" ON "enrolment_launches" USING btree ("enrolment_id","ability_code");--> statement-breakpoint
CREATE INDEX "submission_events_submission_id_created_at_idx" ON "submission_events" USING btree ("submission_id","created_at");