import { foreignKey, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, primaryId, timestamptz } from './columns';
import { platforms } from './lti-registrations';
import { people } from './people';
import { tenantId } from './tenants';
import { ltiContexts, ltiResourceLinks } from './lti-links';

/**
 * OIDC login states already used by a launch (lti/oidc-state.ts: the state itself is signed, not stored). The launch
 * inserts the state's hash in the statement that opens its session; a second launch with the same state conflicts
 * and is refused (atomic single use). Rows are purged once the state has expired anyway.
 */
export const oidcUsedStates = pgTable(
  'oidc_used_states',
  {
    stateHash: text('state_hash').primaryKey(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [index('oidc_used_states_expires_at_idx').on(t.expiresAt)],
);

/**
 * A short-lived session of the in-LMS app after a launch. The bearer token itself never reaches the database
 * (only its hash) and never travels in a URL: the launch page hands it to the app, which sends it in a header.
 */
export const appSessions = pgTable(
  'app_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: tenantId(),
    platformId: uuid('platform_id').notNull(),
    deploymentId: text('deployment_id').notNull(),
    personId: uuid('person_id').notNull(),
    contextId: uuid('context_id').references(() => ltiContexts.id, { onDelete: 'cascade' }),
    resourceLinkId: uuid('resource_link_id').references(() => ltiResourceLinks.id, { onDelete: 'cascade' }),
    messageType: text('message_type').notNull(),
    /** Tool roles granted by this launch (teacher, assessor, …) and the platform roles they came from. */
    toolRoles: text('tool_roles').array().notNull(),
    platformRoles: jsonb('platform_roles').notNull(),
    locale: text('locale').notNull(),
    /** What the app needs from the launch: custom parameters, deep-linking settings, return URL. */
    launch: jsonb('launch').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [
    foreignKey({
      name: 'app_sessions_person_fk',
      columns: [t.tenantId, t.personId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'app_sessions_platform_fk',
      columns: [t.tenantId, t.platformId],
      foreignColumns: [platforms.tenantId, platforms.id],
    }).onDelete('cascade'),
    index('app_sessions_expires_at_idx').on(t.expiresAt),
  ],
);

/** One-time links an administrator creates for LTI Dynamic Registration. */
export const registrationTickets = pgTable(
  'lti_registration_tickets',
  {
    id: primaryId(),
    ticketHash: text('ticket_hash').notNull(),
    tenantId: tenantId(),
    createdBy: text('created_by').notNull(),
    note: text('note'),
    createdAt: createdAt(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    platformId: uuid('platform_id').references(() => platforms.id, { onDelete: 'set null' }),
  },
  (t) => [unique('lti_registration_tickets_ticket_hash_key').on(t.ticketHash)],
);
