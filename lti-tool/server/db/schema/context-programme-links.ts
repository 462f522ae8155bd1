import { foreignKey, pgTable, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, primaryId, updatedAt } from './columns';
import { ltiContexts } from './lti-links';
import { organisations } from './organisations';
import { people } from './people';
import { programmeInstances } from './programmes';
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
