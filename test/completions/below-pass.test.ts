import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmeInstances } from '../../lti-tool/server/db/schema';
import type { AuditActor } from '../../lti-tool/server/services/audit';
import {
  importCompletionFile,
  type ImportFileInput,
} from '../../lti-tool/server/services/completions/feeds/import-file';
import { teacherLedger } from '../../lti-tool/server/services/completions/ledger';
import { createCompletionSource, findSource } from '../../lti-tool/server/services/completions/sources';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { exportFile, seedFixtureWorld, variantFile, type FixtureWorld } from './seed';

// Moodle's "Completed (did not achieve pass grade)": t004's A10 (grade 45, pass 60) in every export of the course.
// The programme's completions.belowPassGrade decides, and every layout follows it.

let database: TestDatabase;
let world: FixtureWorld;
let sourceId: string;
const actor: AuditActor = { actorLabel: 'cli:import', client: 'cli' };

beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedFixtureWorld(database.db, 'below-pass');
  const { source } = await createCompletionSource(database.db, world.tenantId, {
    name: 'moodle-files',
    kind: 'file',
    programmeInstanceId: world.programmeInstanceId,
    platformId: world.platformId,
  });
  sourceId = source.id;
});
afterAll(() => database.close());

async function setRule(rule: string | undefined) {
  await database.db
    .update(programmeInstances)
    .set({ parameterOverrides: rule ? { 'completions.belowPassGrade': rule } : {} })
    .where(eq(programmeInstances.id, world.programmeInstanceId));
}

async function preview(bytes: Uint8Array, fileName: string, extra: Partial<ImportFileInput> = {}) {
  const source = (await findSource(database.db, world.tenantId, sourceId))!;
  return importCompletionFile(database.db, {
    tenantId: world.tenantId,
    source,
    bytes,
    fileName,
    recorder: { system: 'cli:import' },
    actor,
    dryRun: true,
    ...extra,
  });
}

/** Every layout's reading of t004's A10, with what it needs to be dated (grade exports: pass grade + a date). */
const LAYOUTS: Array<{ file: string; bytes: () => Uint8Array; mapping?: ImportFileInput['mapping'] }> = [
  { file: 'activity-completion.csv', bytes: () => exportFile('activity-completion.csv') },
  { file: 'activity-completion.xlsx', bytes: () => exportFile('activity-completion.xlsx') },
  {
    file: 'course-completion-below-pass-dated.csv',
    bytes: () => variantFile('course-completion-below-pass-dated.csv'),
  },
  {
    file: 'course-completion.csv',
    bytes: () => exportFile('course-completion.csv'),
    mapping: { effectiveDate: '2026-01-05' },
  },
  { file: 'grades.csv', bytes: () => exportFile('grades.csv'), mapping: { minGrade: 60, effectiveDate: '2026-01-05' } },
  { file: 'grades.ods', bytes: () => exportFile('grades.ods'), mapping: { minGrade: 60, effectiveDate: '2026-01-05' } },
];

const t004a10 = (report: Awaited<ReturnType<typeof preview>>) =>
  report.items.find((i) => i.teacher.includes('t004') && i.course.startsWith('A10'));

describe('completed below the pass grade: one programme rule for every layout', () => {
  it.each(LAYOUTS)('default (do not credit): $file says so in words, and it is not a row problem', async (l) => {
    await setRule(undefined);
    const report = await preview(l.bytes(), l.file, { mapping: l.mapping });
    expect(report.fileIssues).toEqual([]);
    expect(t004a10(report)).toMatchObject({ status: 'not_credited', issues: [{ code: 'below_pass_not_credited' }] });
    expect(t004a10(report)?.issues[0]?.zh).toBe(
      '已完成但未达到及格分：本项目规定此类完成不计学时，教师需重新学习并达到及格分',
    );
    expect(report.summary).toMatchObject({ not_credited: 1, rejected: 0 });
  });

  it.each(LAYOUTS)('credit: $file credits 2 h in school year 2025 and says why', async (l) => {
    await setRule('credit');
    const report = await preview(l.bytes(), l.file, { mapping: l.mapping });
    expect(t004a10(report)).toMatchObject({
      status: 'would_create',
      hours: 2,
      schoolYear: 2025,
      issues: [{ code: 'below_pass_credited' }],
    });
  });

  it.each(LAYOUTS)('credit after review: $file waits until the admin approves the reviewed rows', async (l) => {
    await setRule('credit-after-review');
    const waiting = await preview(l.bytes(), l.file, { mapping: l.mapping });
    expect(t004a10(waiting)).toMatchObject({
      status: 'not_credited',
      issues: [{ code: 'below_pass_awaiting_review' }],
    });
    const approved = await preview(l.bytes(), l.file, { mapping: { ...l.mapping, approveBelowPass: true } });
    expect(t004a10(approved)).toMatchObject({
      status: 'would_create',
      issues: [{ code: 'below_pass_credited_after_review' }],
    });
  });

  it('the course report without a date (the criterion requires a pass) waits for a time, whatever the rule', async () => {
    await setRule('credit');
    const report = await preview(exportFile('course-completion.csv'), 'course-completion.csv');
    expect(t004a10(report)).toMatchObject({ status: 'skipped', issues: [{ code: 'below_pass_no_date' }] });
  });

  it('an approval is for one import: credited with the rule in its evidence, never remembered on the source', async () => {
    await setRule('credit-after-review');
    const file = 'activity-completion.csv';
    const report = await preview(exportFile(file), file, { dryRun: false, mapping: { approveBelowPass: true } });
    expect(t004a10(report)?.status).toBe('created');
    const ledger = (await teacherLedger(database.db, world.tenantId, world.teachers.get('t004')!.enrolmentId))!;
    const a10 = ledger.lines.find((l) => l.source.kind === 'course_completion' && l.source.abilityCode === 'A10')!;
    expect(a10).toMatchObject({ hours: 2, schoolYear: 2025 });
    expect(a10.source.kind === 'course_completion' && a10.source.evidence).toMatchObject({
      status: 'Completed (did not achieve pass grade)',
      date: '2026-01-05 14:00:00',
      belowPassRule: 'credit-after-review',
    });
    const source = await findSource(database.db, world.tenantId, sourceId);
    expect(source?.columnMapping).not.toHaveProperty('approveBelowPass');
    // The other layouts now find it credited: no second credit for the same course.
    const again = await preview(variantFile('course-completion-below-pass-dated.csv'), 'variant.csv', {
      mapping: { approveBelowPass: true },
    });
    expect(t004a10(again)?.status).toBe('unchanged');
  });
});
