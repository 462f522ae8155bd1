CREATE TABLE "hours_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"county_id" uuid NOT NULL,
	"shares" jsonb NOT NULL,
	"set_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hours_allocations_scope_key" UNIQUE("tenant_id","programme_instance_id","county_id")
);
--> statement-breakpoint
CREATE TABLE "hours_registration_rows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"registry_id" text NOT NULL,
	"teacher_name" text NOT NULL,
	"school_name" text NOT NULL,
	"school_year" integer NOT NULL,
	"category" text NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	CONSTRAINT "hours_registration_rows_category_check" CHECK ("hours_registration_rows"."category" in ('online', 'practice')),
	CONSTRAINT "hours_registration_rows_hours_check" CHECK ("hours_registration_rows"."hours" >= 0)
);
--> statement-breakpoint
CREATE TABLE "hours_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"programme_instance_id" uuid NOT NULL,
	"county_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"corrects_id" uuid,
	"status" text DEFAULT 'prepared' NOT NULL,
	"id_header" text NOT NULL,
	"id_source" text NOT NULL,
	"shares" jsonb NOT NULL,
	"prepared_by" uuid,
	"prepared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"audited_by" uuid,
	"audited_at" timestamp with time zone,
	"return_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hours_registrations_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "hours_registrations_version_key" UNIQUE("tenant_id","programme_instance_id","county_id","version"),
	CONSTRAINT "hours_registrations_status_check" CHECK ("hours_registrations"."status" in ('prepared', 'submitted', 'returned', 'locked')),
	CONSTRAINT "hours_registrations_id_source_check" CHECK ("hours_registrations"."id_source" in ('email', 'platform_user_id')),
	CONSTRAINT "hours_registrations_version_check" CHECK ("hours_registrations"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "hours_allocations" ADD CONSTRAINT "hours_allocations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_allocations" ADD CONSTRAINT "hours_allocations_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_allocations" ADD CONSTRAINT "hours_allocations_county_fk" FOREIGN KEY ("tenant_id","county_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_registration_rows" ADD CONSTRAINT "hours_registration_rows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_registration_rows" ADD CONSTRAINT "hours_registration_rows_registration_fk" FOREIGN KEY ("tenant_id","registration_id") REFERENCES "public"."hours_registrations"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_registration_rows" ADD CONSTRAINT "hours_registration_rows_enrolment_fk" FOREIGN KEY ("tenant_id","enrolment_id") REFERENCES "public"."enrolments"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_registrations" ADD CONSTRAINT "hours_registrations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_registrations" ADD CONSTRAINT "hours_registrations_county_fk" FOREIGN KEY ("tenant_id","county_id") REFERENCES "public"."organisations"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_registrations" ADD CONSTRAINT "hours_registrations_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_registrations" ADD CONSTRAINT "hours_registrations_prepared_by_fk" FOREIGN KEY ("tenant_id","prepared_by") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hours_registration_rows_registration_idx" ON "hours_registration_rows" USING btree ("registration_id");