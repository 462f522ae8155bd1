import { and, eq, isNull } from 'drizzle-orm';
import type { Db, DbTransaction } from '../../db/client';
import { extDevices, extRefreshTokens } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit } from '../audit';
import { newOpaqueToken, sha256 } from './secrets';
import type { AccessTokenSigner } from './signing';

/** A refresh token not used for 60 days dies; a device must pair again after 180 days whatever it does. */
export const REFRESH_IDLE_MS = 60 * 24 * 60 * 60 * 1000;
export const DEVICE_MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;

export type DeviceRow = typeof extDevices.$inferSelect;

export async function issueRefreshToken(tx: DbTransaction, device: DeviceRow, now: Date): Promise<string> {
  const token = newOpaqueToken();
  await tx.insert(extRefreshTokens).values({
    tenantId: device.tenantId,
    deviceId: device.id,
    tokenHash: sha256(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + REFRESH_IDLE_MS),
  });
  return token;
}

/** Marks a device revoked (idempotent) and records who did it. */
export async function revokeDeviceRow(
  tx: DbTransaction,
  device: DeviceRow,
  reason: 'teacher' | 'extension' | 'reuse',
  now: Date,
) {
  if (device.revokedAt) return;
  await tx
    .update(extDevices)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(extDevices.id, device.id), isNull(extDevices.revokedAt)));
  await recordAudit(tx, {
    tenantId: device.tenantId,
    subjectPersonId: device.personId,
    actorPersonId: reason === 'reuse' ? null : device.personId,
    actorLabel: reason === 'reuse' ? 'system:extension-reuse-detection' : `lti:${device.launchUserId}`,
    client: reason === 'teacher' ? 'web' : 'extension',
    action: 'extension_device.revoke',
    entityType: 'ext_device',
    entityId: device.id,
    after: { reason },
  });
}

async function tokenWithDevice(db: Db, token: string) {
  const [row] = await db
    .select({ token: extRefreshTokens, device: extDevices })
    .from(extRefreshTokens)
    .innerJoin(extDevices, eq(extDevices.id, extRefreshTokens.deviceId))
    .where(eq(extRefreshTokens.tokenHash, sha256(token)));
  return row;
}

/**
 * Rotates a refresh token: the presented one is spent and a new one issued with a fresh access token. A spent
 * token coming back means two holders (or a thief): the whole device family is revoked.
 */
export async function rotateRefreshToken(db: Db, signer: AccessTokenSigner, token: string, now = new Date()) {
  const found = await tokenWithDevice(db, token);
  if (!found || found.device.revokedAt) throw new DomainError('invalid_grant');
  const { device } = found;
  const tooOld = now.getTime() - device.createdAt.getTime() > DEVICE_MAX_AGE_MS;
  if (found.token.expiresAt <= now || tooOld) throw new DomainError('invalid_grant');
  const rotated = await db.transaction(async (tx) => {
    const [spent] = await tx
      .update(extRefreshTokens)
      .set({ rotatedAt: now })
      .where(and(eq(extRefreshTokens.id, found.token.id), isNull(extRefreshTokens.rotatedAt)))
      .returning();
    if (!spent) return undefined;
    await tx.update(extDevices).set({ lastUsedAt: now }).where(eq(extDevices.id, device.id));
    return issueRefreshToken(tx, device, now);
  });
  if (!rotated) {
    await db.transaction((tx) => revokeDeviceRow(tx, device, 'reuse', now));
    throw new DomainError('invalid_grant', { reason: 'refresh_token_reused' });
  }
  const access = await signer.sign(
    { sub: device.personId, tid: device.tenantId, did: device.id, scope: 'clip:write library:read' },
    now,
  );
  return { refreshToken: rotated, access };
}

/** RFC 7009: revoking an unknown or spent token is not an error. */
export async function revokeByRefreshToken(db: Db, token: string, now = new Date()) {
  const found = await tokenWithDevice(db, token);
  if (found) await db.transaction((tx) => revokeDeviceRow(tx, found.device, 'extension', now));
}
