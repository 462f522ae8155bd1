import { foreignKey, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId } from './columns';
import { people } from './people';
import { submissions } from './submissions';
import { tenantId } from './tenants';

export const submissionEventKinds = [
  'submitted',
  'returned',
  'school_graded',
  'county_confirmed',
  'county_overridden',
] as const;
export type SubmissionEventKind = (typeof submissionEventKinds)[number];

/**
 * The history of a submission: each submit, return and grading with the version it applied to, a snapshot of
 * the items at that moment and the per-item reasons of a return. Evidence items are edited in place between
 * versions, so this is what keeps earlier versions visible.
 */
export const submissionEvents = pgTable(
  'submission_events',
  {
    id: primaryId(),
    tenantId: tenantId(),
    submissionId: uuid('submission_id').notNull(),
    version: integer('version').notNull(),
    kind: text('kind', { enum: submissionEventKinds }).notNull(),
    actorPersonId: uuid('actor_person_id').notNull(),
    /** Per-slot reasons of a return, or comments of a grading: `{ [slotId]: text }`. */
    reasons: jsonb('reasons').$type<Record<string, string>>().notNull().default({}),
    items: jsonb('items').$type<unknown[]>().notNull().default([]),
    grade: text('grade'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'submission_events_submission_fk',
      columns: [t.tenantId, t.submissionId],
      foreignColumns: [submissions.tenantId, submissions.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'submission_events_actor_fk',
      columns: [t.tenantId, t.actorPersonId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    index('submission_events_submission_id_created_at_idx').on(t.submissionId, t.createdAt),
    oneOf('submission_events_kind_check', t.kind, submissionEventKinds),
  ],
);
