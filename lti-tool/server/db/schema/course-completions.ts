import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { abilityCode, abilityCodeCheck, createdAt, oneOf, primaryId, timestamptz } from './columns';
import { enrolments } from './programmes';
import { tenantId } from './tenants';

export const completionSourceKinds = ['file', 'xapi', 'api', 'lti', 'manual'] as const;
export type CompletionSourceKind = (typeof completionSourceKinds)[number];

/** Hours are numeric(6,2) and surface as strings in TypeScript: exact decimals, never floats. */
export const MAX_HOURS_PER_ENTRY = 100;

/**
 * An online micro-ability course a teacher completed, imported from a file, an xAPI LRS, the API, an LTI
 * grade or typed in. (tenant, source kind, source id, external id) makes re-imports idempotent.
 */
export const courseCompletions = pgTable(
  'course_completions',
  {
    id: primaryId(),
    tenantId: tenantId(),
    enrolmentId: uuid('enrolment_id').notNull(),
    courseRef: text('course_ref').notNull(),
    courseTitle: text('course_title').notNull(),
    abilityCode: abilityCode(),
    hours: numeric('hours', { precision: 6, scale: 2 }).notNull(),
    completedAt: timestamptz('completed_at').notNull(),
    sourceKind: text('source_kind', { enum: completionSourceKinds }).notNull(),
    /** The feed within its kind: an import file's hash, an LRS endpoint, an API client, a platform id. */
    sourceId: text('source_id').notNull(),
    /** The record's id in that source. */
    externalId: text('external_id').notNull(),
    provenance: jsonb('provenance').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    unique('course_completions_import_key').on(t.tenantId, t.sourceKind, t.sourceId, t.externalId),
    unique('course_completions_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'course_completions_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('restrict'),
    index('course_completions_enrolment_id_idx').on(t.enrolmentId),
    oneOf('course_completions_source_kind_check', t.sourceKind, completionSourceKinds),
    abilityCodeCheck('course_completions_ability_code_check', t.abilityCode),
    check(
      'course_completions_hours_check',
      sql`${t.hours} > 0 and ${t.hours} <= ${sql.raw(String(MAX_HOURS_PER_ENTRY))}`,
    ),
  ],
);

/**
 * A whole LMS course completed, as the LMS reports it (Moodle's course-completion report "Course complete" date,
 * the report builder's "Time completed"): a fact of its own, with its date and source, whether or not the course
 * catalogue maps the whole course to abilities and hours (when it does, the same report also credits the hours).
 * (tenant, source kind, source id, external id) makes re-imports idempotent.
 */
export const lmsCourseCompletions = pgTable(
  'lms_course_completions',
  {
    id: primaryId(),
    tenantId: tenantId(),
    enrolmentId: uuid('enrolment_id').notNull(),
    /** The LMS course: its short name (as in the catalogue when the catalogue knows it). */
    courseRef: text('course_ref').notNull(),
    completedAt: timestamptz('completed_at').notNull(),
    sourceKind: text('source_kind', { enum: completionSourceKinds }).notNull(),
    sourceId: text('source_id').notNull(),
    externalId: text('external_id').notNull(),
    provenance: jsonb('provenance').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    unique('lms_course_completions_import_key').on(t.tenantId, t.sourceKind, t.sourceId, t.externalId),
    foreignKey({
      name: 'lms_course_completions_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('restrict'),
    index('lms_course_completions_enrolment_id_idx').on(t.enrolmentId),
    oneOf('lms_course_completions_source_kind_check', t.sourceKind, completionSourceKinds),
    check('lms_course_completions_course_ref_check', sql`char_length(${t.courseRef}) between 1 and 500`),
  ],
);
