import { foreignKey, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { abilityCode, createdAt, oneOf, primaryId, timestamptz, updatedAt } from './columns';
import { ltiContexts, ltiResourceLinks } from './lti-links';
import { organisations } from './organisations';
import { people } from './people';
import { enrolments, programmeInstances } from './programmes';
import { submissions } from './submissions';
import { tenantId } from './tenants';

/**
 * An institution administrator's decision that a platform course serves one programme instance for one
 * organisation (a school, or a county whose teachers then pick their school). One link per course.
 */
export const contextProgrammeLinks = pgTable(
  'context_programme_links',
  {
    id: primaryId(),
    tenantId: tenantId(),
    contextId: uuid('context_id').notNull(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    linkedByPersonId: uuid('linked_by_person_id').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('context_programme_links_context_id_key').on(t.contextId),
    foreignKey({
      name: 'context_programme_links_context_fk',
      columns: [t.tenantId, t.contextId],
      foreignColumns: [ltiContexts.tenantId, ltiContexts.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'context_programme_links_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'context_programme_links_organisation_fk',
      columns: [t.tenantId, t.organisationId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'context_programme_links_linked_by_fk',
      columns: [t.tenantId, t.linkedByPersonId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
  ],
);

/**
 * Which tool placements a teacher opened, so a grade can go to the deep-linked ability column the teacher
 * actually launched (sessions expire; this does not).
 */
export const enrolmentLaunches = pgTable(
  'enrolment_launches',
  {
    id: primaryId(),
    tenantId: tenantId(),
    enrolmentId: uuid('enrolment_id').notNull(),
    contextId: uuid('context_id').notNull(),
    resourceLinkId: uuid('resource_link_id'),
    /** `ability_code` of an ability placement, else null. */
    abilityCode: abilityCode(),
    lastLaunchAt: timestamptz('last_launch_at').notNull().defaultNow(),
  },
  (t) => [
    unique('enrolment_launches_enrolment_context_link_key')
      .on(t.enrolmentId, t.contextId, t.resourceLinkId)
      .nullsNotDistinct(),
    foreignKey({
      name: 'enrolment_launches_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'enrolment_launches_context_fk',
      columns: [t.tenantId, t.contextId],
      foreignColumns: [ltiContexts.tenantId, ltiContexts.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'enrolment_launches_resource_link_fk',
      columns: [t.resourceLinkId],
      foreignColumns: [ltiResourceLinks.id],
    }).onDelete('cascade'),
    index('enrolment_launches_enrolment_id_ability_code_idx').on(t.enrolmentId, t.abilityCode),
  ],
);

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
