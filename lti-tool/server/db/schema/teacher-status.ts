import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { oneOf, timestamptz } from './columns';
import { organisations } from './organisations';
import { enrolments, programmeInstances } from './programmes';
import { tenantId } from './tenants';

export const teacherStatusStates = [
  'not_started',
  'in_progress',
  'awaiting_review',
  'ready_to_certify',
  'certified',
] as const;
export const teacherStatusGrades = ['excellent', 'pass'] as const;

/** One of the engine's next actions as stored: its code, ability and both languages (the engine's own words). */
export interface StoredAction {
  code: string;
  abilityCode: string | null;
  zh: string;
  en: string;
}

/**
 * The engine's status of one enrolment, kept up to date in the transaction of every change that affects it
 * (services/teacher-status). School and county screens read these rows, never a second calculation.
 * School, group and programme are copied from the enrolment so scoped roll-ups need no join.
 */
export const teacherStatus = pgTable(
  'teacher_status',
  {
    enrolmentId: uuid('enrolment_id').primaryKey(),
    tenantId: tenantId(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    groupId: uuid('group_id'),
    state: text('state', { enum: teacherStatusStates }).notNull(),
    onlineMinutes: integer('online_minutes').notNull(),
    practiceMinutes: integer('practice_minutes').notNull(),
    abilitiesChosen: integer('abilities_chosen').notNull(),
    abilitiesSubmitted: integer('abilities_submitted').notNull(),
    abilitiesGraded: integer('abilities_graded').notNull(),
    abilitiesPassed: integer('abilities_passed').notNull(),
    abilitiesExcellent: integer('abilities_excellent').notNull(),
    /** The teacher-level grade: 优秀 when the engine's excellence rule holds, 合格 once ready or certified. */
    grade: text('grade', { enum: teacherStatusGrades }),
    /** Requirement ids not yet met, and the most urgent next actions, in the engine's words. */
    unmetRequirements: text('unmet_requirements').array().notNull(),
    missing: jsonb('missing').$type<StoredAction[]>().notNull(),
    /** Chosen (counted) and passed ability codes, for the abilities × schools heat map. */
    countedAbilities: text('counted_abilities').array().notNull(),
    passedAbilities: text('passed_abilities').array().notNull(),
    /** The last change to the teacher's record that refreshed this row (null after a backfill only). */
    lastActivityAt: timestamptz('last_activity_at'),
    /** When the row first showed the teacher complete (ready or certified); cleared if they fall back. */
    completedAt: timestamptz('completed_at'),
    computedAt: timestamptz('computed_at').notNull(),
    engineVersion: text('engine_version').notNull(),
  },
  (t) => [
    foreignKey({
      name: 'teacher_status_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'teacher_status_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'teacher_status_school_fk',
      columns: [t.tenantId, t.schoolId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    // teacher_status_rollup_idx (migration 0028, by hand: Drizzle cannot express INCLUDE) replaces the plain
    // (programme_instance_id, school_id) index and covers every column the roll-ups read, so a county, city or
    // province summary is an index-only scan.
    index('teacher_status_school_group_idx').on(t.schoolId, t.groupId),
    oneOf('teacher_status_state_check', t.state, teacherStatusStates),
    oneOf('teacher_status_grade_check', t.grade, teacherStatusGrades),
    check('teacher_status_counts_check', sql`${t.abilitiesChosen} >= 0 and ${t.abilitiesPassed} >= 0`),
  ],
);
