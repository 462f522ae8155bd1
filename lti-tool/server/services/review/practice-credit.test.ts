import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgramme, type Programme } from '../../../../shared/domain';
import { allGrades, seedReviewWorld, type ReviewWorld } from '../../../../test/db/review-world';
import type { SeededTeacher } from '../../../../test/db/seed';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db';
import type { submissions } from '../../db/schema';
import { auditLog, hoursLedgerEntries } from '../../db/schema';
import { teacherLedger } from '../completions/ledger';
import { countyReview } from './county';
import { gradeSubmission } from './grading';
import { gradeIsFinal, practiceHoursOf, settlePracticeCredit } from './practice-credit';
import type { ReviewScope } from './scope';

let database: TestDatabase;
let world: SeededTeacher;
let schoolScope: ReviewScope;
let countyScope: ReviewScope;
let submitted: ReviewWorld['submitted'];
const henan = getProgramme('cn-henan-2.0');
const actor = { actorLabel: 'test', client: 'system' as const };

beforeAll(async () => {
  database = await createTestDatabase();
  ({ world, schoolScope, countyScope, submitted } = await seedReviewWorld(database.db, 'practice-credit'));
});
afterAll(() => database.close());

describe('practice hours credited by a final grade', () => {
  it('credits the programme hours when the school passes an ability, reverses them when the county fails it', async () => {
    const db = database.db;
    const submission = await submitted();
    const graded = await gradeSubmission(
      db,
      schoolScope,
      submission.id,
      { version: 2, items: allGrades('pass') },
      actor,
    );
    expect(graded.grade).toBe('pass');
    expect(await practiceHoursOf(db, submission.id)).toBe(10);

    const ledger = await teacherLedger(db, world.tenantId, world.enrolmentId);
    expect(ledger?.totals.practice).toBe(10);
    expect(ledger?.lines[0]).toMatchObject({
      category: 'practice',
      hours: 10,
      reason: 'A1 学校评定合格',
      source: { kind: 'submission', submissionId: submission.id },
      recordedBy: { personId: schoolScope.personId },
    });

    const overridden = await countyReview(
      db,
      countyScope,
      submission.id,
      { version: graded.version, decision: 'override', items: allGrades('fail') },
      actor,
    );
    expect(overridden.countyGrade).toBe('fail');
    expect(await practiceHoursOf(db, submission.id)).toBe(0);
    const entries = await db
      .select()
      .from(hoursLedgerEntries)
      .where(eq(hoursLedgerEntries.submissionId, submission.id));
    expect(entries.map((e) => Number(e.hours)).sort()).toEqual([-10, 10]);
    const reversal = entries.find((e) => Number(e.hours) < 0)!;
    expect(reversal.correctsEntryId).toBe(entries.find((e) => Number(e.hours) > 0)!.id);
    expect(reversal.reason).toBe('A1 区县复核不合格');
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, reversal.id));
    expect(audit.map((a) => a.action)).toEqual(['hours.practice_reverse']);
  });

  it('writes nothing twice: settling the same final grade again is a no-op', async () => {
    const db = database.db;
    const submission = await submitted('A3');
    const row = { ...submission, state: 'school_graded' as const };
    const settle = () =>
      db.transaction((tx) =>
        settlePracticeCredit(tx, {
          submission: row,
          grade: 'excellent',
          level: 'school',
          programme: henan,
          assessorPersonId: schoolScope.personId,
          actor,
        }),
      );
    expect(await settle()).toBe(10);
    expect(await settle()).toBe(0);
    expect(await practiceHoursOf(db, submission.id)).toBe(10);
  });

  it('caps the hours all abilities credit at abilityMax, and re-credits an overturned fail', async () => {
    const db = database.db;
    const settle = (submission: typeof submissions.$inferSelect, grade: 'pass' | 'fail') =>
      db.transaction((tx) =>
        settlePracticeCredit(tx, {
          submission,
          grade,
          level: 'county',
          programme: henan,
          assessorPersonId: countyScope.personId,
          actor,
        }),
      );
    // Held so far: A3 10 (A1 was reversed). Two more passes reach the 30 h cap; the next earns nothing.
    const [b2, b3, b4] = [await submitted('B2'), await submitted('B3'), await submitted('B4')];
    expect(await settle(b2!, 'pass')).toBe(10);
    expect(await settle(b3!, 'pass')).toBe(10);
    expect(await settle(b4!, 'pass')).toBe(0);
    expect((await teacherLedger(db, world.tenantId, world.enrolmentId))?.totals.practice).toBe(30);
    // B2 failed on a later decision: its hours go, B4 still earns nothing until it is settled again.
    expect(await settle(b2!, 'fail')).toBe(-10);
    expect(await settle(b4!, 'pass')).toBe(10);
    expect(await settle(b2!, 'pass')).toBe(0);
    expect((await teacherLedger(db, world.tenantId, world.enrolmentId))?.totals.practice).toBe(30);
  });

  it('credits only final grades: with county review required the school grade earns nothing yet', async () => {
    const required: Programme = {
      ...henan,
      review: { ...henan.review!, countyReview: { ...henan.review!.countyReview, value: 'required' } },
    };
    expect(gradeIsFinal(required, 'school')).toBe(false);
    expect(gradeIsFinal(required, 'county')).toBe(true);
    expect(gradeIsFinal(henan, 'school')).toBe(true);
    const submission = await submitted('C3');
    const written = await database.db.transaction((tx) =>
      settlePracticeCredit(tx, {
        submission,
        grade: 'pass',
        level: 'school',
        programme: required,
        assessorPersonId: schoolScope.personId,
        actor,
      }),
    );
    expect(written).toBe(0);
    expect(await practiceHoursOf(database.db, submission.id)).toBe(0);
  });
});
