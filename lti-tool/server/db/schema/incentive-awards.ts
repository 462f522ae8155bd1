import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz, updatedAt } from './columns';
import { organisations } from './organisations';
import { people } from './people';
import { enrolments, programmeInstances } from './programmes';
import { tenantId } from './tenants';

/** 继续教育学分 and 优秀学员 go to a teacher (an enrolment); 示范校 and 优秀校长 to a school. */
export const incentiveKinds = ['credits', 'excellent_learner', 'model_school', 'excellent_principal'] as const;
export type IncentiveKind = (typeof incentiveKinds)[number];
export const teacherIncentiveKinds: readonly IncentiveKind[] = ['credits', 'excellent_learner'];

export const incentiveAwardStatuses = ['confirmed', 'withdrawn'] as const;
export type IncentiveAwardStatus = (typeof incentiveAwardStatuses)[number];

/**
 * A county officer's decision on one incentive for one teacher or school: confirmed, or withdrawn with a reason.
 * One row per instance, kind and subject, so confirming again changes nothing; every change is audited. Who is a
 * candidate is never stored: it is read from the engine's status rows (services/incentives).
 */
export const incentiveAwards = pgTable(
  'incentive_awards',
  {
    id: primaryId(),
    tenantId: tenantId(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    kind: text('kind', { enum: incentiveKinds }).notNull(),
    schoolId: uuid('school_id').notNull(),
    /** The teacher of a teacher incentive; null for a school's. */
    enrolmentId: uuid('enrolment_id'),
    status: text('status', { enum: incentiveAwardStatuses }).notNull(),
    /** Credits granted (the programme's value when confirmed), for the credits kind. */
    credits: integer('credits'),
    /** The engine's figures the decision rested on (score, average, hours), as shown to the officer. */
    basis: jsonb('basis').$type<Record<string, unknown>>().notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamptz('decided_at').notNull(),
    withdrawReason: text('withdraw_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('incentive_awards_subject_key').on(
      t.programmeInstanceId,
      t.kind,
      sql`coalesce(${t.enrolmentId}, ${t.schoolId})`,
    ),
    foreignKey({
      name: 'incentive_awards_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'incentive_awards_school_fk',
      columns: [t.tenantId, t.schoolId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'incentive_awards_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'incentive_awards_decided_by_fk',
      columns: [t.tenantId, t.decidedBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    index('incentive_awards_instance_school_idx').on(t.programmeInstanceId, t.schoolId),
    oneOf('incentive_awards_kind_check', t.kind, incentiveKinds),
    oneOf('incentive_awards_status_check', t.status, incentiveAwardStatuses),
    check(
      'incentive_awards_subject_check',
      sql`(${t.kind} in ('credits', 'excellent_learner')) = (${t.enrolmentId} is not null)`,
    ),
    check('incentive_awards_withdrawn_check', sql`${t.status} <> 'withdrawn' or ${t.withdrawReason} is not null`),
  ],
);
