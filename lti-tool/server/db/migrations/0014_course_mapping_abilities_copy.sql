-- Every catalogue course so far taught one micro-ability: it becomes that course's one ability row.
INSERT INTO "course_mapping_abilities" ("tenant_id", "course_mapping_id", "ability_code", "hours")
SELECT "tenant_id", "id", "ability_code", "hours" FROM "course_mappings"
ON CONFLICT DO NOTHING;
