import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgramme, type Programme } from '../../../../shared/domain';
import { allGrades, seedReviewWorld, type ReviewWorld } from '../../../../test/db/review-world';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db';
import { abilityGrades, itemAssessments, people, submissions } from '../../db/schema';
import { DomainError } from '../errors';
import { batchPass } from './batch';
import { countyReview } from './county';
import { reviewDetail } from './detail';
import { gradeSubmission, returnSubmission } from './grading';
import { countyRefusal } from './two-level';

let database: TestDatabase;
let review: ReviewWorld;
const actor = { actorLabel: 'test', client: 'system' as const };
const henan = getProgramme('cn-henan-2.0');

beforeAll(async () => {
  database = await createTestDatabase();
  review = await seedReviewWorld(database.db, 'two-level');
});
afterAll(() => database.close());

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return (err as DomainError).code;
}

const stateOf = async (id: string) =>
  (await database.db.select().from(submissions).where(eq(submissions.id, id)))[0]!.state;

describe('two-level review is two people', () => {
  it("refuses a county officer's grade or return as the school's, and writes nothing", async () => {
    const { db } = database;
    const submission = await review.submitted();
    const grade = gradeSubmission(
      db,
      review.countyScope,
      submission.id,
      { version: 2, items: allGrades('pass') },
      actor,
    );
    expect(await refusal(grade)).toBe('school_review_by_county');
    const back = returnSubmission(
      db,
      review.countyScope,
      submission.id,
      { version: 2, reasons: [{ slotId: 'analysis-plan', reason: '请补充' }] },
      actor,
    );
    expect(await refusal(back)).toBe('school_review_by_county');
    const batch = await batchPass(db, review.countyScope, { submissions: [{ id: submission.id, version: 2 }] }, actor);
    expect(batch.results).toEqual([{ id: submission.id, ok: false, error: 'school_review_by_county' }]);
    expect(await stateOf(submission.id)).toBe('submitted');
    expect(
      await db.select().from(abilityGrades).where(eq(abilityGrades.enrolmentId, review.world.enrolmentId)),
    ).toEqual([]);
    const detail = await reviewDetail(db, review.countyScope, submission.id);
    expect(detail).toMatchObject({ canSchoolReview: false, canCountyReview: true });
  });

  it('refuses the county decision to a school assessor', async () => {
    const { db } = database;
    const submission = await review.submitted('A3');
    const graded = await gradeSubmission(
      db,
      review.schoolScope,
      submission.id,
      { version: 2, items: allGrades('pass', 'A3') },
      actor,
    );
    const other = (
      await db.insert(people).values({ tenantId: review.world.tenantId, displayName: '赵评审' }).returning()
    )[0]!;
    const confirm = countyReview(
      db,
      review.scopeOf(other.id, 'school'),
      submission.id,
      { version: graded.version, decision: 'confirm' },
      actor,
    );
    expect(await refusal(confirm)).toBe('county_review_by_school');
    expect(await stateOf(submission.id)).toBe('school_graded');
  });

  it('refuses the same person at both levels, then lets another county officer decide', async () => {
    const { db } = database;
    const submission = await review.submitted('A6');
    const graded = await gradeSubmission(
      db,
      review.schoolScope,
      submission.id,
      { version: 2, items: allGrades('pass', 'A6') },
      actor,
    );
    // 李评审 also holds a county course: the county decision on the work she graded is not hers to give.
    const sameAtCounty = review.scopeOf(review.schoolScope.personId, 'county');
    const override = countyReview(
      db,
      sameAtCounty,
      submission.id,
      { version: graded.version, decision: 'override', items: allGrades('excellent', 'A6') },
      actor,
    );
    expect(await refusal(override)).toBe('same_assessor_both_levels');
    const confirm = countyReview(
      db,
      sameAtCounty,
      submission.id,
      { version: graded.version, decision: 'confirm' },
      actor,
    );
    expect(await refusal(confirm)).toBe('same_assessor_both_levels');
    expect((await reviewDetail(db, sameAtCounty, submission.id)).countyRefusal).toBe('same_assessor_both_levels');
    const county = await db.select().from(itemAssessments).where(eq(itemAssessments.level, 'county'));
    expect(county).toEqual([]);

    expect((await reviewDetail(db, review.countyScope, submission.id)).countyRefusal).toBeNull();
    const decided = await countyReview(
      db,
      review.countyScope,
      submission.id,
      { version: graded.version, decision: 'confirm' },
      actor,
    );
    expect(decided).toMatchObject({ state: 'county_confirmed', schoolGrade: 'pass', countyGrade: 'pass' });
  });

  it('lets one person do both steps only when the programme allows it', async () => {
    const { db } = database;
    const submission = await review.submitted('A2');
    await gradeSubmission(db, review.schoolScope, submission.id, { version: 2, items: allGrades('pass', 'A2') }, actor);
    const [row] = await db.select().from(submissions).where(eq(submissions.id, submission.id));
    const sameAtCounty = review.scopeOf(review.schoolScope.personId, 'county');
    const allowing: Programme = {
      ...henan,
      review: {
        ...henan.review!,
        sameAssessorBothLevels: { ...henan.review!.sameAssessorBothLevels, value: true },
      },
    };
    expect(await countyRefusal(db, sameAtCounty, row!, henan)).toBe('same_assessor_both_levels');
    expect(await countyRefusal(db, sameAtCounty, row!, allowing)).toBeNull();
    expect(await countyRefusal(db, review.schoolScope, row!, allowing)).toBe('county_review_by_school');
  });
});
