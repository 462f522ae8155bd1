import { and, eq, isNull } from 'drizzle-orm';
import type { TeamMemberBody } from '../../../../shared/api/school-profile';
import type { Db, DbTransaction } from '../../db/client';
import { organisations, roleAssignments } from '../../db/schema';
import { requireTeamManager } from '../../policies/school-profile';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import { findPersonByEmail, grantRole, revokeRole, type Granter } from '../role-grants/grants';
import { presentProfile, schoolFor } from './profile';
import type { OversightScope } from './scope';

const granter = (actor: Actor): Granter => ({ tenantId: actor.tenantId, actor: auditActor(actor) });

async function liveGrant(tx: Db | DbTransaction, scope: OversightScope, schoolId: string, personId: string) {
  const [grant] = await tx
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.tenantId, scope.tenantId),
        eq(roleAssignments.personId, personId),
        eq(roleAssignments.role, 'school_team'),
        eq(roleAssignments.organisationId, schoolId),
        isNull(roleAssignments.revokedAt),
      ),
    );
  return grant;
}

/** The principal (or the admin) adds a person of the tenant to the team: a school_team grant, audited; idempotent. */
export async function addTeamMember(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  body: TeamMemberBody,
) {
  return db.transaction(async (tx) => {
    const { school, standing } = await schoolFor(tx, scope, schoolId, requireTeamManager, true);
    const personId = body.personId ?? (await findPersonByEmail(tx, scope.tenantId, body.email!));
    const { changed } = await grantRole(tx, granter(actor), {
      personId,
      role: 'school_team',
      organisationId: school.id,
      source: 'admin',
    });
    return { ...(await presentProfile(tx, scope, school, standing)), changed };
  });
}

/** Takes a member off the team (the grant is revoked, kept for history). The principal hands over the mark first. */
export async function removeTeamMember(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  personId: string,
) {
  return db.transaction(async (tx) => {
    const { school, standing } = await schoolFor(tx, scope, schoolId, requireTeamManager, true);
    if (school.principalPersonId === personId) {
      throw new DomainError(
        'school_principal_not_member',
        { field: 'personId' },
        {
          zh: '不能把校长移出管理团队：请先把校长标记交给团队中的另一位成员。',
          en: "The principal cannot leave the team: hand the principal's mark to another member first.",
        },
      );
    }
    const grant = await liveGrant(tx, scope, school.id, personId);
    if (grant) await revokeRole(tx, granter(actor), grant.id);
    return { ...(await presentProfile(tx, scope, school, standing)), changed: grant !== undefined };
  });
}

/**
 * Marks the principal among the team's members. The institution admin marks the first one; after that the principal
 * hands the mark over (or the admin changes it). Audited; the same person again changes nothing.
 */
export async function setPrincipal(db: Db, scope: OversightScope, actor: Actor, schoolId: string, personId: string) {
  return db.transaction(async (tx) => {
    const { school, standing } = await schoolFor(tx, scope, schoolId, requireTeamManager, true);
    if (school.principalPersonId === personId) {
      return { ...(await presentProfile(tx, scope, school, standing)), changed: false };
    }
    if (!(await liveGrant(tx, scope, school.id, personId))) {
      throw new DomainError('school_principal_not_member', { field: 'personId' });
    }
    const [updated] = await tx
      .update(organisations)
      .set({ principalPersonId: personId })
      .where(eq(organisations.id, school.id))
      .returning();
    await recordAudit(tx, {
      tenantId: scope.tenantId,
      ...auditActor(actor),
      action: 'school_profile.principal',
      entityType: 'organisation',
      entityId: school.id,
      before: { principalPersonId: school.principalPersonId },
      after: { principalPersonId: personId },
    });
    // A principal who handed the mark over keeps their team seat but no longer manages the team.
    const after = { ...standing, principal: standing.principal && personId === scope.personId };
    return { ...(await presentProfile(tx, scope, updated!, after)), changed: true };
  });
}
