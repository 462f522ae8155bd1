import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { organisations, people } from '../../db/schema';
import {
  abilityGradesOf,
  eventsOf,
  itemsOf,
  itemView,
  lastReturnReasons,
  latestItemGrades,
} from '../teacher-journey/submission-data';
import { duplicateFlags } from './duplicate-flags';
import { abilityFor } from './grading';
import { gradebookStatus } from './gradebook';
import { submissionInScope, type ReviewScope } from './scope';
import { countyRefusal } from './two-level';

/** Everything an assessor needs on one page: items and files, duplicate flags, rubric, grades, history, gradebook. */
export async function reviewDetail(db: Db, scope: ReviewScope, submissionId: string) {
  const { submission, enrolment } = await submissionInScope(db, scope, submissionId);
  const ability = abilityFor(scope, submission.abilityCode);
  const items = await itemsOf(db, [submission.id]);
  const grades = await latestItemGrades(
    db,
    items.map((i) => i.id),
  );
  const events = await eventsOf(db, [submission.id]);
  const [teacher] = await db
    .select({ id: people.id, name: people.displayName })
    .from(people)
    .where(eq(people.id, enrolment.personId));
  if (!teacher) throw new Error('enrolment without its person');
  const places = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.tenantId, scope.tenantId));
  const placeOf = (id: string | null) => places.find((p) => p.id === id) ?? null;
  const duplicates = await duplicateFlags(db, scope.tenantId, enrolment.personId, items);
  const abilityGrades = (await abilityGradesOf(db, enrolment.id)).filter((g) => g.abilityCode === ability.code);
  return {
    submission: {
      id: submission.id,
      state: submission.state,
      version: submission.version,
      submittedAt: submission.submittedAt,
      schoolGradedAt: submission.schoolGradedAt,
      countyReviewedAt: submission.countyReviewedAt,
    },
    teacher,
    school: placeOf(enrolment.schoolId),
    group: placeOf(enrolment.groupId),
    ability: {
      code: ability.code,
      name: ability.name,
      dimension: ability.dimension,
      slots: ability.evidence.slots,
      rubric: ability.evidence.rubric,
    },
    items: items.map((i) => ({
      ...itemView(i, grades.get(i.id)),
      duplicates: duplicates.filter((d) => d.itemId === i.id),
    })),
    duplicateCount: duplicates.length,
    grades: {
      school: abilityGrades.find((g) => g.level === 'school')?.grade ?? null,
      county: abilityGrades.find((g) => g.level === 'county')?.grade ?? null,
    },
    lastReturnReasons: lastReturnReasons(events, submission.id),
    history: events.map((e) => ({
      kind: e.kind,
      version: e.version,
      at: e.createdAt,
      actorPersonId: e.actorPersonId,
      reasons: e.reasons,
      grade: e.grade,
      items: e.items,
    })),
    gradebook: await gradebookStatus(db, submission.id),
    /** The school step (grade or return) is the school's assessor's; county staff only review after it. */
    canSchoolReview: !scope.county,
    canCountyReview: scope.county,
    /** Why this assessor may not give the county decision (shown next to the disabled buttons). */
    countyRefusal: scope.county ? await countyRefusal(db, scope, submission) : null,
  };
}
