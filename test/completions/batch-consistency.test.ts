import { count, eq } from 'drizzle-orm';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseCompletions, lmsCourseCompletions } from '../../lti-tool/server/db/schema';
import type { ImportFileInput, ImportReport } from '../../lti-tool/server/services/completions/feeds/import-file';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { fileSource, type SheetBytes } from '../../lti-tool/server/services/completions/files/byte-source';
import { EXPORTS, exportFile, fileImporter, seedFixtureWorld } from './seed';

// A file is read in batches, all in one transaction. What a batch decides about the file's columns must hold for
// the whole file: a column first holding data in a later batch is still reported, a later batch that contradicts
// the columns the first one found fails the whole file (nothing of the earlier batches stays), and a preview in
// batches counts what spans batches once, as the import does.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function setUp(slug: string) {
  const world = await seedFixtureWorld(database.db, slug);
  const importer = await fileImporter(database.db, world);
  const run = (text: string | SheetBytes, fileName: string, extra: Partial<ImportFileInput> = {}) =>
    importer.run(typeof text === 'string' ? new TextEncoder().encode(text) : text, fileName, extra);
  const credits = async () =>
    (
      await database.db
        .select({ n: count() })
        .from(courseCompletions)
        .where(eq(courseCompletions.tenantId, world.tenantId))
    )[0]!.n;
  return { world, run, credits };
}

/** The report without what differs by design between two runs (ids, batch size). */
const comparable = ({ importId: _id, batchRows: _batch, ...rest }: ImportReport) => rest;

const activityCsv = () => new TextDecoder().decode(exportFile('activity-completion.csv')).trimEnd().split('\n');

/** A row of the activity completion report for a teacher nobody knows, every activity not completed. */
const notCompleted = (i: number) =>
  `"x ${i}",${i},nobody${i}@x.cn,inst,dept,"Not completed",,"Not completed",,"Not completed",,"Not completed",`;

describe('columns across batches', () => {
  it('a sparse header whose last column holds data only in later batches reads the same in one batch or many', async () => {
    // Moodle omits the header over B2's date column, and the first rows end at B2's status (no date): a batch of
    // those rows alone is narrower than the file.
    const [head, ...rows] = activityCsv();
    const header = head!.replace(/,"2026-01-31 18:00:00"$/, '');
    const early = Array.from({ length: 10 }, (_, i) => notCompleted(i).replace(/,$/, ''));
    const file = [header, ...early, ...rows].join('\n') + '\n';
    const whole = await (await setUp('columns-whole')).run(file, 'activity.csv', { dryRun: true });
    const batched = await (await setUp('columns-batched')).run(file, 'activity.csv', { dryRun: true, batchRows: 7 });
    expect(whole.warnings).toEqual([]);
    expect(whole.summary.would_create).toBeGreaterThan(0);
    expect(comparable(batched)).toEqual(comparable(whole));
  });

  it('profile columns left blank in the first batch are no activity: filled later, the file reads as in one batch', async () => {
    const [head, ...rows] = activityCsv();
    // Institution and Department (4th and 5th columns) blank on the first 8 rows: a batch of 7 sees them empty.
    const blanked = rows.map((line, i) => (i < 8 ? line.replace(/^("[^"]*",\d+,[^,]+),[^,]*,[^,]*,/, '$1,,,') : line));
    expect(blanked[0]).toMatch(/@teachers\.example\.com,,,Completed/);
    const file = [head, ...blanked].join('\n') + '\n';
    const whole = await (await setUp('blank-profile-whole')).run(file, 'activity.csv', { dryRun: true });
    const batched = await (
      await setUp('blank-profile-batched')
    ).run(file, 'activity.csv', {
      dryRun: true,
      batchRows: 7,
    });
    expect(whole.fileIssues).toEqual([]);
    expect(whole.summary.items).toBe(rows.length * 4);
    expect(comparable(batched)).toEqual(comparable(whole));
  });

  it('a column that first holds data in a later batch is reported, as when the file is read in one batch', async () => {
    const lines = ['teacher_email,course_ref,completed_at'];
    for (let i = 1; i <= 14; i++) {
      const note = i === 12 ? ',看这里' : '';
      lines.push(`t${String(i).padStart(3, '0')}@teachers.example.com,A1 技术支持的学情分析,2025-11-02${note}`);
    }
    const file = lines.join('\n') + '\n';
    const whole = await (await setUp('late-column-whole')).run(file, 'late.csv', { dryRun: true });
    const batched = await (await setUp('late-column-batched')).run(file, 'late.csv', { dryRun: true, batchRows: 5 });
    expect(whole.warnings).toEqual([expect.stringMatching(/^第 4 列（无表头）有数据但无法识别/)]);
    expect(comparable(batched)).toEqual(comparable(whole));
  });

  it('row 15,000 contradicting the columns of batch 1 fails the whole file: nothing of batch 1 stays', async () => {
    const { run, credits } = await setUp('late-failure');
    const [head, ...rows] = activityCsv();
    const filler = Array.from({ length: 15_000 - 1 - rows.length - 1 }, (_, i) => notCompleted(i));
    const bad = notCompleted(99_999).replace('"Not completed"', '"2026-01-05 10:00:00"');
    const file = [head, ...rows, ...filler, bad].join('\n') + '\n';
    expect(file.trimEnd().split('\n')).toHaveLength(15_000);

    const preview = await run(file, 'activity.csv', { dryRun: true });
    // 14,999 data rows in two even batches of at most 10,000: the second starts at data row 7,501, line 7,502.
    expect(preview.fileIssues).toEqual([
      expect.stringMatching(/^第 7502 行起 \/ from row 7502: 第 15000 行“A1 技术支持的学情分析”列的内容/),
    ]);
    const report = await run(file, 'activity.csv');
    expect(report.fileIssues).toEqual(preview.fileIssues);
    expect(report.importId).toBeNull();
    expect(report.summary).toMatchObject({ rows: 14_999, created: 0 });
    expect(await credits()).toBe(0);

    // The same file without the bad row imports batch 1's completions.
    const good = await run([head, ...rows, ...filler].join('\n') + '\n', 'activity.csv');
    expect(good.fileIssues).toEqual([]);
    expect(good.summary.created).toBeGreaterThan(0);
    expect(await credits()).toBe(good.summary.created);
  });
});

describe('a preview in batches', () => {
  it('counts a whole-course completion and its credit once across batches, the same as in one batch and as the import', async () => {
    const { world, run } = await setUp('preview-facts');
    // The catalogue maps the whole course: "Course complete" is a fact of its own and an hours claim.
    await upsertCourseMappings(database.db, world.tenantId, [{ courseRef: 'NLTS2-DEMO', abilityCode: 'A5', hours: 3 }]);
    const name = 'completion-nlts2-demo-20261122_0949-comma_separated.csv';
    const [head, ...rows] = new TextDecoder().decode(exportFile('course-completion.csv')).trimEnd().split('\n');
    // Every row again further down: in batches of 7, each teacher's course completion is in two batches.
    const file = [head, ...rows, ...rows].join('\n') + '\n';

    const whole = await run(file, name, { dryRun: true });
    const batched = await run(file, name, { dryRun: true, batchRows: 7 });
    expect(whole.summary).toMatchObject({ courses_recorded: 6, courses_unchanged: 6 });
    expect(comparable(batched)).toEqual(comparable(whole));

    const imported = await run(file, name, { batchRows: 7 });
    const { courses_recorded, courses_unchanged, hours, duplicate } = whole.summary;
    expect(imported.summary).toMatchObject({
      courses_recorded,
      courses_unchanged,
      hours,
      duplicate,
      created: whole.summary.would_create,
    });
    const [facts] = await database.db
      .select({ n: count() })
      .from(lmsCourseCompletions)
      .where(eq(lmsCourseCompletions.tenantId, world.tenantId));
    expect(facts?.n).toBe(6);
  });
});

describe('a file on disk (npm run import)', () => {
  it('imports as its bytes do: the same report, read by range through the same readers', async () => {
    const { run } = await setUp('file-on-disk');
    for (const name of ['activity-completion.xlsx', 'grades.ods', 'course-completion.csv']) {
      const file = fileSource(join(EXPORTS, name));
      try {
        const fromDisk = await run(file, name, { dryRun: true, mapping: { effectiveDate: '2026-01-20' } });
        const fromBytes = await run(exportFile(name), name, { dryRun: true, mapping: { effectiveDate: '2026-01-20' } });
        expect(fromDisk.summary.would_create, name).toBeGreaterThan(0);
        expect(comparable(fromDisk), name).toEqual(comparable(fromBytes));
      } finally {
        file.close();
      }
    }
  });
});
