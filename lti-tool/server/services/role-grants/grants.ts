import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbTransaction } from '../../db/client';
import type { roleGrantSources } from '../../db/schema';
import { organisations, people, roleAssignments } from '../../db/schema';
import { recordAudit, type AuditActor } from '../audit';
import { DomainError } from '../errors';

/** The roles granted over an organisation subtree here, and the organisation kind each must be held over. */
export const GRANTABLE = { school_team: 'school', county_admin: 'county', city_admin: 'city' } as const;
export type GrantableRole = keyof typeof GRANTABLE;
export type GrantSource = (typeof roleGrantSources)[number];

export interface Granter {
  tenantId: string;
  actor: AuditActor;
}

/** The organisation, checked to be of the tenant and of the level the role needs. */
async function organisationFor(tx: Db, tenantId: string, role: GrantableRole, organisationId: string) {
  const [org] = await tx
    .select()
    .from(organisations)
    .where(and(eq(organisations.tenantId, tenantId), eq(organisations.id, organisationId)));
  if (!org) throw new DomainError('not_found');
  if (org.kind !== GRANTABLE[role]) throw new DomainError('role_organisation_mismatch');
  return org;
}

/**
 * Grants a role over an organisation (idempotent: a live grant stays as it is, and `changed` says so). The grant
 * and its audit entry commit together.
 */
export async function grantRole(
  db: Db,
  by: Granter,
  input: { personId: string; role: GrantableRole; organisationId: string; source: GrantSource },
): Promise<{ id: string; changed: boolean }> {
  return db.transaction(async (tx) => {
    const org = await organisationFor(tx, by.tenantId, input.role, input.organisationId);
    const [person] = await tx
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.tenantId, by.tenantId), eq(people.id, input.personId)));
    if (!person) throw new DomainError('role_person_unknown');
    const live = and(
      eq(roleAssignments.personId, input.personId),
      eq(roleAssignments.role, input.role),
      eq(roleAssignments.organisationId, org.id),
      isNull(roleAssignments.revokedAt),
    );
    const [existing] = await tx.select({ id: roleAssignments.id }).from(roleAssignments).where(live);
    if (existing) return { id: existing.id, changed: false };
    const [row] = await tx
      .insert(roleAssignments)
      .values({
        tenantId: by.tenantId,
        personId: input.personId,
        role: input.role,
        organisationId: org.id,
        source: input.source,
      })
      .returning({ id: roleAssignments.id });
    const id = (row as { id: string }).id;
    await recordAudit(tx, {
      tenantId: by.tenantId,
      ...by.actor,
      action: 'role.grant',
      entityType: 'role_assignment',
      entityId: id,
      after: { personId: input.personId, role: input.role, organisationId: org.id, source: input.source },
    });
    return { id, changed: true };
  });
}

/** Revokes a live grant (kept for history), audited. Grants of other tenants are "not found". */
export async function revokeRole(db: Db, by: Granter, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(roleAssignments)
      .set({ revokedAt: sql`now()` })
      .where(
        and(eq(roleAssignments.id, id), eq(roleAssignments.tenantId, by.tenantId), isNull(roleAssignments.revokedAt)),
      )
      .returning();
    if (!row) throw new DomainError('not_found');
    await recordAudit(tx as DbTransaction, {
      tenantId: by.tenantId,
      ...by.actor,
      action: 'role.revoke',
      entityType: 'role_assignment',
      entityId: id,
      before: { personId: row.personId, role: row.role, organisationId: row.organisationId },
    });
    // A principal off the team is no longer the school's principal (the profile marks one among the members).
    if (row.role !== 'school_team') return;
    const cleared = await tx
      .update(organisations)
      .set({ principalPersonId: null })
      .where(and(eq(organisations.id, row.organisationId), eq(organisations.principalPersonId, row.personId)))
      .returning({ id: organisations.id });
    if (cleared.length === 0) return;
    await recordAudit(tx as DbTransaction, {
      tenantId: by.tenantId,
      ...by.actor,
      action: 'school_profile.principal',
      entityType: 'organisation',
      entityId: row.organisationId,
      before: { principalPersonId: row.personId },
      after: { principalPersonId: null },
    });
  });
}

/** The tenant's live school, county and city grants, with names, for the admin screen. */
export async function listGrants(db: Db, tenantId: string) {
  const rows = await db
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      source: roleAssignments.source,
      grantedAt: roleAssignments.grantedAt,
      personId: people.id,
      personName: people.displayName,
      email: people.email,
      organisationId: organisations.id,
      organisationName: organisations.name,
      organisationCode: organisations.code,
    })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(
      and(
        eq(roleAssignments.tenantId, tenantId),
        isNull(roleAssignments.revokedAt),
        inArray(roleAssignments.role, Object.keys(GRANTABLE) as GrantableRole[]),
      ),
    );
  return rows
    .map((r) => ({ ...r, role: r.role as GrantableRole }))
    .sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'zh-CN'));
}

/** A person of the tenant by email (case-insensitive), or role_person_unknown. */
export async function findPersonByEmail(db: Db, tenantId: string, email: string): Promise<string> {
  const [person] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.tenantId, tenantId), sql`lower(${people.email}) = ${email.toLowerCase()}`));
  if (!person) throw new DomainError('role_person_unknown');
  return person.id;
}
