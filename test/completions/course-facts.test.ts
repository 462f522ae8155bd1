import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, lmsCourseCompletions } from '../../lti-tool/server/db/schema';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { courseCompletionFacts } from '../../lti-tool/server/services/completions/course-facts';
import { teacherLedger } from '../../lti-tool/server/services/completions/ledger';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { exportFile, fileImporter, seedFixtureWorld, variantFile, type FixtureWorld } from './seed';

// The course-completion report's "Course complete" column: a whole course completed, recorded as a fact of its own
// (date, source), and credited where the catalogue maps the whole course.

const MOODLE_NAME = 'completion-nlts2-demo-20261122_0949-comma_separated.csv';
/** Teachers with a "Course complete" date in course-completion.csv, and that date (Asia/Shanghai). */
const COURSE_COMPLETE: Record<string, string> = {
  t001: '2026-01-08T02:05:00.000Z',
  t002: '2025-12-28T13:10:00.000Z',
  t003: '2026-01-02T00:30:00.000Z',
  t005: '2025-12-15T01:40:00.000Z',
  t009: '2026-01-16T01:00:00.000Z',
  t013: '2026-01-19T03:11:00.000Z',
};

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function setUp(slug: string) {
  const world = await seedFixtureWorld(database.db, slug);
  return { world, run: (await fileImporter(database.db, world)).run };
}

async function facts(world: FixtureWorld, key: string) {
  return courseCompletionFacts(database.db, world.tenantId, world.teachers.get(key)!.enrolmentId);
}

describe('course completion as a fact', () => {
  it('records the "Course complete" dates of the real report (course from Moodle\'s file name), no extra hours', async () => {
    const { world, run } = await setUp('course-facts-real');
    const preview = await run(exportFile('course-completion.csv'), MOODLE_NAME, { dryRun: true });
    expect(preview.summary).toMatchObject({ courses_recorded: 6, rejected: 0 });
    expect(await database.db.select({ n: count() }).from(lmsCourseCompletions)).toEqual([{ n: 0 }]);

    const report = await run(exportFile('course-completion.csv'), MOODLE_NAME);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toMatchObject({ courses_recorded: 6, created: 35 });
    const item = report.items.find((i) => i.teacher.includes('t001') && i.course === 'nlts2-demo');
    expect(item).toMatchObject({ status: 'skipped', issues: [{ code: 'course_completion_recorded' }] });
    for (const [key, date] of Object.entries(COURSE_COMPLETE)) {
      const rows = await facts(world, key);
      expect(
        rows.map((r) => [r.courseRef, r.completedAt.toISOString(), r.sourceKind]),
        key,
      ).toEqual([['nlts2-demo', date, 'file']]);
      expect(rows[0]!.provenance).toMatchObject({ file: MOODLE_NAME, column: 'Course complete', course: 'file_name' });
    }
    expect(await facts(world, 't004')).toEqual([]);
    // The activities carry the hours: 2 h each, nothing for the course as a whole.
    expect(
      (await teacherLedger(database.db, world.tenantId, world.teachers.get('t001')!.enrolmentId))!.totals.online,
    ).toBe(8);
    const [audits] = await database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.action, 'course.complete')));
    expect(audits?.n).toBe(6);

    const again = await run(exportFile('course-completion-excel.csv'), MOODLE_NAME);
    expect(again.summary).toMatchObject({ courses_recorded: 0, courses_unchanged: 6, created: 0 });
  });

  it('a whole course in the catalogue is credited from "Course complete" (hand-made variant); the report builder agrees', async () => {
    const { world, run } = await setUp('course-facts-whole');
    await upsertCourseMappings(database.db, world.tenantId, [{ courseRef: 'NLTS2-DEMO', abilityCode: 'A5', hours: 3 }]);
    const file = variantFile(`course-complete-only/${MOODLE_NAME}`);
    const report = await run(file, MOODLE_NAME);
    expect(report.layout).toBe('moodle-course-completion');
    expect(report.fileIssues).toEqual([]);
    expect(report.summary).toMatchObject({ created: 6, hours: 18, courses_recorded: 6, rejected: 0 });
    const t002 = (await teacherLedger(database.db, world.tenantId, world.teachers.get('t002')!.enrolmentId))!;
    expect(t002.lines).toHaveLength(1);
    expect(t002.lines[0]).toMatchObject({
      hours: 3,
      schoolYear: 2025,
      source: { courseRef: 'NLTS2-DEMO', abilityCode: 'A5', completedAt: COURSE_COMPLETE.t002 },
    });
    expect((await facts(world, 't002')).map((f) => f.courseRef)).toEqual(['NLTS2-DEMO']);

    // The report builder's course completion of the same course: already there, never twice.
    const builder = await run(exportFile('reportbuilder-course-participants.csv'), 'NLTS2-DEMO 课程完成情况.csv');
    expect(builder.layout).toBe('moodle-report-builder');
    expect(builder.summary).toMatchObject({ created: 0, unchanged: 6, hours: 0 });
    expect(t002.totals.online).toBe(3);
  });

  it("without Moodle's file name or a mapped course, the column is named in a warning and nothing is recorded", async () => {
    const { run } = await setUp('course-facts-unnamed');
    const report = await run(exportFile('course-completion.csv'), 'course-completion.csv', { dryRun: true });
    expect(report.summary.courses_recorded).toBe(0);
    expect(report.warnings).toEqual([
      expect.stringContaining('“Course complete”列有课程完成日期，但无法确定是哪门课程'),
    ]);
    const named = await run(exportFile('course-completion.csv'), 'course-completion.csv', {
      dryRun: true,
      mapping: { lmsCourse: 'NLTS2-DEMO' },
    });
    expect(named.summary.courses_recorded).toBe(6);
  });
});
