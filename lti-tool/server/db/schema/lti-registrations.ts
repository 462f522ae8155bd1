import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz, updatedAt } from './columns';
import { tenantId } from './tenants';
import {
  DEPLOYMENT_STATUSES,
  PLATFORM_STATUSES,
  type DeploymentStatus,
  type PlatformStatus,
} from '../../../../shared/domain/ids';

export const platformStatuses = PLATFORM_STATUSES;
export type { PlatformStatus, DeploymentStatus };
export const deploymentStatuses = DEPLOYMENT_STATUSES;
export const contactEndpoints = ['jwks', 'token'] as const;
export type ContactEndpoint = (typeof contactEndpoints)[number];

/**
 * One LTI 1.3 registration of this tool in a platform (LMS). (issuer, client_id) is globally unique:
 * a launch names both, and must resolve to exactly one registration and therefore one tenant.
 */
export const platforms = pgTable(
  'platforms',
  {
    id: primaryId(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    authLoginUrl: text('auth_login_url').notNull(),
    accessTokenUrl: text('access_token_url').notNull(),
    /** Platform key set; `public_jwk` is the static-key alternative some platforms use instead. */
    jwksUrl: text('jwks_url'),
    publicJwk: jsonb('public_jwk'),
    /** Audience for client assertions when it differs from the token URL (Sec §4.1.1). */
    authorizationServer: text('authorization_server'),
    status: text('status', { enum: platformStatuses }).notNull().default('pending'),
    /**
     * Reachability: the last time the platform's JWKS and its token endpoint each answered, and the last failure
     * (endpoint and a short reason code). Unreachable while that failure is newer than its endpoint's last success:
     * a registration deleted in Moodle keeps its site-wide JWKS but its token endpoint refuses the client.
     */
    jwksOkAt: timestamptz('jwks_ok_at'),
    tokenOkAt: timestamptz('token_ok_at'),
    contactFailedAt: timestamptz('contact_failed_at'),
    contactFailedEndpoint: text('contact_failed_endpoint', { enum: contactEndpoints }),
    contactError: text('contact_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf('platforms_contact_failed_endpoint_check', t.contactFailedEndpoint, contactEndpoints),
    unique('platforms_issuer_client_id_key').on(t.issuer, t.clientId),
    unique('platforms_tenant_id_id_key').on(t.tenantId, t.id),
    oneOf('platforms_status_check', t.status, platformStatuses),
    check('platforms_key_source_check', sql`${t.jwksUrl} is not null or ${t.publicJwk} is not null`),
  ],
);

/** A deployment of a registration (Core §3.1.3); deployment_id is case-sensitive, at most 255 ASCII characters. */
export const deployments = pgTable(
  'lti_deployments',
  {
    id: primaryId(),
    tenantId: tenantId(),
    platformId: uuid('platform_id').notNull(),
    deploymentId: text('deployment_id').notNull(),
    name: text('name'),
    status: text('status', { enum: deploymentStatuses }).notNull().default('active'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'lti_deployments_platform_fk',
      columns: [t.tenantId, t.platformId],
      foreignColumns: [platforms.tenantId, platforms.id],
    }).onDelete('cascade'),
    // Deterministic collation compares bytes, so this uniqueness is case-sensitive as the spec requires.
    unique('lti_deployments_platform_id_deployment_id_key').on(t.platformId, t.deploymentId),
    check(
      'lti_deployments_deployment_id_check',
      sql`${t.deploymentId} ~ '^[\\x20-\\x7E]+$' and octet_length(${t.deploymentId}) <= 255`,
    ),
    oneOf('lti_deployments_status_check', t.status, deploymentStatuses),
    index('lti_deployments_tenant_id_idx').on(t.tenantId),
  ],
);
