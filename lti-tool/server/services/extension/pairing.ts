import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { extDevices, extPairingCodes } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit } from '../audit';
import type { LaunchActor } from '../actor';
import { issueRefreshToken } from './refresh';
import { canonicalPairingCode, newPairingCode, sha256 } from './secrets';
import type { AccessTokenSigner } from './signing';
import { requireRole } from '../../policies/roles';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;
export const PAIRING_MAX_ATTEMPTS = 5;
/** Live (unused, unexpired) codes one person may hold at once. */
export const PAIRING_MAX_LIVE_CODES = 5;

/** The actor's launch, which the code (and later the device) is bound to. */
const bindingOf = (actor: LaunchActor) => ({
  tenantId: actor.tenantId,
  personId: actor.personId,
  platformId: actor.launch.platformId,
  deploymentId: actor.launch.deploymentId,
  contextId: actor.launch.contextId,
  launchUserId: actor.launch.userId,
  toolRoles: [...actor.roles],
});

/** How recent the launch must be to mint a pairing code. */
export const PAIRING_LAUNCH_MAX_AGE_MS = 60 * 60 * 1000;

/** A one-time code for the teacher of this launch. Only the hash is kept. */
export async function mintPairingCode(db: Db, actor: LaunchActor, now = new Date()) {
  requireRole(actor, 'teacher');
  // A code hands out long-lived browser access: only right after the LMS vouched for the teacher (extension.md §2).
  if (now.getTime() - actor.launch.at.getTime() > PAIRING_LAUNCH_MAX_AGE_MS) throw new DomainError('launch_too_old');
  const [live] = await db
    .select({
      n: sql<number>`count(*)::int`,
      firstExpiry: sql`min(${extPairingCodes.expiresAt})`.mapWith(extPairingCodes.expiresAt),
    })
    .from(extPairingCodes)
    .where(
      and(
        eq(extPairingCodes.tenantId, actor.tenantId),
        eq(extPairingCodes.personId, actor.personId),
        isNull(extPairingCodes.usedAt),
        gt(extPairingCodes.expiresAt, now),
        sql`${extPairingCodes.attempts} < ${PAIRING_MAX_ATTEMPTS}`,
      ),
    );
  if ((live?.n ?? 0) >= PAIRING_MAX_LIVE_CODES) {
    // The next code can be had when the oldest live one expires (or is used): say when, and the quicker fix.
    const firstExpiry = live?.firstExpiry ? live.firstExpiry.getTime() : now.getTime() + PAIRING_CODE_TTL_MS;
    const retryAfterSeconds = Math.max(1, Math.ceil((firstExpiry - now.getTime()) / 1000));
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new DomainError(
      'rate_limited',
      { limit: PAIRING_MAX_LIVE_CODES, retryAfterSeconds },
      {
        zh: `配对码过多：同时最多 ${PAIRING_MAX_LIVE_CODES} 个未使用的配对码。请在插件中输入已有的配对码，或在 ${minutes} 分钟后（最早的配对码过期时）再生成。`,
        en: `Too many pairing codes: at most ${PAIRING_MAX_LIVE_CODES} unused codes at a time. Enter one you already have in the extension, or create a new one in ${minutes} minutes, when the oldest expires.`,
      },
    );
  }
  const code = newPairingCode();
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
  await db.insert(extPairingCodes).values({
    ...bindingOf(actor),
    codeHash: sha256(code),
    lookup: code.slice(0, 2),
    createdAt: now,
    expiresAt,
  });
  return { code, expiresAt };
}

/**
 * Exchanges a code for a device and its first tokens. A wrong guess is charged to every live code sharing its
 * first two characters (the only part kept in clear), so no code survives more than five guesses aimed at it.
 */
export async function pairDevice(
  db: Db,
  signer: AccessTokenSigner,
  input: { code: string; deviceName: string },
  now = new Date(),
) {
  const code = canonicalPairingCode(input.code);
  if (!code) throw new DomainError('pairing_code_invalid');
  const live = and(
    eq(extPairingCodes.lookup, code.slice(0, 2)),
    isNull(extPairingCodes.usedAt),
    gt(extPairingCodes.expiresAt, now),
    sql`${extPairingCodes.attempts} < ${PAIRING_MAX_ATTEMPTS}`,
  );
  const paired = await db.transaction(async (tx) => {
    const [used] = await tx
      .update(extPairingCodes)
      .set({ usedAt: now })
      .where(and(live, eq(extPairingCodes.codeHash, sha256(code))))
      .returning();
    if (!used) return undefined;
    const [device] = await tx
      .insert(extDevices)
      .values({
        tenantId: used.tenantId,
        personId: used.personId,
        platformId: used.platformId,
        deploymentId: used.deploymentId,
        contextId: used.contextId,
        launchUserId: used.launchUserId,
        toolRoles: used.toolRoles,
        name: input.deviceName,
        createdAt: now,
        lastUsedAt: now,
      })
      .returning();
    if (!device) throw new Error('device insert returned no row');
    const refreshToken = await issueRefreshToken(tx, device, now);
    await recordAudit(tx, {
      tenantId: device.tenantId,
      subjectPersonId: device.personId,
      actorPersonId: device.personId,
      actorLabel: `lti:${device.launchUserId}`,
      client: 'extension',
      action: 'extension_device.pair',
      entityType: 'ext_device',
      entityId: device.id,
      after: { id: device.id, name: device.name },
    });
    return { device, refreshToken };
  });
  if (!paired) {
    await db
      .update(extPairingCodes)
      .set({ attempts: sql`${extPairingCodes.attempts} + 1` })
      .where(live);
    throw new DomainError('pairing_code_invalid');
  }
  const access = await signer.sign(
    {
      sub: paired.device.personId,
      tid: paired.device.tenantId,
      did: paired.device.id,
      scope: 'clip:write library:read',
    },
    now,
  );
  return { device: paired.device, refreshToken: paired.refreshToken, access };
}
