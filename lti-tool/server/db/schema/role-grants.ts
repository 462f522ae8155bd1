import { foreignKey, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId } from './columns';
import { platforms } from './lti-registrations';
import { tenantId } from './tenants';

/** The organisation-scoped roles a launch may grant through a mapping (the tool's own roles come from tool-roles). */
export const mappedRoles = ['school_team', 'county_admin', 'city_admin'] as const;
export type MappedRole = (typeof mappedRoles)[number];

/**
 * An LTI role mapping: a platform role (full URI or short name, e.g. `…/institution/person#Staff` or `Mentor`)
 * that grants a school team, county or city role at launch, on the organisation named by the launch's
 * `org_code` custom parameter or else on the organisation the course is linked to.
 */
export const roleMappings = pgTable(
  'role_mappings',
  {
    id: primaryId(),
    tenantId: tenantId(),
    platformId: uuid('platform_id').notNull(),
    ltiRole: text('lti_role').notNull(),
    role: text('role', { enum: mappedRoles }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('role_mappings_platform_role_key').on(t.platformId, t.ltiRole),
    foreignKey({
      name: 'role_mappings_platform_fk',
      columns: [t.tenantId, t.platformId],
      foreignColumns: [platforms.tenantId, platforms.id],
    }).onDelete('cascade'),
    oneOf('role_mappings_role_check', t.role, mappedRoles),
  ],
);
