import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseCompletions, hoursLedgerEntries, people, enrolments } from '../../lti-tool/server/db/schema';
import { importCompletionFile } from '../../lti-tool/server/services/completions/feeds/import-file';
import { ITEMS_PER_KIND } from '../../lti-tool/server/services/completions/feeds/import-report';
import { createCompletionSource } from '../../lti-tool/server/services/completions/sources';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { FIXTURE_COURSES, seedFixtureWorld, type FixtureWorld } from './seed';

// A file is read, resolved and written in batches of rows, all in one transaction. Whatever the batch size, the
// ledger and the report's counts must be those of reading the file in one go: a row repeated in a later batch is
// still a duplicate within the file, and the report counts every row while listing only the first of each kind.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const UNKNOWN_TEACHERS = ITEMS_PER_KIND + 50;

/**
 * A generic-layout file: every teacher × course once (56 credits), 10 of them repeated further down, rows of
 * teachers nobody knows (more than are listed), 4 unknown courses and 3 unreadable dates, interleaved.
 */
function buildFile(): string {
  const lines = ['teacher_email,course_ref,completed_at'];
  const teachers = Array.from({ length: 14 }, (_, i) => `t${String(i + 1).padStart(3, '0')}@teachers.example.com`);
  let extra = 0;
  teachers.forEach((email, t) => {
    FIXTURE_COURSES.forEach((course, c) => {
      lines.push(
        `${email},${course.courseRef},2025-${t % 2 ? '11' : '07'}-${String(1 + c + t).padStart(2, '0')} 09:00`,
      );
      for (let k = 0; k < 3 && extra < UNKNOWN_TEACHERS; k++)
        lines.push(`nobody${extra++}@x.cn,${course.courseRef},2025-11-02`);
    });
    if (t % 4 === 0) lines.push(`${email},没有这门课,2025-11-02`);
    if (t % 5 === 0) lines.push(`${email},${FIXTURE_COURSES[0]!.courseRef},not a date`);
  });
  while (extra < UNKNOWN_TEACHERS) lines.push(`nobody${extra++}@x.cn,${FIXTURE_COURSES[1]!.courseRef},2025-11-02`);
  // Repeats of rows of the first teachers, far from them (another batch when batches are small).
  for (let t = 0; t < 5; t++)
    for (const course of FIXTURE_COURSES.slice(0, 2)) lines.push(`${teachers[t]},${course.courseRef},2026-01-05 10:00`);
  return lines.join('\n') + '\n';
}

async function importInto(world: FixtureWorld, sourceName: string, batchRows: number, dryRun = false) {
  const { source } = await createCompletionSource(database.db, world.tenantId, { name: sourceName, kind: 'file' });
  const run = () =>
    importCompletionFile(database.db, {
      tenantId: world.tenantId,
      source,
      bytes: new TextEncoder().encode(buildFile()),
      fileName: 'batched.csv',
      batchRows,
      dryRun,
      recorder: { system: 'test:batched' },
      actor: { actorLabel: 'test', client: 'cli' },
    });
  return { first: await run(), again: await run() };
}

/** The tenant's ledger as facts that do not depend on generated ids. */
async function ledgerFacts(tenantId: string) {
  const rows = await database.db
    .select({
      email: people.email,
      courseRef: courseCompletions.courseRef,
      abilityCode: courseCompletions.abilityCode,
      completedAt: courseCompletions.completedAt,
      externalId: courseCompletions.externalId,
      row: courseCompletions.provenance,
      hours: hoursLedgerEntries.hours,
      schoolYear: hoursLedgerEntries.schoolYear,
    })
    .from(courseCompletions)
    .innerJoin(hoursLedgerEntries, eq(hoursLedgerEntries.courseCompletionId, courseCompletions.id))
    .innerJoin(enrolments, eq(enrolments.id, courseCompletions.enrolmentId))
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(eq(courseCompletions.tenantId, tenantId))
    .orderBy(asc(courseCompletions.externalId));
  return rows.map((r) => ({ ...r, row: (r.row as { row: number }).row }));
}

/** The report without what differs by design between two imports (ids, batch size). */
const comparable = (report: Awaited<ReturnType<typeof importCompletionFile>>) => {
  const { importId: _id, batchRows: _batch, ...rest } = report;
  return rest;
};

describe('a file read in batches', () => {
  it('gives the ledger and the report of one batch, and counts every row while listing the first of each kind', async () => {
    const one = await seedFixtureWorld(database.db, 'batched-one');
    const many = await seedFixtureWorld(database.db, 'batched-many');
    const whole = await importInto(one, 'whole', 100_000);
    const batched = await importInto(many, 'batched', 7);

    expect(comparable(batched.first)).toEqual(comparable(whole.first));
    expect(comparable(batched.again)).toEqual(comparable(whole.again));
    expect(await ledgerFacts(many.tenantId)).toEqual(await ledgerFacts(one.tenantId));

    const rows = buildFile().trim().split('\n').length - 1;
    const s = batched.first.summary;
    expect(s).toMatchObject({ rows, items: rows, created: 56, duplicate: 10, hours: 112, unchanged: 0 });
    expect(s.rejected).toBe(UNKNOWN_TEACHERS + 4 + 3);
    expect(s.by_reason).toEqual({
      unknown_teacher: UNKNOWN_TEACHERS,
      unknown_course: 4,
      invalid_date: 3,
      duplicate_in_batch: 10,
    });
    expect(s.with_issues).toBe(UNKNOWN_TEACHERS + 4 + 3 + 10);
    expect((await ledgerFacts(many.tenantId)).length).toBe(56);
    // Listed: the first ITEMS_PER_KIND unknown teachers, in file order; the rest only counted.
    const listedUnknown = batched.first.items.filter((i) => i.issues[0]?.code === 'unknown_teacher');
    expect(listedUnknown).toHaveLength(ITEMS_PER_KIND);
    expect(listedUnknown.map((i) => i.teacher)).toEqual(
      Array.from({ length: ITEMS_PER_KIND }, (_, i) => `nobody${i}@x.cn`),
    );
    expect(batched.first.itemsOmitted).toBe(UNKNOWN_TEACHERS - ITEMS_PER_KIND);
    expect(batched.first.items).toHaveLength(rows - batched.first.itemsOmitted);
    expect(batched.first.items.map((i) => i.row)).toEqual(
      [...batched.first.items.map((i) => i.row)].sort((a, b) => a - b),
    );

    // Re-import: nothing new, every credited row unchanged (its repeats too), whatever the batches.
    expect(batched.again.summary).toMatchObject({ created: 0, unchanged: 66, duplicate: 0 });
    expect((await ledgerFacts(many.tenantId)).length).toBe(56);
  });

  it('a preview in batches says what the import in one batch does, and writes nothing', async () => {
    const world = await seedFixtureWorld(database.db, 'batched-preview');
    const { first } = await importInto(world, 'preview', 5, true);
    expect(first.summary).toMatchObject({ would_create: 56, created: 0, duplicate: 10, hours: 112 });
    expect(first.summary.by_reason.duplicate_in_batch).toBe(10);
    expect(await ledgerFacts(world.tenantId)).toEqual([]);
  });
});
