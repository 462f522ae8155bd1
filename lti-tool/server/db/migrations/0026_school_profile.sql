ALTER TABLE "organisations" DROP CONSTRAINT "organisations_school_fields_check";--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "environment_diagnosed_on" date;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "environment_basis" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "principal_person_id" uuid;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_principal_fk" FOREIGN KEY ("tenant_id","principal_person_id") REFERENCES "public"."people"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_school_fields_check" CHECK ("organisations"."kind" = 'school' or ("organisations"."teaching_environment" is null and "organisations"."ability_shortlist" is null and "organisations"."research_theme" is null
        and "organisations"."environment_diagnosed_on" is null and "organisations"."environment_basis" is null and "organisations"."principal_person_id" is null));