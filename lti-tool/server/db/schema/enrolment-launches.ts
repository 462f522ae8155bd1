import { foreignKey, index, pgTable, unique, uuid } from 'drizzle-orm/pg-core';
import { abilityCode, primaryId, timestamptz } from './columns';
import { ltiContexts, ltiResourceLinks } from './lti-links';
import { enrolments } from './programmes';
import { tenantId } from './tenants';

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
