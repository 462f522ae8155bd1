import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseCompletions } from '../../lti-tool/server/db/schema';
import type { AuditActor } from '../../lti-tool/server/services/audit';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { importCompletionFile } from '../../lti-tool/server/services/completions/feeds/import-file';
import { teacherLedger, voidCompletion } from '../../lti-tool/server/services/completions/ledger';
import { createCompletionSource, findSource } from '../../lti-tool/server/services/completions/sources';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { exportFile, seedFixtureWorld, type FixtureWorld } from './seed';

/**
 * A layout without completion times (the gradebook export) takes the date from a completion of the same teacher
 * and course already in the ledger (here from the course-completion report), else its rows wait for an effective
 * date; each row says which rule dated it.
 */
let database: TestDatabase;
let world: FixtureWorld;
let reports: string;
let gradebook: string;
const actor: AuditActor = { actorLabel: 'cli:import', client: 'cli' };
beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedFixtureWorld(database.db, 'ledger-date');
  const a = await createCompletionSource(database.db, world.tenantId, { name: 'reports', kind: 'file' });
  const b = await createCompletionSource(database.db, world.tenantId, { name: 'gradebook', kind: 'file' });
  reports = a.source.id;
  gradebook = b.source.id;
});
afterAll(() => database.close());

async function importInto(sourceId: string, file: string) {
  return importCompletionFile(database.db, {
    tenantId: world.tenantId,
    source: (await findSource(database.db, world.tenantId, sourceId))!,
    bytes: exportFile(file),
    fileName: file,
    recorder: { system: 'cli:import' },
    actor,
  });
}

const row = (report: Awaited<ReturnType<typeof importInto>>, teacher: string, course: string) =>
  report.items.find((i) => i.teacher.startsWith(`${teacher}@`) && i.course.startsWith(`${course} `));
const codes = (item: { issues: { code: string }[] } | undefined) => item?.issues.map((i) => i.code) ?? [];

describe('a file without completion times, dated from the ledger', () => {
  it('before any other source: graded rows wait, saying why', async () => {
    const report = await importInto(gradebook, 'grades.csv');
    expect(row(report, 't013', 'A10')).toMatchObject({ status: 'skipped' });
    expect(codes(row(report, 't013', 'A10'))).toEqual(['no_completion_time']);
    expect(report.summary.created).toBe(0);
  });

  it('after the completion report: the same item takes its date from the ledger and says so; nothing counts twice', async () => {
    await importInto(reports, 'course-completion.csv');
    const t013 = world.teachers.get('t013')!;
    const before = (await teacherLedger(database.db, world.tenantId, t013.enrolmentId))!.totals.online;
    // The A10 activity now also teaches C1 (1 h): the grade row credits C1, dated as the report dated A10.
    await upsertCourseMappings(database.db, world.tenantId, [
      {
        courseRef: 'A10 技术支持的测验与练习',
        abilities: [
          { abilityCode: 'A10', hours: 2 },
          { abilityCode: 'C1', hours: 1 },
        ],
      },
    ]);
    const report = await importInto(gradebook, 'grades.csv');
    const a10 = row(report, 't013', 'A10');
    expect(a10).toMatchObject({ status: 'created', abilityCode: 'C1', hours: 1, schoolYear: 2025, dateRule: 'ledger' });
    expect(codes(a10)).toEqual(['date_from_ledger']);
    expect(a10?.issues[0]?.detail).toMatch(/^2025-12-11 14:20/);
    const [c1] = await database.db
      .select({ completedAt: courseCompletions.completedAt, provenance: courseCompletions.provenance })
      .from(courseCompletions)
      .where(and(eq(courseCompletions.enrolmentId, t013.enrolmentId), eq(courseCompletions.abilityCode, 'C1')));
    expect(c1?.completedAt.toISOString()).toBe('2025-12-11T06:20:00.000Z');
    expect(c1?.provenance).toMatchObject({ dateRule: 'ledger' });
    // B2 is credited from the report already: dated from it, not counted again.
    const b2 = row(report, 't013', 'B2');
    expect(b2).toMatchObject({ status: 'duplicate', dateRule: 'ledger' });
    expect(codes(b2)).toEqual(['already_credited', 'date_from_ledger']);
    expect((await teacherLedger(database.db, world.tenantId, t013.enrolmentId))!.totals.online).toBe(before + 1);
    // Below the pass grade in the report, so not in the ledger: t004's A10 still waits for an effective date.
    expect(codes(row(report, 't004', 'A10'))).toEqual(['no_completion_time']);
  });

  it('a voided completion lends no date: the row waits instead of crediting the hours again', async () => {
    const t014 = world.teachers.get('t014')!;
    const ledger = (await teacherLedger(database.db, world.tenantId, t014.enrolmentId))!;
    const b2 = ledger.lines.find((l) => l.source.kind === 'course_completion' && l.source.abilityCode === 'B2')!;
    await voidCompletion(database.db, {
      tenantId: world.tenantId,
      completionId: b2.source.kind === 'course_completion' ? b2.source.completionId : '',
      reason: '平台撤销',
      recorder: { personId: world.adminPersonId },
      actor,
    });
    const report = await importInto(gradebook, 'grades.csv');
    expect(codes(row(report, 't014', 'B2'))).toEqual(['no_completion_time']);
    expect(report.summary.created).toBe(0);
  });
});
