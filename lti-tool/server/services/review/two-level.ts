import type { Programme } from '../../../../shared/domain';
import type { Db, DbTransaction } from '../../db/client';
import { DomainError } from '../errors';
import { programmeOf } from '../teacher-journey/course-link';
import { eventsOf, type SubmissionRow } from '../teacher-journey/submission-data';
import type { ReviewScope } from './scope';

/**
 * Two-level review is two people (domain.md §5): the school's assessor gives the school grade (学校评定), the county
 * confirms or overrides it (区县复核). The level comes from the course the assessor launched from, so a county
 * officer's grade can never be stored as the school's, nor a school assessor's as the county's.
 */
export function assertSchoolLevel(scope: ReviewScope): void {
  if (scope.county) throw new DomainError('school_review_by_county');
}

export function assertCountyLevel(scope: ReviewScope): void {
  if (!scope.county) throw new DomainError('county_review_by_school');
}

/** Who gave the current school grade of a submission (the latest 学校评定 event). */
export async function schoolAssessorOf(db: Db | DbTransaction, submission: SubmissionRow): Promise<string | null> {
  const graded = (await eventsOf(db, [submission.id])).filter((e) => e.kind === 'school_graded');
  return graded.at(-1)?.actorPersonId ?? null;
}

/** Whether the programme lets one person give both grades of one submission (absent: it does not). */
export function sameAssessorAllowed(programme: Programme): boolean {
  return programme.review?.sameAssessorBothLevels.value ?? false;
}

/** Why this assessor may not give the county decision on this submission, or null when they may. */
export async function countyRefusal(
  db: Db | DbTransaction,
  scope: ReviewScope,
  submission: SubmissionRow,
  programme: Programme = programmeOf(scope.link.instance).programme,
): Promise<'county_review_by_school' | 'same_assessor_both_levels' | null> {
  if (!scope.county) return 'county_review_by_school';
  if (sameAssessorAllowed(programme)) return null;
  return (await schoolAssessorOf(db, submission)) === scope.personId ? 'same_assessor_both_levels' : null;
}

export async function assertCountyReviewer(db: Db | DbTransaction, scope: ReviewScope, submission: SubmissionRow) {
  const refusal = await countyRefusal(db, scope, submission);
  if (refusal) throw new DomainError(refusal);
}
