ALTER TABLE "course_mappings" DROP CONSTRAINT "course_mappings_ability_code_check";--> statement-breakpoint
ALTER TABLE "course_mappings" DROP CONSTRAINT "course_mappings_hours_check";--> statement-breakpoint
ALTER TABLE "course_mappings" DROP COLUMN "ability_code";--> statement-breakpoint
ALTER TABLE "course_mappings" DROP COLUMN "hours";