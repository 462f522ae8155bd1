import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { extDevices } from '../../db/schema';
import { DomainError } from '../errors';
import type { LaunchActor } from '../actor';
import { revokeDeviceRow } from './refresh';

/** The teacher's connected browsers, newest first (revoked ones are left out). */
export async function listDevices(db: Db, actor: LaunchActor) {
  const rows = await db
    .select()
    .from(extDevices)
    .where(
      and(
        eq(extDevices.tenantId, actor.tenantId),
        eq(extDevices.personId, actor.personId),
        isNull(extDevices.revokedAt),
      ),
    )
    .orderBy(desc(extDevices.createdAt));
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    createdAt: d.createdAt.toISOString(),
    lastUsedAt: d.lastUsedAt.toISOString(),
  }));
}

export async function revokeDeviceOfTeacher(db: Db, actor: LaunchActor, deviceId: string, now = new Date()) {
  const [device] = await db
    .select()
    .from(extDevices)
    .where(
      and(
        eq(extDevices.id, deviceId),
        eq(extDevices.tenantId, actor.tenantId),
        eq(extDevices.personId, actor.personId),
      ),
    );
  if (!device) throw new DomainError('not_found');
  await db.transaction((tx) => revokeDeviceRow(tx, device, 'teacher', now));
}
