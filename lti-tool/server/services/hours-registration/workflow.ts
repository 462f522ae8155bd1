import { and, desc, eq, sql } from 'drizzle-orm';
import type { HoursRegistration, PrepareRegistrationBody } from '../../../../shared/api/hours-registrations';
import type { Db, DbTransaction } from '../../db/client';
import { hoursRegistrationRows, hoursRegistrations } from '../../db/schema';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import type { ExportScope } from '../exports/scope';
import { getAllocation } from './allocation';
import { registrationRows } from './rows';

type Registration = typeof hoursRegistrations.$inferSelect;
type PrepareInput = Required<{ [K in keyof PrepareRegistrationBody]: NonNullable<PrepareRegistrationBody[K]> }>;

const mine = (scope: ExportScope) =>
  and(
    eq(hoursRegistrations.tenantId, scope.tenantId),
    eq(hoursRegistrations.programmeInstanceId, scope.programmeInstanceId),
    eq(hoursRegistrations.countyId, scope.organisation.id),
  );

const need = (actor: Actor, role: 'institution_admin' | 'assessor') => {
  if (!actor.roles.includes(role)) throw new DomainError('forbidden', { role });
};

/** Every registration of the county and programme, newest version first, with its teacher count and total. */
export async function listRegistrations(db: Db, scope: ExportScope): Promise<HoursRegistration[]> {
  const rows = await db
    .select({
      registration: hoursRegistrations,
      teachers: sql<number>`count(distinct ${hoursRegistrationRows.enrolmentId})::int`,
      total: sql<string>`coalesce(sum(${hoursRegistrationRows.hours}), 0)`,
    })
    .from(hoursRegistrations)
    .leftJoin(hoursRegistrationRows, eq(hoursRegistrationRows.registrationId, hoursRegistrations.id))
    .where(mine(scope))
    .groupBy(hoursRegistrations.id)
    .orderBy(desc(hoursRegistrations.version));
  return rows.map((r) => present(r.registration, Number(r.teachers), Number(r.total)));
}

export async function getRegistration(db: Db, scope: ExportScope, id: string): Promise<HoursRegistration> {
  const found = (await listRegistrations(db, scope)).find((r) => r.id === id);
  if (!found) throw new DomainError('not_found');
  return found;
}

/**
 * The institution prepares the registration: a returned (or still prepared) one is recomputed in place; after a
 * lock, a correction is a new version pointing at the locked one; a submitted one waits for the county.
 */
export async function prepareRegistration(db: Db, scope: ExportScope, actor: Actor, input: PrepareInput) {
  need(actor, 'institution_admin');
  const allocation = await getAllocation(db, scope);
  if (!allocation) throw new DomainError('hours_allocation_required');
  const rows = await registrationRows(db, scope, { idSource: input.idSource, shares: allocation.shares });
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'hours-registration:' + scope.organisation.id}))`);
    const [latest] = await tx
      .select()
      .from(hoursRegistrations)
      .where(mine(scope))
      .orderBy(desc(hoursRegistrations.version))
      .limit(1);
    if (latest?.status === 'submitted') throw new DomainError('hours_registration_state', { status: latest.status });
    const open = latest && (latest.status === 'prepared' || latest.status === 'returned') ? latest : undefined;
    const fields = {
      idHeader: input.idHeader,
      idSource: input.idSource,
      shares: allocation.shares,
      status: 'prepared' as const,
      preparedBy: actor.personId,
      preparedAt: new Date(),
    };
    let registration: Registration;
    if (open) {
      await tx.delete(hoursRegistrationRows).where(eq(hoursRegistrationRows.registrationId, open.id));
      [registration] = (await tx
        .update(hoursRegistrations)
        .set(fields)
        .where(eq(hoursRegistrations.id, open.id))
        .returning()) as [Registration];
    } else {
      [registration] = (await tx
        .insert(hoursRegistrations)
        .values({
          tenantId: scope.tenantId,
          programmeInstanceId: scope.programmeInstanceId,
          countyId: scope.organisation.id,
          version: (latest?.version ?? 0) + 1,
          correctsId: latest?.status === 'locked' ? latest.id : null,
          ...fields,
        })
        .returning()) as [Registration];
    }
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insert(hoursRegistrationRows)
        .values(
          rows.slice(i, i + 500).map((r) => ({ ...r, tenantId: scope.tenantId, registrationId: registration.id })),
        );
    }
    await audit(
      tx,
      scope,
      actor,
      registration,
      open
        ? 'hours_registration.reprepare'
        : registration.correctsId
          ? 'hours_registration.correct'
          : 'hours_registration.prepare',
      {
        rows: rows.length,
        shares: allocation.shares,
      },
    );
    return registration.id;
  });
  return getRegistration(db, scope, id);
}

/** One workflow step: checks the role and the state, writes the change and its audit entry in one transaction. */
async function step(
  db: Db,
  scope: ExportScope,
  actor: Actor,
  id: string,
  rule: { role: 'institution_admin' | 'assessor'; from: Registration['status'][]; action: string },
  change: (r: Registration) => Partial<typeof hoursRegistrations.$inferInsert>,
) {
  need(actor, rule.role);
  await db.transaction(async (tx) => {
    const [r] = await tx
      .select()
      .from(hoursRegistrations)
      .where(and(mine(scope), eq(hoursRegistrations.id, id)))
      .for('update');
    if (!r) throw new DomainError('not_found');
    if (!rule.from.includes(r.status)) throw new DomainError('hours_registration_state', { status: r.status });
    const set = change(r);
    const [after] = (await tx.update(hoursRegistrations).set(set).where(eq(hoursRegistrations.id, id)).returning()) as [
      Registration,
    ];
    await audit(tx, scope, actor, after, rule.action, { from: r.status, to: after.status, reason: after.returnReason });
  });
  return getRegistration(db, scope, id);
}

export const submitRegistration = (db: Db, scope: ExportScope, actor: Actor, id: string) =>
  step(
    db,
    scope,
    actor,
    id,
    { role: 'institution_admin', from: ['prepared'], action: 'hours_registration.submit' },
    () => ({
      status: 'submitted',
      submittedBy: actor.personId,
      submittedAt: new Date(),
      returnReason: null,
    }),
  );

/** The county audits: never the person who submitted it. */
function auditor(actor: Actor, r: Registration) {
  if (r.submittedBy && r.submittedBy === actor.personId) throw new DomainError('hours_registration_same_person');
  return { auditedBy: actor.personId, auditedAt: new Date() };
}

export const returnRegistration = (db: Db, scope: ExportScope, actor: Actor, id: string, reason: string) =>
  step(db, scope, actor, id, { role: 'assessor', from: ['submitted'], action: 'hours_registration.return' }, (r) => ({
    ...auditor(actor, r),
    status: 'returned',
    returnReason: reason,
  }));

export const lockRegistration = (db: Db, scope: ExportScope, actor: Actor, id: string) =>
  step(db, scope, actor, id, { role: 'assessor', from: ['submitted'], action: 'hours_registration.lock' }, (r) => ({
    ...auditor(actor, r),
    status: 'locked',
  }));

function audit(tx: DbTransaction, scope: ExportScope, actor: Actor, r: Registration, action: string, after: object) {
  return recordAudit(tx, {
    tenantId: scope.tenantId,
    ...auditActor(actor),
    action,
    entityType: 'hours_registration',
    entityId: r.id,
    after: { version: r.version, status: r.status, correctsId: r.correctsId, ...after },
  });
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function present(r: Registration, teachers: number, total: number): HoursRegistration {
  return {
    id: r.id,
    version: r.version,
    correctsId: r.correctsId,
    status: r.status,
    idHeader: r.idHeader,
    idSource: r.idSource,
    shares: r.shares,
    teachers,
    totalHours: Math.round(total * 100) / 100,
    preparedAt: r.preparedAt.toISOString(),
    submittedAt: iso(r.submittedAt),
    auditedAt: iso(r.auditedAt),
    returnReason: r.returnReason,
  };
}
