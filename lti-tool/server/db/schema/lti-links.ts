import { foreignKey, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, primaryId, timestamptz, updatedAt } from './columns';
import { platforms } from './lti-registrations';
import { tenantId } from './tenants';

/**
 * A platform course (LTI context) as last seen in a launch, with the service endpoints it advertised, so rosters and
 * grades can be synced later without a live launch.
 */
export const ltiContexts = pgTable(
  'lti_contexts',
  {
    id: primaryId(),
    tenantId: tenantId(),
    platformId: uuid('platform_id').notNull(),
    deploymentId: text('deployment_id').notNull(),
    contextId: text('context_id').notNull(),
    label: text('label'),
    title: text('title'),
    membershipsUrl: text('memberships_url'),
    lineItemsUrl: text('line_items_url'),
    agsScopes: text('ags_scopes').array(),
    /** The organisation (school, county) this course serves, once an administrator links it. */
    organisationId: uuid('organisation_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastLaunchAt: timestamptz('last_launch_at'),
  },
  (t) => [
    unique('lti_contexts_platform_id_context_id_key').on(t.platformId, t.contextId),
    unique('lti_contexts_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'lti_contexts_platform_fk',
      columns: [t.tenantId, t.platformId],
      foreignColumns: [platforms.tenantId, platforms.id],
    }).onDelete('cascade'),
  ],
);

/** A placement of the tool in a course (LTI resource link), with what it opens and its coupled line item. */
export const ltiResourceLinks = pgTable(
  'lti_resource_links',
  {
    id: primaryId(),
    tenantId: tenantId(),
    platformId: uuid('platform_id').notNull(),
    contextId: uuid('context_id'),
    resourceLinkId: text('resource_link_id').notNull(),
    title: text('title'),
    custom: jsonb('custom').notNull().default({}),
    lineItemUrl: text('line_item_url'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('lti_resource_links_platform_id_resource_link_id_key').on(t.platformId, t.resourceLinkId),
    foreignKey({
      name: 'lti_resource_links_context_fk',
      columns: [t.tenantId, t.contextId],
      foreignColumns: [ltiContexts.tenantId, ltiContexts.id],
    }).onDelete('cascade'),
    index('lti_resource_links_context_id_idx').on(t.contextId),
  ],
);
