import { and, eq } from 'drizzle-orm';
import type { Db, DbTransaction } from '../../db/client';
import { enrolmentLaunches, enrolments, organisations } from '../../db/schema';
import { DomainError } from '../errors';
import { auditActor, type LaunchActor } from '../actor';
import { recordAudit } from '../audit';
import { courseLinkOf, schoolsUnder, type CourseLink, type Organisation } from './course-link';
import { refreshTeacherStatus } from '../teacher-status/refresh';
import { requireRole } from '../../policies/roles';

export type Enrolment = typeof enrolments.$inferSelect;

export type EnrolmentState =
  | { state: 'unlinked' }
  | { state: 'needs_school'; link: CourseLink; schools: Organisation[] }
  | { state: 'enrolled'; link: CourseLink; enrolment: Enrolment; school: Organisation };

const ABILITY_CODE = /^[A-Z][A-Z0-9.-]{0,15}$/;

/**
 * Where a teacher's launch stands: an unlinked course, a county course whose teacher has not picked a school,
 * or an enrolment (created here, idempotently, when the course is linked to a school).
 */
export async function resolveEnrolment(db: Db, actor: LaunchActor): Promise<EnrolmentState> {
  const link = await courseLinkOf(db, actor);
  if (!link) return { state: 'unlinked' };
  let enrolment = await findEnrolment(db, link, actor.personId);
  if (!enrolment && link.organisation.kind === 'school') {
    enrolment = await createEnrolment(db, actor, link, { schoolId: link.organisation.id });
  }
  if (!enrolment)
    return { state: 'needs_school', link, schools: await schoolsUnder(db, actor.tenantId, link.organisation.id) };
  await rememberLaunch(db, actor, enrolment);
  const [school] = await db.select().from(organisations).where(eq(organisations.id, enrolment.schoolId));
  return { state: 'enrolled', link, enrolment, school: school as Organisation };
}

/** The enrolment a teacher endpoint works on, or the error the app shows instead. */
export async function requireEnrolment(db: Db, actor: LaunchActor) {
  requireRole(actor, 'teacher');
  const state = await resolveEnrolment(db, actor);
  if (state.state === 'unlinked') throw new DomainError('course_not_linked');
  if (state.state === 'needs_school') throw new DomainError('school_required');
  return state;
}

/** A county-linked course's teacher names their school (and 教研组) once. */
export async function chooseSchool(
  db: Db,
  actor: LaunchActor,
  input: { schoolId: string; groupId?: string | undefined },
): Promise<EnrolmentState> {
  requireRole(actor, 'teacher');
  const link = await courseLinkOf(db, actor);
  if (!link) throw new DomainError('course_not_linked');
  if (await findEnrolment(db, link, actor.personId))
    throw new DomainError('conflict', { reason: 'school already chosen' });
  const schools = await schoolsUnder(db, actor.tenantId, link.organisation.id);
  if (!schools.some((s) => s.id === input.schoolId)) throw new DomainError('not_found', { field: 'schoolId' });
  if (input.groupId) {
    const [group] = await db
      .select()
      .from(organisations)
      .where(and(eq(organisations.id, input.groupId), eq(organisations.tenantId, actor.tenantId)));
    if (group?.kind !== 'group' || group.parentId !== input.schoolId) {
      throw new DomainError('not_found', { field: 'groupId' });
    }
  }
  await createEnrolment(db, actor, link, input);
  return resolveEnrolment(db, actor);
}

async function findEnrolment(db: Db | DbTransaction, link: CourseLink, personId: string) {
  const [row] = await db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.programmeInstanceId, link.instance.id), eq(enrolments.personId, personId)));
  return row;
}

async function createEnrolment(
  db: Db,
  actor: LaunchActor,
  link: CourseLink,
  place: { schoolId: string; groupId?: string | undefined },
): Promise<Enrolment> {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(enrolments)
      .values({
        tenantId: actor.tenantId,
        programmeInstanceId: link.instance.id,
        personId: actor.personId,
        schoolId: place.schoolId,
        groupId: place.groupId ?? null,
      })
      .onConflictDoNothing({ target: [enrolments.programmeInstanceId, enrolments.personId] })
      .returning();
    // Two first requests racing: the unique (instance, person) decides and the loser reads the winner's row.
    if (!created) return (await findEnrolment(tx, link, actor.personId)) as Enrolment;
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      subjectPersonId: actor.personId,
      ...auditActor(actor),
      action: 'enrolment.create',
      entityType: 'enrolment',
      entityId: created.id,
      after: created,
    });
    await refreshTeacherStatus(tx, created.id);
    return created;
  });
}

/** Remembers the placement the teacher opened, so a grade can go to the column of that placement later. */
async function rememberLaunch(db: Db, actor: LaunchActor, enrolment: Enrolment): Promise<void> {
  const { contextId, resourceLinkId, custom } = actor.launch;
  if (!contextId) return;
  const code = custom.placement === 'ability' ? custom.ability_code : undefined;
  await db
    .insert(enrolmentLaunches)
    .values({
      tenantId: actor.tenantId,
      enrolmentId: enrolment.id,
      contextId,
      resourceLinkId,
      abilityCode: code && ABILITY_CODE.test(code) ? code : null,
    })
    .onConflictDoUpdate({
      target: [enrolmentLaunches.enrolmentId, enrolmentLaunches.contextId, enrolmentLaunches.resourceLinkId],
      set: { lastLaunchAt: new Date() },
    });
}
