ALTER TABLE "library_resources" ADD COLUMN "screenshot_key" text;--> statement-breakpoint
ALTER TABLE "library_resources" ADD COLUMN "screenshot_mime" text;