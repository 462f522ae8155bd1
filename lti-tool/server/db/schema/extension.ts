import { foreignKey, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { abilityCode, createdAt, oneOf, primaryId, timestamptz } from './columns';
import { ltiContexts } from './lti-links';
import { people } from './people';
import { tenantId } from './tenants';
import type { ClipVideo } from '../../../../shared/api/extension';

/**
 * Where a browser extension acts from: the launch that minted its pairing code. The device acts as that teacher
 * in that course (the enrolment is resolved through the same services as the web app).
 */
const launchBinding = () => ({
  tenantId: tenantId(),
  personId: uuid('person_id').notNull(),
  platformId: uuid('platform_id').notNull(),
  deploymentId: text('deployment_id').notNull(),
  contextId: uuid('context_id').references(() => ltiContexts.id, { onDelete: 'cascade' }),
  /** The platform user id (`sub`), for the audit actor label. */
  launchUserId: text('launch_user_id').notNull(),
  toolRoles: text('tool_roles').array().notNull(),
});

/** One-time pairing codes: stored hashed, 10 minutes, single use, at most 5 wrong guesses before they die. */
export const extPairingCodes = pgTable(
  'ext_pairing_codes',
  {
    id: primaryId(),
    ...launchBinding(),
    codeHash: text('code_hash').notNull(),
    /** The first characters of the code, so a wrong guess can be charged to the code it was aimed at. */
    lookup: text('lookup').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [
    unique('ext_pairing_codes_code_hash_key').on(t.codeHash),
    index('ext_pairing_codes_lookup_idx').on(t.lookup),
    foreignKey({
      name: 'ext_pairing_codes_person_fk',
      columns: [t.tenantId, t.personId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('cascade'),
  ],
);

/** A paired browser ("device family"): every refresh token it was ever given hangs off it. */
export const extDevices = pgTable(
  'ext_devices',
  {
    id: primaryId(),
    ...launchBinding(),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamptz('last_used_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
    /** `teacher`, `extension` (signed out), `reuse` (a rotated refresh token came back). */
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    unique('ext_devices_tenant_id_id_key').on(t.tenantId, t.id),
    index('ext_devices_person_idx').on(t.tenantId, t.personId),
    foreignKey({
      name: 'ext_devices_person_fk',
      columns: [t.tenantId, t.personId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('cascade'),
  ],
);

/** Refresh tokens, hashed. A token is used once: its successor is issued and `rotated_at` set. */
export const extRefreshTokens = pgTable(
  'ext_refresh_tokens',
  {
    id: primaryId(),
    tenantId: tenantId(),
    deviceId: uuid('device_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamptz('expires_at').notNull(),
    rotatedAt: timestamptz('rotated_at'),
  },
  (t) => [
    unique('ext_refresh_tokens_token_hash_key').on(t.tokenHash),
    index('ext_refresh_tokens_device_idx').on(t.deviceId),
    foreignKey({
      name: 'ext_refresh_tokens_device_fk',
      columns: [t.tenantId, t.deviceId],
      foreignColumns: [extDevices.tenantId, extDevices.id],
    }).onDelete('cascade'),
  ],
);

/** The HMAC secret that signs the extension's access tokens (one per deployment of the tool; `kid` rotates). */
export const extSigningKeys = pgTable('ext_signing_keys', {
  kid: text('kid').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});

export const libraryResourceKinds = ['page', 'selection', 'link', 'image', 'video'] as const;

/** A teacher's resource library: pages, selections, links, images and videos clipped from the web. */
export const libraryResources = pgTable(
  'library_resources',
  {
    id: primaryId(),
    tenantId: tenantId(),
    personId: uuid('person_id').notNull(),
    kind: text('kind', { enum: libraryResourceKinds }).notNull(),
    url: text('url').notNull(),
    normalizedUrl: text('normalized_url').notNull(),
    title: text('title').notNull(),
    site: text('site'),
    author: text('author'),
    published: text('published'),
    excerpt: text('excerpt'),
    text: text('text'),
    /** Sanitised on the server with an allow-list; rendered only in a sandboxed frame. */
    html: text('html'),
    imageUrl: text('image_url'),
    /** A screenshot of the visible area, in the blob store (`sha256/<hex>`), JPEG or PNG. */
    screenshotKey: text('screenshot_key'),
    screenshotMime: text('screenshot_mime'),
    /** Video pages: duration in seconds, provider, thumbnail, where the teacher was. */
    video: jsonb('video').$type<ClipVideo>(),
    tags: text('tags').array().notNull().default([]),
    abilityCode: abilityCode(),
    note: text('note'),
    deviceId: uuid('device_id'),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('library_resources_kind_check', t.kind, libraryResourceKinds),
    index('library_resources_person_idx').on(t.tenantId, t.personId, t.createdAt),
    index('library_resources_url_idx').on(t.tenantId, t.personId, t.normalizedUrl),
    foreignKey({
      name: 'library_resources_person_fk',
      columns: [t.tenantId, t.personId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('cascade'),
  ],
);

/**
 * One row per `Idempotency-Key` a person sent: claimed before the work, completed with the response after it,
 * so a retry that follows a success gets the same answer and never a second resource.
 */
export const extClips = pgTable(
  'ext_clips',
  {
    id: primaryId(),
    tenantId: tenantId(),
    personId: uuid('person_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    destination: text('destination').notNull(),
    resourceId: uuid('resource_id').references(() => libraryResources.id, { onDelete: 'set null' }),
    response: jsonb('response'),
    createdAt: createdAt(),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    unique('ext_clips_person_key').on(t.tenantId, t.personId, t.idempotencyKey),
    oneOf('ext_clips_destination_check', t.destination, ['library', 'evidence']),
  ],
);
