import { sql } from 'drizzle-orm';
import { check, foreignKey, index, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { abilityCode, abilityCodeCheck, createdAt, primaryId, updatedAt } from './columns';
import { MAX_HOURS_PER_ENTRY } from './course-completions';
import { programmeInstances } from './programmes';
import { tenantId } from './tenants';

/**
 * The tenant's course catalogue: a course as platforms name it (an activity name, an xAPI activity id, a course
 * short name) → the programme it serves and the micro-abilities it teaches, with hours per ability
 * (`course_mapping_abilities`). `course_ref` is stored normalised (trimmed, inner white space collapsed), so
 * lookups are exact. No programme instance: the course counts for every programme of the tenant.
 */
export const courseMappings = pgTable(
  'course_mappings',
  {
    id: primaryId(),
    tenantId: tenantId(),
    courseRef: text('course_ref').notNull(),
    title: text('title').notNull(),
    programmeInstanceId: uuid('programme_instance_id'),
    /** The training institution (承训机构) that provides the course; null: the tenant itself. */
    provider: text('provider'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('course_mappings_tenant_id_course_ref_key').on(t.tenantId, t.courseRef),
    unique('course_mappings_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'course_mappings_programme_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    index('course_mappings_programme_instance_id_idx').on(t.programmeInstanceId),
    check('course_mappings_course_ref_check', sql`char_length(${t.courseRef}) between 1 and 500`),
    check('course_mappings_provider_check', sql`${t.provider} is null or char_length(${t.provider}) between 1 and 100`),
  ],
);

/** The micro-abilities one catalogue course stands for, each with its hours (a course may teach several). */
export const courseMappingAbilities = pgTable(
  'course_mapping_abilities',
  {
    id: primaryId(),
    tenantId: tenantId(),
    courseMappingId: uuid('course_mapping_id').notNull(),
    abilityCode: abilityCode().notNull(),
    hours: numeric('hours', { precision: 6, scale: 2 }).notNull(),
  },
  (t) => [
    unique('course_mapping_abilities_mapping_ability_key').on(t.courseMappingId, t.abilityCode),
    foreignKey({
      name: 'course_mapping_abilities_mapping_fk',
      columns: [t.tenantId, t.courseMappingId],
      foreignColumns: [courseMappings.tenantId, courseMappings.id],
    }).onDelete('cascade'),
    abilityCodeCheck('course_mapping_abilities_ability_code_check', t.abilityCode),
    check(
      'course_mapping_abilities_hours_check',
      sql`${t.hours} > 0 and ${t.hours} <= ${sql.raw(String(MAX_HOURS_PER_ENTRY))}`,
    ),
  ],
);
