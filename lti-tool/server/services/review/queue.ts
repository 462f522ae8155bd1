import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { enrolments, organisations, people, submissions, type SubmissionState } from '../../db/schema';
import type { ReviewScope } from './scope';

export interface QueueQuery {
  school?: string | undefined;
  group?: string | undefined;
  ability?: string | undefined;
  state: SubmissionState;
  page: number;
  pageSize: number;
}

const groups = alias(organisations, 'groups');

/** Submissions in the assessor's scope, oldest submission first, one page at a time. */
export async function reviewQueue(db: Db, scope: ReviewScope, query: QueueQuery) {
  const schoolIds = query.school ? scope.schoolIds.filter((id) => id === query.school) : scope.schoolIds;
  // The level tells the screen which step is this assessor's: school grades, county reviews after it.
  const level = scope.county ? ('county' as const) : ('school' as const);
  if (schoolIds.length === 0) return { level, total: 0, page: query.page, pageSize: query.pageSize, items: [] };
  const conditions: SQL[] = [
    eq(submissions.tenantId, scope.tenantId),
    eq(submissions.state, query.state),
    eq(enrolments.programmeInstanceId, scope.link.instance.id),
    inArray(enrolments.schoolId, schoolIds),
  ];
  if (query.group) conditions.push(eq(enrolments.groupId, query.group));
  if (query.ability) conditions.push(eq(submissions.abilityCode, query.ability));
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(submissions)
    .innerJoin(enrolments, eq(enrolments.id, submissions.enrolmentId))
    .where(where);
  const rows = await db
    .select({
      id: submissions.id,
      abilityCode: submissions.abilityCode,
      state: submissions.state,
      version: submissions.version,
      submittedAt: submissions.submittedAt,
      teacher: { id: people.id, name: people.displayName },
      school: { id: organisations.id, name: organisations.name },
      groupName: groups.name,
    })
    .from(submissions)
    .innerJoin(enrolments, eq(enrolments.id, submissions.enrolmentId))
    .innerJoin(people, eq(people.id, enrolments.personId))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .leftJoin(groups, eq(groups.id, enrolments.groupId))
    .where(where)
    .orderBy(asc(submissions.submittedAt), asc(submissions.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { level, total, page: query.page, pageSize: query.pageSize, items: rows };
}
