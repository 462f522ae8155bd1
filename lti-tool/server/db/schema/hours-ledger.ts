import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId } from './columns';
import { courseCompletions, MAX_HOURS_PER_ENTRY } from './course-completions';
import { people } from './people';
import { schoolActivities } from './school-activities';
import { enrolments } from './programmes';
import { submissions } from './submissions';
import { tenantId } from './tenants';

/** 网络研修 (online courses) and 校本实践应用 (school-based practice) are counted separately. */
export const hoursCategories = ['online', 'practice'] as const;
export type HoursCategory = (typeof hoursCategories)[number];

/** `activity`: attending a 校本研修活动, where the programme credits it (practiceCredit.fromActivities). */
export const hoursSourceKinds = ['course_completion', 'submission', 'manual', 'activity'] as const;
export type HoursSourceKind = (typeof hoursSourceKinds)[number];

/**
 * Append-only hours ledger (a trigger refuses UPDATE and DELETE): a teacher's hours are the sum of their
 * entries. Mistakes are fixed by a signed correction entry pointing at the entry it corrects.
 */
export const hoursLedgerEntries = pgTable(
  'hours_ledger_entries',
  {
    id: primaryId(),
    tenantId: tenantId(),
    enrolmentId: uuid('enrolment_id').notNull(),
    category: text('category', { enum: hoursCategories }).notNull(),
    /** Signed: corrections may be negative. */
    hours: numeric('hours', { precision: 6, scale: 2 }).notNull(),
    /** The school year by its starting calendar year (2023 = 2023–24); provinces record hours per year. */
    schoolYear: integer('school_year').notNull(),
    sourceKind: text('source_kind', { enum: hoursSourceKinds }).notNull(),
    courseCompletionId: uuid('course_completion_id'),
    submissionId: uuid('submission_id'),
    activityId: uuid('activity_id'),
    recordedByPersonId: uuid('recorded_by_person_id'),
    /** Which automated process wrote the entry (e.g. `import:xapi`) when no person did. */
    recordedBySystem: text('recorded_by_system'),
    reason: text('reason'),
    correctsEntryId: uuid('corrects_entry_id'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('hours_ledger_entries_enrolment_id_id_key').on(t.enrolmentId, t.id),
    foreignKey({
      name: 'hours_ledger_entries_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'hours_ledger_entries_course_completion_fk',
      columns: [t.tenantId, t.courseCompletionId],
      foreignColumns: [courseCompletions.tenantId, courseCompletions.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'hours_ledger_entries_submission_fk',
      columns: [t.tenantId, t.submissionId],
      foreignColumns: [submissions.tenantId, submissions.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'hours_ledger_entries_activity_fk',
      columns: [t.tenantId, t.activityId],
      foreignColumns: [schoolActivities.tenantId, schoolActivities.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'hours_ledger_entries_recorded_by_fk',
      columns: [t.tenantId, t.recordedByPersonId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    // A correction must belong to the same enrolment as the entry it corrects.
    foreignKey({
      name: 'hours_ledger_entries_corrects_fk',
      columns: [t.enrolmentId, t.correctsEntryId],
      foreignColumns: [t.enrolmentId, t.id],
    }).onDelete('restrict'),
    index('hours_ledger_entries_enrolment_id_category_idx').on(t.enrolmentId, t.category, t.schoolYear),
    index('hours_ledger_entries_corrects_entry_id_idx').on(t.correctsEntryId),
    // A completion or a submission is credited once; further changes go through corrections.
    uniqueIndex('hours_ledger_entries_completion_credit_key')
      .on(t.courseCompletionId)
      .where(sql`${t.correctsEntryId} is null and ${t.courseCompletionId} is not null`),
    uniqueIndex('hours_ledger_entries_submission_credit_key')
      .on(t.submissionId)
      .where(sql`${t.correctsEntryId} is null and ${t.submissionId} is not null`),
    // An activity credits each attendee once; a removal or change is a correction of that credit.
    uniqueIndex('hours_ledger_entries_activity_credit_key')
      .on(t.activityId, t.enrolmentId)
      .where(sql`${t.correctsEntryId} is null and ${t.activityId} is not null`),
    oneOf('hours_ledger_entries_category_check', t.category, hoursCategories),
    oneOf('hours_ledger_entries_source_kind_check', t.sourceKind, hoursSourceKinds),
    check(
      'hours_ledger_entries_hours_check',
      sql`${t.hours} <> 0 and abs(${t.hours}) <= ${sql.raw(String(MAX_HOURS_PER_ENTRY))}`,
    ),
    check('hours_ledger_entries_school_year_check', sql`${t.schoolYear} between 2000 and 2100`),
    check(
      'hours_ledger_entries_source_ref_check',
      sql`case ${t.sourceKind}
        when 'course_completion' then ${t.courseCompletionId} is not null and num_nonnulls(${t.submissionId}, ${t.activityId}) = 0
        when 'submission' then ${t.submissionId} is not null and num_nonnulls(${t.courseCompletionId}, ${t.activityId}) = 0
        when 'activity' then ${t.activityId} is not null and num_nonnulls(${t.courseCompletionId}, ${t.submissionId}) = 0
        else num_nonnulls(${t.courseCompletionId}, ${t.submissionId}, ${t.activityId}) = 0
      end`,
    ),
    check('hours_ledger_entries_recorder_check', sql`num_nonnulls(${t.recordedByPersonId}, ${t.recordedBySystem}) = 1`),
    check(
      'hours_ledger_entries_reason_check',
      sql`${t.reason} is not null or (${t.sourceKind} <> 'manual' and ${t.correctsEntryId} is null)`,
    ),
    check('hours_ledger_entries_not_self_correcting', sql`${t.correctsEntryId} <> ${t.id}`),
  ],
);
