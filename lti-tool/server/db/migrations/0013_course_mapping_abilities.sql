CREATE TABLE "course_mapping_abilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"course_mapping_id" uuid NOT NULL,
	"ability_code" text NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	CONSTRAINT "course_mapping_abilities_mapping_ability_key" UNIQUE("course_mapping_id","ability_code"),
	CONSTRAINT "course_mapping_abilities_ability_code_check" CHECK ("course_mapping_abilities"."ability_code" ~ '^[A-Z][A-Z0-9.-]{0,15}$'),
	CONSTRAINT "course_mapping_abilities_hours_check" CHECK ("course_mapping_abilities"."hours" > 0 and "course_mapping_abilities"."hours" <= 100)
);
--> statement-breakpoint
ALTER TABLE "course_mappings" ADD COLUMN "programme_instance_id" uuid;--> statement-breakpoint
ALTER TABLE "course_mapping_abilities" ADD CONSTRAINT "course_mapping_abilities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_mappings" ADD CONSTRAINT "course_mappings_tenant_id_id_key" UNIQUE("tenant_id","id");--> statement-breakpoint
ALTER TABLE "course_mapping_abilities" ADD CONSTRAINT "course_mapping_abilities_mapping_fk" FOREIGN KEY ("tenant_id","course_mapping_id") REFERENCES "public"."course_mappings"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_mappings" ADD CONSTRAINT "course_mappings_programme_instance_fk" FOREIGN KEY ("tenant_id","programme_instance_id") REFERENCES "public"."programme_instances"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "course_mappings_programme_instance_id_idx" ON "course_mappings" USING btree ("programme_instance_id");
