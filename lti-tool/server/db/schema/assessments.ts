import { foreignKey, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { abilityCode, abilityCodeCheck, createdAt, oneOf, primaryId, timestamptz } from './columns';
import { people } from './people';
import { enrolments } from './programmes';
import { evidenceItems } from './submissions';
import { tenantId } from './tenants';
import { GRADE_IDS, type GradeId } from '../../../../shared/domain/ids';

/** 优秀 / 合格 / 不合格. */
export const grades = GRADE_IDS;
export type Grade = GradeId;

/** School review (校本应用考核) first, then the county spot-check or re-grade. */
export const assessmentLevels = ['school', 'county'] as const;
export type AssessmentLevel = (typeof assessmentLevels)[number];

/**
 * A grade an assessor gave one evidence item. Append-only (a database trigger refuses UPDATE and DELETE):
 * a re-grade is a new row, and the latest row per (item, level) is the current grade.
 */
export const itemAssessments = pgTable(
  'item_assessments',
  {
    id: primaryId(),
    tenantId: tenantId(),
    evidenceItemId: uuid('evidence_item_id').notNull(),
    assessorPersonId: uuid('assessor_person_id').notNull(),
    level: text('level', { enum: assessmentLevels }).notNull(),
    grade: text('grade', { enum: grades }).notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'item_assessments_evidence_item_fk',
      columns: [t.tenantId, t.evidenceItemId],
      foreignColumns: [evidenceItems.tenantId, evidenceItems.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'item_assessments_assessor_fk',
      columns: [t.tenantId, t.assessorPersonId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    index('item_assessments_evidence_item_id_level_created_at_idx').on(t.evidenceItemId, t.level, t.createdAt),
    index('item_assessments_assessor_person_id_idx').on(t.assessorPersonId),
    oneOf('item_assessments_level_check', t.level, assessmentLevels),
    oneOf('item_assessments_grade_check', t.grade, grades),
  ],
);

/**
 * The ability grade computed from item grades by the aggregation rule (never typed in). One current row per
 * (enrolment, ability, level), replaced on recomputation; `basis` records the inputs that produced it.
 */
export const abilityGrades = pgTable(
  'ability_grades',
  {
    id: primaryId(),
    tenantId: tenantId(),
    enrolmentId: uuid('enrolment_id').notNull(),
    abilityCode: abilityCode().notNull(),
    level: text('level', { enum: assessmentLevels }).notNull(),
    grade: text('grade', { enum: grades }).notNull(),
    basis: jsonb('basis').$type<Record<string, unknown>>().notNull(),
    computedAt: timestamptz('computed_at').notNull().defaultNow(),
  },
  (t) => [
    unique('ability_grades_enrolment_id_ability_code_level_key').on(t.enrolmentId, t.abilityCode, t.level),
    foreignKey({
      name: 'ability_grades_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('cascade'),
    oneOf('ability_grades_level_check', t.level, assessmentLevels),
    oneOf('ability_grades_grade_check', t.grade, grades),
    abilityCodeCheck('ability_grades_ability_code_check', t.abilityCode),
  ],
);
