import { and, eq } from 'drizzle-orm';
import type { Db, DbTransaction } from '../../db/client';
import { enrolments, submissions } from '../../db/schema';
import { DomainError } from '../errors';
import type { LaunchActor } from '../actor';
import { courseLinkOf, schoolsUnder, type CourseLink } from '../teacher-journey/course-link';
import { requireRole } from '../../policies/roles';

/** What an assessor may see: the schools under the organisation their launch course is linked to, in one programme. */
export interface ReviewScope {
  tenantId: string;
  personId: string;
  link: CourseLink;
  schoolIds: string[];
  /** A course linked above school level (a county) may run the county spot check. */
  county: boolean;
}

export async function reviewScope(db: Db, actor: LaunchActor): Promise<ReviewScope> {
  requireRole(actor, 'assessor');
  const link = await courseLinkOf(db, actor);
  if (!link) throw new DomainError('course_not_linked');
  const schools = await schoolsUnder(db, actor.tenantId, link.organisation.id);
  return {
    tenantId: actor.tenantId,
    personId: actor.personId,
    link,
    schoolIds: schools.map((s) => s.id),
    county: link.organisation.kind !== 'school' && link.organisation.kind !== 'group',
  };
}

/** Whether an enrolment falls in the scope (same tenant, programme and a school of the scope). */
export function inScope(
  scope: ReviewScope,
  enrolment: { tenantId: string; programmeInstanceId: string; schoolId: string },
) {
  return (
    enrolment.tenantId === scope.tenantId &&
    enrolment.programmeInstanceId === scope.link.instance.id &&
    scope.schoolIds.includes(enrolment.schoolId)
  );
}

/** A submission in scope with its enrolment; anything else is "not found", so ids of other schools leak nothing. */
export async function submissionInScope(db: Db | DbTransaction, scope: ReviewScope, submissionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(submissionId)) throw new DomainError('not_found');
  const [row] = await db
    .select({ submission: submissions, enrolment: enrolments })
    .from(submissions)
    .innerJoin(enrolments, eq(enrolments.id, submissions.enrolmentId))
    .where(and(eq(submissions.id, submissionId), eq(submissions.tenantId, scope.tenantId)));
  if (!row || !inScope(scope, row.enrolment)) throw new DomainError('not_found');
  return row;
}
