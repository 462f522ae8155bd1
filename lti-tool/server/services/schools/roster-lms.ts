import { and, eq, inArray } from 'drizzle-orm';
import type { LmsRosterReply, TeacherRosterColumn } from '../../../../shared/api/school-roster';
import type { Db, DbTransaction } from '../../db/client';
import { enrolments, ltiContexts, ltiIdentities, organisations } from '../../db/schema';
import { fetchMembers, type Member } from '../../lti/advantage/nrps';
import type { ServiceContext } from '../../lti/advantage/service-http';
import { summariseRoles } from '../../lti/roles';
import { requireProfileEditor } from '../../policies/school-profile';
import { auditActor, type LaunchActor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import { displayName } from '../launch-identity';
import { rosterTarget } from '../roster-sync';
import { courseLinkOf } from '../teacher-journey/course-link';
import { toolRolesForLaunch } from '../tool-roles';
import { schoolFor } from './profile';
import { apply, loadWorld } from './roster-import';
import { planRoster, rosterSummary, STAFF_NUMBER, type LmsRows } from './roster-plan';
import type { OversightScope } from './scope';

// The school's roster from the LMS course it runs (NRPS): the course's learners become rows of the same plan as a CSV
// import (preview, row-by-row report, idempotent, audited), identified by their LMS user id.

const INDEX = new Map<TeacherRosterColumn, number>([
  ['name', 0],
  ['email', 1],
  ['staffNumber', 2],
]);

/** The name as a launch would record it (Chinese names family first, whatever order the platform's `name` has). */
const nameOf = (m: Member) =>
  displayName({ userId: m.user_id, user: { name: m.name, givenName: m.given_name, familyName: m.family_name } });

/** The course the actor launched from, checked to be linked to this school in the scope's programme. */
export async function lmsRosterCourse(db: Db, scope: OversightScope, actor: LaunchActor, schoolId: string) {
  if (!scope.schoolIds.has(schoolId)) throw new DomainError('not_found');
  const link = await courseLinkOf(db, actor);
  if (!link || link.organisation.id !== schoolId || link.instance.id !== scope.programmeInstanceId) {
    throw new DomainError('course_not_linked', undefined, {
      zh: '当前课程没有关联到本校：请从关联到本校的课程进入本工具后再同步 LMS 名单，或请机构管理员把本课程关联到本校。',
      en: 'This course is not linked to the school: open the tool from a course linked to the school, or ask the institution administrator to link this course to it.',
    });
  }
  const target = await rosterTarget(db, scope.tenantId, link.contextId);
  const [context] = await db
    .select({ title: ltiContexts.title, membershipsUrl: ltiContexts.membershipsUrl })
    .from(ltiContexts)
    .where(eq(ltiContexts.id, link.contextId));
  return { ...target, title: context?.title ?? null, membershipsUrl: context!.membershipsUrl! };
}

/** The course's members from the platform (every page), as the admin's roster sync reads them. */
export function fetchLmsMembers(ctx: ServiceContext, membershipsUrl: string) {
  return fetchMembers(ctx, membershipsUrl, { limit: 100 });
}

/**
 * Plans (and unless `dryRun`, writes) the school's enrolments from the course's active learners. A learner the LMS
 * id already names is matched by that person; new people get their LMS identity in the same transaction, so the
 * teacher's first launch finds their enrolment. The same roster again changes nothing.
 */
export async function syncSchoolRoster(
  db: Db,
  scope: OversightScope,
  actor: LaunchActor,
  input: {
    schoolId: string;
    platformId: string;
    course: { id: string; title: string | null };
    members: Member[];
    complete: boolean;
    dryRun: boolean;
  },
): Promise<LmsRosterReply> {
  const learners = input.members.filter(
    (m) => m.status === 'Active' && toolRolesForLaunch(summariseRoles(m.roles)).includes('teacher'),
  );
  const rows = learners.map((m, i) => ({
    row: i + 1,
    cells: [
      nameOf(m),
      (m.email ?? '').trim(),
      // The idnumber only when it can be a staff number; the LMS id identifies the teacher either way.
      STAFF_NUMBER.test(m.lis_person_sourcedid?.trim() ?? '') ? m.lis_person_sourcedid!.trim() : '',
    ],
  }));
  return db.transaction(async (tx) => {
    const { school } = await schoolFor(tx, scope, input.schoolId, requireProfileEditor, true);
    const emails = rows.map((r) => r.cells[1]!.toLowerCase()).filter(Boolean);
    const world = await loadWorld(tx, scope, school.id, emails);
    const lms = await knownLearners(tx, scope, input.platformId, learners);
    const plan = planRoster(rows, INDEX, world, lms);
    const summary = rosterSummary(plan);
    const course = {
      ...input.course,
      members: input.members.length,
      learners: learners.length,
      complete: input.complete,
    };
    if (!input.dryRun && summary.created + summary.updated > 0) {
      const created = await apply(tx, scope, actor, school.id, world, plan, 'lms_roster_sync');
      if (created.size > 0) {
        await tx
          .insert(ltiIdentities)
          .values(
            [...created].map(([row, personId]) => ({
              tenantId: scope.tenantId,
              platformId: input.platformId,
              subject: learners[row - 1]!.user_id,
              personId,
            })),
          )
          .onConflictDoNothing();
      }
      await recordAudit(tx, {
        tenantId: scope.tenantId,
        ...auditActor(actor),
        action: 'teacher_roster_sync.apply',
        entityType: 'organisation',
        entityId: school.id,
        after: { course, summary },
      });
    }
    const warnings = input.complete
      ? []
      : [
          {
            zh: '学习平台只返回了部分成员名单：未列出的教师这次没有同步，请稍后再试。',
            en: 'The platform returned part of the roster only: teachers not listed were not synced this time; try again later.',
          },
        ];
    return {
      dryRun: input.dryRun,
      course,
      warnings,
      summary,
      rows: plan.rows.map(({ action: _action, ...row }) => row),
    };
  });
}

/** The people the learners' LMS ids already name, with the school each is enrolled at in the programme, if any. */
async function knownLearners(
  tx: DbTransaction,
  scope: OversightScope,
  platformId: string,
  learners: Member[],
): Promise<LmsRows> {
  const ids = learners.map((m) => m.user_id);
  const known =
    ids.length === 0
      ? []
      : await tx
          .select({
            subject: ltiIdentities.subject,
            personId: ltiIdentities.personId,
            schoolId: enrolments.schoolId,
            schoolName: organisations.name,
          })
          .from(ltiIdentities)
          .leftJoin(
            enrolments,
            and(
              eq(enrolments.personId, ltiIdentities.personId),
              eq(enrolments.programmeInstanceId, scope.programmeInstanceId),
            ),
          )
          .leftJoin(organisations, eq(organisations.id, enrolments.schoolId))
          .where(and(eq(ltiIdentities.platformId, platformId), inArray(ltiIdentities.subject, ids)));
  const bySubject = new Map(known.map((k) => [k.subject, k]));
  return new Map(
    learners.map((m, i) => {
      const k = bySubject.get(m.user_id);
      const enrolledAt = k?.schoolId ? { schoolId: k.schoolId, schoolName: k.schoolName ?? '' } : null;
      return [i + 1, { personId: k?.personId ?? null, enrolledAt }];
    }),
  );
}
