import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz, updatedAt } from './columns';
import { platforms } from './lti-registrations';
import { organisations } from './organisations';
import { tenantId } from './tenants';

/** A person known to a tenant: teacher, reviewer or administrator. */
export const people = pgTable(
  'people',
  {
    id: primaryId(),
    tenantId: tenantId(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('people_tenant_id_id_key').on(t.tenantId, t.id),
    index('people_tenant_id_email_idx').on(t.tenantId, sql`lower(${t.email})`),
  ],
);

/** How a platform user (`sub`, unique only per issuer/registration) maps to a person. */
export const ltiIdentities = pgTable(
  'lti_identities',
  {
    id: primaryId(),
    tenantId: tenantId(),
    platformId: uuid('platform_id').notNull(),
    subject: text('subject').notNull(),
    personId: uuid('person_id').notNull(),
    createdAt: createdAt(),
    lastLaunchAt: timestamptz('last_launch_at'),
  },
  (t) => [
    unique('lti_identities_platform_id_subject_key').on(t.platformId, t.subject),
    foreignKey({
      name: 'lti_identities_platform_fk',
      columns: [t.tenantId, t.platformId],
      foreignColumns: [platforms.tenantId, platforms.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'lti_identities_person_fk',
      columns: [t.tenantId, t.personId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('cascade'),
    index('lti_identities_person_id_idx').on(t.personId),
    check('lti_identities_subject_length', sql`octet_length(${t.subject}) between 1 and 255`),
  ],
);

export const roles = ['teacher', 'school_team', 'assessor', 'county_admin', 'city_admin', 'institution_admin'] as const;
export type Role = (typeof roles)[number];

/** How a role was granted: an LTI role mapping at launch, the admin screen, or a roster import. */
export const roleGrantSources = ['lti', 'admin', 'roster'] as const;
/** A role held over an organisation subtree. Revoked rows stay for history; at most one live row per grant. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: primaryId(),
    tenantId: tenantId(),
    personId: uuid('person_id').notNull(),
    role: text('role', { enum: roles }).notNull(),
    organisationId: uuid('organisation_id').notNull(),
    grantedAt: timestamptz('granted_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
    source: text('source', { enum: roleGrantSources }).notNull().default('admin'),
  },
  (t) => [
    foreignKey({
      name: 'role_assignments_person_fk',
      columns: [t.tenantId, t.personId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'role_assignments_organisation_fk',
      columns: [t.tenantId, t.organisationId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('cascade'),
    uniqueIndex('role_assignments_live_key')
      .on(t.personId, t.role, t.organisationId)
      .where(sql`${t.revokedAt} is null`),
    index('role_assignments_organisation_id_role_idx').on(t.organisationId, t.role),
    oneOf('role_assignments_role_check', t.role, roles),
    oneOf('role_assignments_source_check', t.source, roleGrantSources),
    check('role_assignments_revoked_after_granted', sql`${t.revokedAt} is null or ${t.revokedAt} >= ${t.grantedAt}`),
  ],
);
