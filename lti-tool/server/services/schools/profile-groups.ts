import { and, eq, inArray, ne } from 'drizzle-orm';
import { PROFILE_LIMITS, type GroupBody } from '../../../../shared/api/school-profile';
import type { Db, DbTransaction } from '../../db/client';
import { enrolments, organisations, schoolActivities, schoolArtefacts, teacherStatus } from '../../db/schema';
import { requireProfileEditor } from '../../policies/school-profile';
import { auditActor, type Actor } from '../actor';
import { recordAudit, recordAuditBatch, type AuditEntry } from '../audit';
import { DomainError } from '../errors';
import { enrolledTeachers, presentProfile, schoolFor } from './profile';
import type { OversightScope } from './scope';

const groupsOf = (tx: Db | DbTransaction, tenantId: string, schoolId: string) =>
  tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(eq(organisations.tenantId, tenantId), eq(organisations.parentId, schoolId), eq(organisations.kind, 'group')),
    );

/** The names are compared as a person reads them: spaces and letter case aside. */
const sameName = (a: string, b: string) => a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

async function groupOf(tx: DbTransaction, scope: OversightScope, schoolId: string, groupId: string) {
  const group = (await groupsOf(tx, scope.tenantId, schoolId)).find((g) => g.id === groupId);
  if (!group) throw new DomainError('not_found');
  return group;
}

function groupAudit(tx: DbTransaction, actor: Actor, scope: OversightScope, groupId: string) {
  return (action: string, after?: object, before?: object) =>
    recordAudit(tx, {
      tenantId: scope.tenantId,
      ...auditActor(actor),
      action,
      entityType: 'organisation',
      entityId: groupId,
      before,
      after,
    });
}

/** Opens a 教研组 of the school; a retry with the same name finds the one there is. At most 50 per school. */
export async function createGroup(db: Db, scope: OversightScope, actor: Actor, schoolId: string, body: GroupBody) {
  return db.transaction(async (tx) => {
    // The school row is locked, so two clicks cannot make the group twice.
    const { school, standing } = await schoolFor(tx, scope, schoolId, requireProfileEditor, true);
    const groups = await groupsOf(tx, scope.tenantId, school.id);
    const found = groups.find((g) => sameName(g.name, body.name));
    if (found) return { ...(await presentProfile(tx, scope, school, standing)), changed: false, groupId: found.id };
    if (groups.length >= PROFILE_LIMITS.groupsMax) throw new DomainError('school_groups_limit', { limit: 50 });
    const [created] = await tx
      .insert(organisations)
      .values({ tenantId: scope.tenantId, parentId: school.id, kind: 'group', name: body.name })
      .returning({ id: organisations.id });
    await groupAudit(tx, actor, scope, created!.id)('school_group.create', { schoolId: school.id, name: body.name });
    return { ...(await presentProfile(tx, scope, school, standing)), changed: true, groupId: created!.id };
  });
}

export async function renameGroup(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  groupId: string,
  body: GroupBody,
) {
  return db.transaction(async (tx) => {
    const { school, standing } = await schoolFor(tx, scope, schoolId, requireProfileEditor, true);
    const group = await groupOf(tx, scope, school.id, groupId);
    if (group.name === body.name) return { ...(await presentProfile(tx, scope, school, standing)), changed: false };
    const groups = await groupsOf(tx, scope.tenantId, school.id);
    if (groups.some((g) => g.id !== groupId && sameName(g.name, body.name))) {
      throw new DomainError('school_group_exists', { field: 'name' });
    }
    await tx.update(organisations).set({ name: body.name }).where(eq(organisations.id, groupId));
    await groupAudit(tx, actor, scope, groupId)('school_group.rename', { name: body.name }, { name: group.name });
    return { ...(await presentProfile(tx, scope, school, standing)), changed: true };
  });
}

/** Deletes an empty 教研组 with no records (plans, activities); a deleted one again is "not found". */
export async function deleteGroup(db: Db, scope: OversightScope, actor: Actor, schoolId: string, groupId: string) {
  return db.transaction(async (tx) => {
    const { school, standing } = await schoolFor(tx, scope, schoolId, requireProfileEditor, true);
    const group = await groupOf(tx, scope, school.id, groupId);
    const uses = {
      members: await tx.$count(enrolments, eq(enrolments.groupId, groupId)),
      plans: await tx.$count(schoolArtefacts, eq(schoolArtefacts.groupId, groupId)),
      activities: await tx.$count(schoolActivities, eq(schoolActivities.groupId, groupId)),
    };
    if (uses.members > 0 || uses.plans > 0 || uses.activities > 0) {
      throw new DomainError('school_group_in_use', { field: 'groupId', ...uses });
    }
    await tx.delete(organisations).where(eq(organisations.id, groupId));
    await groupAudit(
      tx,
      actor,
      scope,
      groupId,
    )('school_group.delete', undefined, { schoolId: school.id, name: group.name });
    return { ...(await presentProfile(tx, scope, school, standing)), changed: true };
  });
}

/**
 * Sets the whole member list of a 教研组 in the scope's programme: a teacher listed moves here (from another group),
 * one left out leaves it. Each move is audited on the teacher's record and their status row follows in the same
 * transaction; the same list again changes nothing.
 */
export async function setGroupMembers(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  groupId: string,
  enrolmentIds: string[],
) {
  return db.transaction(async (tx) => {
    const { school, standing } = await schoolFor(tx, scope, schoolId, requireProfileEditor, true);
    await groupOf(tx, scope, school.id, groupId);
    const wanted = [...new Set(enrolmentIds)];
    const listed = await enrolledTeachers(tx, scope, school.id, wanted);
    if (listed.length !== wanted.length) {
      const known = new Set(listed.map((t) => t.id));
      throw new DomainError('school_teacher_not_enrolled', {
        field: 'enrolmentIds',
        unknown: wanted.filter((id) => !known.has(id)),
      });
    }
    const current = await tx
      .select({ id: enrolments.id, personId: enrolments.personId, groupId: enrolments.groupId })
      .from(enrolments)
      .where(
        and(
          eq(enrolments.tenantId, scope.tenantId),
          eq(enrolments.programmeInstanceId, scope.programmeInstanceId),
          eq(enrolments.groupId, groupId),
          ne(enrolments.status, 'withdrawn'),
        ),
      );
    const joining = listed.filter((t) => t.groupId !== groupId);
    const leaving = current.filter((t) => !wanted.includes(t.id));
    await move(tx, joining, groupId);
    await move(tx, leaving, null);
    const entries: AuditEntry[] = [
      ...joining.map((t) => [t, groupId] as const),
      ...leaving.map((t) => [t, null] as const),
    ].map(([t, to]) => ({
      tenantId: scope.tenantId,
      subjectPersonId: t.personId,
      ...auditActor(actor),
      action: 'enrolment.group',
      entityType: 'enrolment',
      entityId: t.id,
      before: { groupId: t.groupId },
      after: { groupId: to },
    }));
    await recordAuditBatch(tx, entries);
    return { ...(await presentProfile(tx, scope, school, standing)), changed: entries.length > 0 };
  });
}

/** The enrolments' group and their status rows' group (the only field of the row a group move changes). */
async function move(tx: DbTransaction, teachers: { id: string }[], groupId: string | null) {
  if (teachers.length === 0) return;
  const ids = teachers.map((t) => t.id);
  await tx.update(enrolments).set({ groupId }).where(inArray(enrolments.id, ids));
  await tx.update(teacherStatus).set({ groupId }).where(inArray(teacherStatus.enrolmentId, ids));
}
