import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgramme, type Programme } from '../../../../shared/domain';
import { seedTeacher, type SeededTeacher } from '../../../../test/db/seed';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db';
import {
  auditLog,
  evidenceItems,
  hoursLedgerEntries,
  organisations,
  people,
  programmeInstances,
  submissions,
} from '../../db/schema';
import { teacherLedger } from '../completions/ledger';
import { countyReview } from './county';
import { gradeSubmission } from './grading';
import { gradeIsFinal, practiceHoursOf, settlePracticeCredit } from './practice-credit';
import type { ReviewScope } from './scope';

let database: TestDatabase;
let world: SeededTeacher;
let schoolScope: ReviewScope;
let countyScope: ReviewScope;
const henan = getProgramme('cn-henan-2.0');
const actor = { actorLabel: 'test', client: 'system' as const };

beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedTeacher(database.db, 'practice-credit');
  const db = database.db;
  const [instance] = await db
    .update(programmeInstances)
    .set({ definitionId: 'cn-henan-2.0' })
    .where(eq(programmeInstances.id, world.programmeInstanceId))
    .returning();
  const assessors = await db
    .insert(people)
    .values([
      { tenantId: world.tenantId, displayName: '李评审' },
      { tenantId: world.tenantId, displayName: '区县王老师' },
    ])
    .returning();
  const orgs = await db.select().from(organisations).where(eq(organisations.tenantId, world.tenantId));
  const org = (id: string) => orgs.find((o) => o.id === id)!;
  const scope = (personId: string, orgId: string, county: boolean): ReviewScope => ({
    tenantId: world.tenantId,
    personId,
    link: { id: orgId, contextId: `ctx-${orgId}`, instance: instance!, organisation: org(orgId) },
    schoolIds: [world.schoolId],
    county,
  });
  schoolScope = scope(assessors[0]!.id, world.schoolId, false);
  countyScope = scope(assessors[1]!.id, world.countyId, true);
});
afterAll(() => database.close());

/** A submitted A1 with both required items, ready for the school's grade. */
async function submitted(abilityCode = 'A1') {
  const [row] = await database.db
    .insert(submissions)
    .values({ tenantId: world.tenantId, enrolmentId: world.enrolmentId, abilityCode, state: 'submitted', version: 2 })
    .returning();
  await database.db.insert(evidenceItems).values(
    ['analysis-plan', 'analysis-report'].map((slotId) => ({
      tenantId: world.tenantId,
      submissionId: row!.id,
      slotId,
      kind: 'text' as const,
      text: '学情分析',
    })),
  );
  return row!;
}

const allGrades = (grade: 'pass' | 'fail' | 'excellent') => [
  { slotId: 'analysis-plan', grade },
  { slotId: 'analysis-report', grade },
];

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
