import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teacherStatus } from '../../lti-tool/server/db/schema';
import { teacherLedger } from '../../lti-tool/server/services/completions/ledger';
import { recordCompletions } from '../../lti-tool/server/services/completions/record';
import { refreshTeacherStatus } from '../../lti-tool/server/services/teacher-status/refresh';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { apiFeed, FIXTURE_COURSES, fileImporter, seedFixtureWorld, voidRecorded, type FixtureWorld } from './seed';

// A file import refreshes its teachers' statuses from the ledgers as they stood before the file plus the credits it
// wrote, held in memory, instead of reading its own credits back (held-credits.ts). The rows it stores must be the
// rows a refresh that reads everything stores: with credits from other feeds and a voided one before the file, a
// file sorted by course (every teacher in many batches) and refreshes every few teachers (a teacher credited again
// after their refresh).
let database: TestDatabase;
let world: FixtureWorld;
beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedFixtureWorld(database.db, 'import-status');
});
afterAll(() => database.close());

const actor = { actorLabel: 'test:import-status', client: 'cli' as const };
const email = (n: number) => `t${String(n).padStart(3, '0')}@teachers.example.com`;

/** Every row of teacher_status but the moments (when it was computed, the activity, the first day complete). */
async function statuses() {
  const rows = await database.db
    .select()
    .from(teacherStatus)
    .where(eq(teacherStatus.tenantId, world.tenantId))
    .orderBy(asc(teacherStatus.enrolmentId));
  return rows.map(({ computedAt: _c, lastActivityAt: _l, completedAt, ...rest }) => ({
    ...rest,
    complete: completedAt !== null,
  }));
}

describe('the teacher_status refresh of a file import', () => {
  it('stores what a refresh reading every record stores, across batches and refresh windows', async () => {
    const api = apiFeed(world, 'import-status-test', actor);
    // In the programme's window (school years 2019–2022), so the hours count. Before the file: A1 credited by another feed to t001–t004, A3 to t005 and then voided.
    const before = await recordCompletions(database.db, api, [
      ...[1, 2, 3, 4].map((n) => ({
        externalId: `api-${n}`,
        teacher: { by: 'email' as const, value: email(n) },
        courseRef: FIXTURE_COURSES[0]!.courseRef,
        completedAt: new Date('2021-10-01T02:00:00Z'),
        evidence: {},
      })),
      {
        externalId: 'api-5',
        teacher: { by: 'email' as const, value: email(5) },
        courseRef: FIXTURE_COURSES[1]!.courseRef,
        completedAt: new Date('2021-10-01T02:00:00Z'),
        evidence: {},
      },
    ]);
    const voided = before[4]!;
    expect(voided.status).toBe('created');
    await voidRecorded(database.db, world, voided, actor);
    const t001 = world.teachers.get('t001')!;
    const t001Before = (await teacherLedger(database.db, world.tenantId, t001.enrolmentId))!.totals.online;

    // Sorted by course: each teacher's rows lie in four batches of 5 rows, refreshed every 3 teachers.
    const lines = ['teacher_email,course_ref,completed_at'];
    for (const course of FIXTURE_COURSES)
      for (let n = 1; n <= 14; n++) lines.push(`${email(n)},${course.courseRef},2021-11-0${1 + (n % 9)} 09:00`);
    const { run } = await fileImporter(database.db, world, 'by course');
    const report = await run(new TextEncoder().encode(lines.join('\n') + '\n'), 'by-course.csv', {
      batchRows: 5,
      refreshEvery: 3,
    });
    // t001–t004's A1 is already credited; t005's voided A3 is credited again by the file.
    expect(report.summary).toMatchObject({ created: 52, duplicate: 4 });
    const imported = await statuses();
    expect(imported).toHaveLength(14);

    for (const { enrolmentId } of world.teachers.values()) await refreshTeacherStatus(database.db, enrolmentId);
    expect(imported).toEqual(await statuses());
    // Not a comparison of empty rows: the file's credits and the earlier feed's are both counted.
    const t001Row = imported.find((r) => r.enrolmentId === t001.enrolmentId)!;
    expect(t001Before).toBe(2);
    expect(t001Row.onlineMinutes).toBe(8 * 60);
  });
});
