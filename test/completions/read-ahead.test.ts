import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teacherStatus } from '../../lti-tool/server/db/schema';
import { loadCourseIndex } from '../../lti-tool/server/services/completions/course-mappings';
import { FileWrites, readAhead } from '../../lti-tool/server/services/completions/read-ahead';
import {
  recordCompletions,
  type CompletionClaim,
  type FeedContext,
} from '../../lti-tool/server/services/completions/record';
import { refreshTeacherStatus } from '../../lti-tool/server/services/teacher-status/refresh';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { apiFeed, FIXTURE_COURSES, fileImporter, seedFixtureWorld, voidRecorded, type FixtureWorld } from './seed';

// A file import reads a batch's teachers, credited courses and ledgers on another connection while its own
// connection still writes the batch before (read-ahead.ts), but only where the file cannot have written to them
// yet. Before the file: A1 credited to t003 by another feed, A3 credited to t005 and voided.
let database: TestDatabase;
let world: FixtureWorld;
let api: FeedContext;
const actor = { actorLabel: 'test:read-ahead', client: 'cli' as const };
const email = (n: number) => `t${String(n).padStart(3, '0')}@teachers.example.com`;
const [A1, A3] = FIXTURE_COURSES;
const claim = (n: number, courseRef: string, extra: Partial<CompletionClaim> = {}): CompletionClaim => ({
  externalId: `file-${n}-${courseRef}`,
  teacher: { by: 'email', value: email(n) },
  courseRef,
  completedAt: new Date('2021-11-02T01:00:00Z'),
  evidence: {},
  ...extra,
});

beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedFixtureWorld(database.db, 'read-ahead');
  api = apiFeed(world, 'read-ahead-test', actor);
  const before = await recordCompletions(database.db, api, [
    { ...claim(3, A1!.courseRef), externalId: 'api-3' },
    { ...claim(5, A3!.courseRef), externalId: 'api-5' },
  ]);
  const voided = before[1]!;
  await voidRecorded(database.db, world, voided, actor);
});
afterAll(() => database.close());

describe('readAhead', () => {
  it('reads the credited courses and ledgers of enrolments the file has not written to', async () => {
    const courses = await loadCourseIndex(database.db, world.tenantId);
    const ahead = await readAhead(
      database.db,
      api,
      [claim(3, A3!.courseRef), claim(5, A1!.courseRef)],
      courses,
      new FileWrites(),
    );
    const t003 = world.teachers.get('t003')!.enrolmentId;
    const t005 = world.teachers.get('t005')!.enrolmentId;
    expect(ahead.enrolments).toEqual(new Set([t003, t005]));
    // t005's A3 was voided: credited no more.
    expect([...ahead.credited!.keys()]).toEqual([`${t003}|${A1!.courseRef}|A1`]);
    expect(ahead.ledgers!.get(t003)).toHaveLength(1);
    expect(ahead.ledgers!.get(t005)).toHaveLength(2); // the credit and its reversal
  });

  it('reads only the teachers where the file may have written, or a row needs its programme rule', async () => {
    const courses = await loadCourseIndex(database.db, world.tenantId);
    const claims = [claim(3, A3!.courseRef), claim(5, A1!.courseRef)];
    const keyWritten = new FileWrites();
    keyWritten.keys.add(claims[1]!.externalId);
    const enrolmentWritten = new FileWrites();
    enrolmentWritten.enrolments.add(world.teachers.get('t003')!.enrolmentId);
    for (const ahead of [
      await readAhead(database.db, api, claims, courses, keyWritten),
      await readAhead(database.db, api, claims, courses, enrolmentWritten),
      await readAhead(database.db, api, [claim(3, A3!.courseRef, { belowPass: true })], courses, new FileWrites()),
      await readAhead(database.db, api, claims, courses), // a later file of the source: other keys are stored
    ]) {
      expect(ahead.teachers.found.size).toBeGreaterThan(0);
      expect(ahead.enrolments).toBeUndefined();
      expect(ahead.credited).toBeUndefined();
    }
  });

  it('an import in batches of two teachers stores what a refresh reading every record stores', async () => {
    // Sorted by teacher, two teachers a batch: t003 and t005 come first in the second and third batches.
    const lines = ['teacher_email,course_ref,completed_at'];
    for (let n = 1; n <= 14; n++)
      for (const course of FIXTURE_COURSES) lines.push(`${email(n)},${course.courseRef},2021-11-0${1 + (n % 9)} 09:00`);
    const { run } = await fileImporter(database.db, world, 'by teacher');
    const report = await run(new TextEncoder().encode(lines.join('\n') + '\n'), 'by-teacher.csv', { batchRows: 8 });
    // t003's A1 is credited already; t005's voided A3 is credited again.
    expect(report.summary).toMatchObject({ created: 55, duplicate: 1 });
    const rows = () =>
      database.db
        .select()
        .from(teacherStatus)
        .where(eq(teacherStatus.tenantId, world.tenantId))
        .orderBy(asc(teacherStatus.enrolmentId))
        .then((all) => all.map(({ computedAt: _c, lastActivityAt: _l, ...rest }) => rest));
    const imported = await rows();
    expect(imported).toHaveLength(14);
    for (const { enrolmentId } of world.teachers.values()) await refreshTeacherStatus(database.db, enrolmentId);
    expect(imported).toEqual(await rows());
    const t003 = imported.find((r) => r.enrolmentId === world.teachers.get('t003')!.enrolmentId)!;
    expect(t003.onlineMinutes).toBe(8 * 60); // A1 from the other feed, three courses from the file
  });
});
