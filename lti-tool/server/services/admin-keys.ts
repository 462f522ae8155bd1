import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { adminApiKeys } from '../db/schema';
import { recordAudit, type AuditActor } from './audit';
import { DomainError } from './errors';

/** Every admin key starts with this, so the auth middleware can tell a key from a launch-session token. */
export const ADMIN_KEY_PREFIX = 'lak_';
/** At most this many live keys per tenant: enough for people and scripts, few enough to review. */
export const MAX_LIVE_KEYS = 20;

const hashKey = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export const isAdminKey = (token: string) => token.startsWith(ADMIN_KEY_PREFIX);

export interface AdminKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const columns = {
  id: adminApiKeys.id,
  name: adminApiKeys.name,
  prefix: adminApiKeys.prefix,
  createdAt: adminApiKeys.createdAt,
  lastUsedAt: adminApiKeys.lastUsedAt,
  revokedAt: adminApiKeys.revokedAt,
};

export async function listAdminKeys(db: Db, tenantId: string): Promise<AdminKeyRow[]> {
  return db
    .select(columns)
    .from(adminApiKeys)
    .where(eq(adminApiKeys.tenantId, tenantId))
    .orderBy(desc(adminApiKeys.createdAt));
}

/** Creates a key; the secret is returned once and only its hash is stored. Audited. */
export async function createAdminKey(
  db: Db,
  input: { tenantId: string; name: string; createdByPersonId: string | null },
  actor: AuditActor,
): Promise<{ key: AdminKeyRow; secret: string }> {
  const secret = ADMIN_KEY_PREFIX + randomBytes(32).toString('base64url');
  return db.transaction(async (tx) => {
    const live = await tx
      .select({ id: adminApiKeys.id })
      .from(adminApiKeys)
      .where(and(eq(adminApiKeys.tenantId, input.tenantId), isNull(adminApiKeys.revokedAt)));
    if (live.length >= MAX_LIVE_KEYS) {
      throw new DomainError('conflict', { reason: 'too_many_keys', limit: MAX_LIVE_KEYS });
    }
    const [key] = await tx
      .insert(adminApiKeys)
      .values({
        tenantId: input.tenantId,
        name: input.name,
        prefix: secret.slice(0, ADMIN_KEY_PREFIX.length + 6),
        keyHash: hashKey(secret),
        createdByPersonId: input.createdByPersonId,
      })
      .returning(columns);
    if (!key) throw new Error('admin key insert returned no row');
    await recordAudit(tx, {
      ...actor,
      tenantId: input.tenantId,
      action: 'admin_key.create',
      entityType: 'admin_api_key',
      entityId: key.id,
      after: { name: key.name, prefix: key.prefix },
    });
    return { key, secret };
  });
}

/** Revokes a key of the tenant (another tenant's key is not found). Revoking twice is a no-op. Audited. */
export async function revokeAdminKey(db: Db, tenantId: string, id: string, actor: AuditActor): Promise<AdminKeyRow> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select(columns)
      .from(adminApiKeys)
      .where(and(eq(adminApiKeys.id, id), eq(adminApiKeys.tenantId, tenantId)));
    if (!current) throw new DomainError('not_found');
    if (current.revokedAt) return current;
    const [revoked] = await tx
      .update(adminApiKeys)
      .set({ revokedAt: new Date() })
      .where(eq(adminApiKeys.id, id))
      .returning(columns);
    if (!revoked) throw new DomainError('not_found');
    await recordAudit(tx, {
      ...actor,
      tenantId,
      action: 'admin_key.revoke',
      entityType: 'admin_api_key',
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: revoked.revokedAt },
    });
    return revoked;
  });
}

/** The live key behind a secret, or undefined. Notes its last use (at most once a minute, to spare writes). */
export async function findAdminKey(
  db: Db,
  secret: string,
  now = new Date(),
): Promise<{ id: string; tenantId: string; name: string; createdByPersonId: string | null } | undefined> {
  if (!isAdminKey(secret) || secret.length > 200) return undefined;
  const [row] = await db
    .select({
      id: adminApiKeys.id,
      tenantId: adminApiKeys.tenantId,
      name: adminApiKeys.name,
      createdByPersonId: adminApiKeys.createdByPersonId,
      lastUsedAt: adminApiKeys.lastUsedAt,
    })
    .from(adminApiKeys)
    .where(and(eq(adminApiKeys.keyHash, hashKey(secret)), isNull(adminApiKeys.revokedAt)));
  if (!row) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(adminApiKeys).set({ lastUsedAt: now }).where(eq(adminApiKeys.id, row.id));
  }
  return { id: row.id, tenantId: row.tenantId, name: row.name, createdByPersonId: row.createdByPersonId };
}
