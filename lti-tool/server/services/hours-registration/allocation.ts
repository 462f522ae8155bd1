import { and, eq } from 'drizzle-orm';
import type { HoursAllocationBody } from '../../../../shared/api/hours-registrations';
import type { Db } from '../../db/client';
import { hoursAllocations, programmeInstances } from '../../db/schema';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import type { ExportScope } from '../exports/scope';
import { requireRole } from '../../policies/roles';

const key = (scope: ExportScope) =>
  and(
    eq(hoursAllocations.tenantId, scope.tenantId),
    eq(hoursAllocations.programmeInstanceId, scope.programmeInstanceId),
    eq(hoursAllocations.countyId, scope.organisation.id),
  );

/** The programme instance's school years (start to end), for the allocation form and its check. */
export async function programmeYears(db: Db, scope: ExportScope): Promise<number[]> {
  const [instance] = await db
    .select()
    .from(programmeInstances)
    .where(eq(programmeInstances.id, scope.programmeInstanceId));
  if (!instance) throw new DomainError('not_found');
  return Array.from({ length: instance.endYear - instance.startYear + 1 }, (_, i) => instance.startYear + i);
}

export async function getAllocation(db: Db, scope: ExportScope) {
  const [row] = await db.select().from(hoursAllocations).where(key(scope));
  return row;
}

/** The county sets (or changes) its ratio; audited. Registrations already prepared keep the ratio they used. */
export async function setAllocation(db: Db, scope: ExportScope, actor: Actor, input: HoursAllocationBody) {
  requireRole(actor, 'assessor');
  const years = await programmeYears(db, scope);
  if (Object.keys(input.shares).some((y) => !years.includes(Number(y)))) {
    throw new DomainError('hours_allocation_invalid', { field: 'shares', years });
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(hoursAllocations).where(key(scope));
    const values = { shares: input.shares, setBy: actor.personId, updatedAt: new Date() };
    const [row] = before
      ? await tx.update(hoursAllocations).set(values).where(eq(hoursAllocations.id, before.id)).returning()
      : await tx
          .insert(hoursAllocations)
          .values({
            tenantId: scope.tenantId,
            programmeInstanceId: scope.programmeInstanceId,
            countyId: scope.organisation.id,
            ...values,
          })
          .returning();
    await recordAudit(tx, {
      tenantId: scope.tenantId,
      ...auditActor(actor),
      action: 'hours_allocation.set',
      entityType: 'hours_allocation',
      entityId: (row as { id: string }).id,
      before: before ? { shares: before.shares } : undefined,
      after: { shares: input.shares },
    });
    return row as typeof hoursAllocations.$inferSelect;
  });
}
