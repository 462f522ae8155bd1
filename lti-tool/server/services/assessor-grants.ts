import { and, asc, desc, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import type { AssessorGrantView, PeopleReply } from '../../../shared/api/assessors';
import type { Db, DbTransaction } from '../db/client';
import { organisations, people, roleAssignments } from '../db/schema';
import { recordAudit, type AuditActor } from './audit';
import { DomainError } from './errors';

const columns = {
  id: roleAssignments.id,
  personId: roleAssignments.personId,
  personName: people.displayName,
  email: people.email,
  organisationId: roleAssignments.organisationId,
  organisationName: organisations.name,
  kind: organisations.kind,
  grantedAt: roleAssignments.grantedAt,
};

type Row = { kind: string } & Omit<AssessorGrantView, 'level' | 'grantedAt'> & { grantedAt: Date };
const present = ({ kind, grantedAt, ...r }: Row): AssessorGrantView => ({
  ...r,
  level: kind === 'county' ? 'county' : 'school',
  grantedAt: grantedAt.toISOString(),
});

const grants = (db: Db | DbTransaction, tenantId: string, extra?: SQL) =>
  db
    .select(columns)
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(
      and(
        eq(roleAssignments.tenantId, tenantId),
        eq(roleAssignments.role, 'assessor'),
        isNull(roleAssignments.revokedAt),
        extra,
      ),
    );

/** The tenant's live assessor grants, newest first. */
export async function listAssessorGrants(db: Db, tenantId: string): Promise<AssessorGrantView[]> {
  return (await grants(db, tenantId).orderBy(desc(roleAssignments.grantedAt))).map(present);
}

/** People of the tenant whose name or email contains `q` (at most 20), to choose an assessor from. */
export async function searchPeople(db: Db, tenantId: string, q: string): Promise<PeopleReply['people']> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ id: people.id, name: people.displayName, email: people.email })
    .from(people)
    .where(
      and(
        eq(people.tenantId, tenantId),
        q ? or(ilike(people.displayName, pattern), ilike(people.email, pattern)) : undefined,
      ),
    )
    .orderBy(asc(people.displayName))
    .limit(20);
}

/**
 * Grants the assessor role over a school (学校评定) or a county (区县复核) of the tenant. Granting what is already
 * granted returns the live grant (a retried request changes nothing). Audited.
 */
export async function grantAssessor(
  db: Db,
  tenantId: string,
  input: { personId: string; organisationId: string },
  actor: AuditActor,
): Promise<{ grant: AssessorGrantView; created: boolean }> {
  return db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.id, input.personId), eq(people.tenantId, tenantId)));
    if (!person) throw new DomainError('assessor_person_unknown', { field: 'personId' });
    const [org] = await tx
      .select({ kind: organisations.kind })
      .from(organisations)
      .where(and(eq(organisations.id, input.organisationId), eq(organisations.tenantId, tenantId)));
    if (!org || (org.kind !== 'school' && org.kind !== 'county')) {
      throw new DomainError('assessor_organisation_invalid', { field: 'organisationId' });
    }
    const live = and(
      eq(roleAssignments.personId, input.personId),
      eq(roleAssignments.organisationId, input.organisationId),
    );
    const [existing] = await grants(tx, tenantId, live);
    if (existing) return { grant: present(existing), created: false };
    const [row] = await tx
      .insert(roleAssignments)
      .values({ tenantId, personId: input.personId, organisationId: input.organisationId, role: 'assessor' })
      .onConflictDoNothing()
      .returning({ id: roleAssignments.id });
    const [grant] = await grants(tx, tenantId, live);
    if (!grant) throw new DomainError('conflict');
    if (row) {
      await recordAudit(tx, {
        ...actor,
        tenantId,
        subjectPersonId: input.personId,
        action: 'role_assignment.grant',
        entityType: 'role_assignment',
        entityId: row.id,
        after: { role: 'assessor', organisationId: input.organisationId, level: present(grant).level },
      });
    }
    return { grant: present(grant), created: row !== undefined };
  });
}

/** Revokes a live grant of the tenant (another tenant's is not found; revoking twice is a no-op). Audited. */
export async function revokeAssessor(db: Db, tenantId: string, id: string, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        personId: roleAssignments.personId,
        revokedAt: roleAssignments.revokedAt,
        organisationId: roleAssignments.organisationId,
      })
      .from(roleAssignments)
      .where(
        and(eq(roleAssignments.id, id), eq(roleAssignments.tenantId, tenantId), eq(roleAssignments.role, 'assessor')),
      );
    if (!row) throw new DomainError('not_found');
    if (row.revokedAt) return;
    const revokedAt = new Date();
    await tx.update(roleAssignments).set({ revokedAt }).where(eq(roleAssignments.id, id));
    await recordAudit(tx, {
      ...actor,
      tenantId,
      subjectPersonId: row.personId,
      action: 'role_assignment.revoke',
      entityType: 'role_assignment',
      entityId: id,
      before: { role: 'assessor', organisationId: row.organisationId, revokedAt: null },
      after: { revokedAt },
    });
  });
}
