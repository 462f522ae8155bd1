import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgramme, type Programme } from '../../shared/domain';
import { auditLog, courseCompletions, hoursLedgerEntries, programmeInstances } from '../../lti-tool/server/db/schema';
import type { AuditActor } from '../../lti-tool/server/services/audit';
import {
  importCompletionFile,
  type ImportFileInput,
} from '../../lti-tool/server/services/completions/feeds/import-file';
import { loadHourEntries, teacherLedger, voidCompletion } from '../../lti-tool/server/services/completions/ledger';
import { MAX_SHEET_ROWS } from '../../lti-tool/server/services/completions/files/spreadsheet';
import { createCompletionSource, findSource } from '../../lti-tool/server/services/completions/sources';
import { evaluateEnrolmentHours } from '../../lti-tool/server/services/completions/status';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { EXPECTED_COMPLETIONS, exportFile, seedFixtureWorld, type FixtureWorld } from './seed';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const actor: AuditActor = { actorLabel: 'cli:import', client: 'cli' };
const totalExpected = Object.values(EXPECTED_COMPLETIONS).reduce((a, b) => a + b, 0);

async function fileSource(world: FixtureWorld, name = 'moodle-files') {
  const { source } = await createCompletionSource(database.db, world.tenantId, {
    name,
    kind: 'file',
    programmeInstanceId: world.programmeInstanceId,
    platformId: world.platformId,
  });
  return source;
}

async function importFixture(
  world: FixtureWorld,
  sourceId: string,
  file: string,
  extra: Partial<ImportFileInput> = {},
) {
  const source = (await findSource(database.db, world.tenantId, sourceId))!;
  return importCompletionFile(database.db, {
    tenantId: world.tenantId,
    source,
    bytes: exportFile(file),
    fileName: file,
    recorder: { system: 'cli:import' },
    actor,
    ...extra,
  });
}

async function tenantHours(tenantId: string): Promise<number> {
  const rows = await database.db
    .select({ hours: hoursLedgerEntries.hours })
    .from(hoursLedgerEntries)
    .where(eq(hoursLedgerEntries.tenantId, tenantId));
  return rows.reduce((sum, r) => sum + Number(r.hours), 0);
}

/** A programme whose window covers the fixture's school year (2025–26), so the engine counts the hours. */
function programmeCovering2025(overrides: Partial<Programme['hours']> = {}): Programme {
  const programme = structuredClone(getProgramme('cn-national-2.0'));
  programme.period.window.value = { startYear: 2024, endYear: 2026 };
  Object.assign(programme.hours, overrides);
  return programme;
}

describe('importing the real Moodle 5.1.3 completion exports', () => {
  let world: FixtureWorld;
  let sourceId: string;
  beforeAll(async () => {
    world = await seedFixtureWorld(database.db, 'moodle-import');
    sourceId = (await fileSource(world)).id;
  });

  it('previews course-completion.csv without writing: a report per teacher and activity', async () => {
    const report = await importFixture(world, sourceId, 'course-completion.csv', { dryRun: true });
    expect(report.layout).toBe('moodle-course-completion');
    expect(report.fileIssues).toEqual([]);
    expect(report.summary).toMatchObject({
      rows: 14,
      items: 56,
      would_create: totalExpected,
      skipped: 56 - totalExpected,
      rejected: 0,
      hours: totalExpected * 2,
    });
    // t004 failed A10's pass grade, which the criterion requires: no completion date, so the row waits for one
    // (test/completions/below-pass.test.ts: what the programme's rule makes of it).
    const t004a10 = report.items.find((i) => i.teacher.includes('t004') && i.course.startsWith('A10'));
    expect(t004a10).toMatchObject({ status: 'skipped', issues: [{ code: 'below_pass_no_date' }] });
    expect(report.items.find((i) => i.teacher.includes('t001') && i.course.startsWith('B2'))).toMatchObject({
      status: 'would_create',
      hours: 2,
      abilityCode: 'B2',
      schoolYear: 2025,
    });
    expect(await tenantHours(world.tenantId)).toBe(0);
  });

  it('imports it: one completion and one online credit per completed activity, audited per teacher', async () => {
    const report = await importFixture(world, sourceId, 'course-completion.csv');
    expect(report.summary.created).toBe(totalExpected);
    expect(report.importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await tenantHours(world.tenantId)).toBe(totalExpected * 2);
    for (const [key, expected] of Object.entries(EXPECTED_COMPLETIONS)) {
      const ledger = await teacherLedger(database.db, world.tenantId, world.teachers.get(key)!.enrolmentId);
      expect(ledger?.totals.online, key).toBe(expected * 2);
    }
    const [audits] = await database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.action, 'hours.credit')));
    expect(audits?.n).toBe(Object.values(EXPECTED_COMPLETIONS).filter((n) => n > 0).length);
    // The layout that worked is remembered on the source.
    const source = await findSource(database.db, world.tenantId, sourceId);
    expect(source?.columnMapping).toMatchObject({ layout: 'moodle-course-completion', teacherColumn: 'Email address' });
  });

  it('shows each hour with its provenance: file, row, status words, import id and who recorded it', async () => {
    const t001 = world.teachers.get('t001')!;
    const ledger = (await teacherLedger(database.db, world.tenantId, t001.enrolmentId))!;
    expect(ledger.lines).toHaveLength(4);
    const b2 = ledger.lines.find((l) => l.source.kind === 'course_completion' && l.source.abilityCode === 'B2')!;
    expect(b2).toMatchObject({
      category: 'online',
      hours: 2,
      schoolYear: 2025,
      recordedBy: { system: 'cli:import' },
      source: {
        kind: 'course_completion',
        courseRef: 'B2 微课程设计与制作',
        completedAt: '2026-01-08T02:05:00.000Z', // 10:05 in Asia/Shanghai
        feed: { kind: 'file', id: sourceId },
        evidence: { file: 'course-completion.csv', row: 8, status: 'Completed', date: '2026-01-08 10:05:00' },
      },
    });
    expect(b2.source.kind === 'course_completion' && b2.source.evidence.importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ledger.totals).toEqual({
      online: 8,
      practice: 0,
      total: 8,
      byYear: [{ schoolYear: 2025, online: 8, practice: 0 }],
    });
  });

  it.each([
    'course-completion.csv',
    'course-completion-excel.csv',
    'activity-completion.csv',
    'activity-completion.xlsx',
  ])('re-importing %s never doubles hours', async (file) => {
    const report = await importFixture(world, sourceId, file);
    expect(report.fileIssues).toEqual([]);
    expect(report.summary).toMatchObject({ created: 0, unchanged: totalExpected, rejected: 0 });
    expect(await tenantHours(world.tenantId)).toBe(totalExpected * 2);
  });

  it('reads the activity report: an override by the teacher counts, a failed pass grade and the 1970 placeholder do not', async () => {
    const report = await importFixture(world, sourceId, 'activity-completion.xlsx', { dryRun: true });
    expect(report.layout).toBe('moodle-activity-completion');
    const find = (t: string, c: string) => report.items.find((i) => i.teacher.includes(t) && i.course.startsWith(c));
    expect(find('t009', 'A3')?.status).toBe('unchanged');
    expect(find('t004', 'A10')?.status).toBe('not_credited'); // below the pass grade: national 2.0 does not credit
    expect(find('t004', 'B2')?.status).toBe('skipped');
  });

  it('reads the grade exports (CSV, XLSX, ODS): no completion time invented; an effective date dates them; minGrade filters', async () => {
    for (const file of ['grades.csv', 'grades.xlsx', 'grades.ods']) {
      const waiting = await importFixture(world, sourceId, file, { dryRun: true, mapping: { layout: undefined } });
      expect(waiting.layout, file).toBe('moodle-grades');
      expect(waiting.summary.would_create, file).toBe(0);
      expect(
        waiting.items.some((i) => i.issues.some((x) => x.code === 'no_completion_time')),
        file,
      ).toBe(true);
      const dated = await importFixture(world, sourceId, file, {
        dryRun: true,
        mapping: { layout: undefined, effectiveDate: '2026-01-20' },
      });
      expect(dated.warnings.length, file).toBe(1);
      // t004's A10 (45) is the only graded activity not already credited from the completion report.
      const created = dated.items.filter((i) => i.status === 'would_create');
      expect(
        created.map((i) => i.teacher),
        file,
      ).toEqual(['t004@teachers.example.com']);
      expect(created[0]?.schoolYear, file).toBe(2025);
      const strict = await importFixture(world, sourceId, file, {
        dryRun: true,
        mapping: { minGrade: 60, effectiveDate: '2026-01-20' },
      });
      expect(strict.summary.would_create, file).toBe(0);
    }
  });

  it('feeds the engine: hours from the ledger count as online hours in the programme window', async () => {
    const t001 = world.teachers.get('t001')!;
    expect(await loadHourEntries(database.db, t001.enrolmentId)).toEqual(
      expect.arrayContaining([
        {
          category: 'online',
          hours: 2,
          schoolYear: 2025,
          source: 'file',
          abilityCode: 'A1',
          courseId: 'A1 技术支持的学情分析',
        },
      ]),
    );
    const status = await evaluateEnrolmentHours(database.db, world.tenantId, t001.enrolmentId, {
      programme: programmeCovering2025(),
    });
    expect(status?.hours.counted.online.hours).toBe(8);
    expect(status?.state).toBe('in_progress');
    // The shipped national window (2019–2022) does not cover 2025: recorded, but outside the window.
    const national = await evaluateEnrolmentHours(database.db, world.tenantId, t001.enrolmentId);
    expect(national?.hours.recorded.online.hours).toBe(8);
    expect(national?.hours.outsideWindow.online.hours).toBe(8);
    // Programme caps are the engine's: per course, then per category.
    const capped = await evaluateEnrolmentHours(database.db, world.tenantId, t001.enrolmentId, {
      programme: programmeCovering2025({
        perCourseMax: { ...getProgramme('cn-national-2.0').hours.perCourseMax, value: 1.5 },
        onlineMax: { ...getProgramme('cn-national-2.0').hours.onlineMax, value: 5 },
      }),
    });
    expect(capped?.hours.counted.online.hours).toBe(5);
    expect(capped?.hours.capped.map((c) => c.hours)).toEqual([0.5, 0.5, 0.5, 0.5, 1]);
  });

  it("evaluates with the programme instance's parameter overrides, as every other screen does", async () => {
    const t001 = world.teachers.get('t001')!;
    const setOverrides = (overrides: Record<string, unknown>) =>
      database.db
        .update(programmeInstances)
        .set({ parameterOverrides: overrides })
        .where(eq(programmeInstances.id, world.programmeInstanceId));
    await setOverrides({ 'period.window': { startYear: 2024, endYear: 2026 }, 'hours.onlineMax': 5 });
    try {
      const status = await evaluateEnrolmentHours(database.db, world.tenantId, t001.enrolmentId);
      // The instance's window covers 2025 and its online cap cuts 8 h to 5 (the bare definition counts none).
      expect(status?.hours.outsideWindow.online.hours).toBe(0);
      expect(status?.hours.counted.online.hours).toBe(5);
      expect(status?.period.startYear).toBe(2024);
    } finally {
      await setOverrides({});
    }
  });

  it('voiding a completion adds a correcting entry; the ledger keeps both and the totals drop', async () => {
    const t002 = world.teachers.get('t002')!;
    const before = (await teacherLedger(database.db, world.tenantId, t002.enrolmentId))!;
    const line = before.lines[0]!;
    const completionId = line.source.kind === 'course_completion' ? line.source.completionId : '';
    const correction = await voidCompletion(database.db, {
      tenantId: world.tenantId,
      completionId,
      reason: '平台撤销了该完成记录',
      recorder: { personId: world.adminPersonId },
      actor: { actorPersonId: world.adminPersonId, actorLabel: '郑红', client: 'cli' },
    });
    expect(correction).toMatch(/^[0-9a-f-]{36}$/);
    const after = (await teacherLedger(database.db, world.tenantId, t002.enrolmentId))!;
    expect(after.lines).toHaveLength(before.lines.length + 1);
    expect(after.lines.at(-1)).toMatchObject({
      hours: -2,
      correctsEntryId: line.entryId,
      reason: '平台撤销了该完成记录',
    });
    expect(after.totals.online).toBe(6);
    expect(await loadHourEntries(database.db, t002.enrolmentId)).toHaveLength(3);
    // Voiding again changes nothing, and re-importing does not resurrect the voided completion.
    expect(
      await voidCompletion(database.db, {
        tenantId: world.tenantId,
        completionId,
        reason: 'again',
        recorder: { system: 'test' },
        actor,
      }),
    ).toBeNull();
    const report = await importFixture(world, sourceId, 'course-completion.csv');
    expect(report.summary.created).toBe(0);
    expect((await teacherLedger(database.db, world.tenantId, t002.enrolmentId))!.totals.online).toBe(6);
  });
});

describe('validation report', () => {
  let world: FixtureWorld;
  let sourceId: string;
  beforeAll(async () => {
    world = await seedFixtureWorld(database.db, 'generic-import');
    sourceId = (await fileSource(world, 'generic')).id;
  });

  const generic = (text: string) => new TextEncoder().encode(text);

  it('names each problem: unknown teacher, unknown course, impossible hours, bad dates, duplicates', async () => {
    const source = (await findSource(database.db, world.tenantId, sourceId))!;
    const csv = [
      'teacher_email,course_ref,completed_at,hours,external_id',
      't001@teachers.example.com,A1 技术支持的学情分析,2025-11-20 09:15:00,,r1',
      'nobody@example.com,A1 技术支持的学情分析,2025-11-20,,r2',
      't002@teachers.example.com,Z9 不存在的课程,2025-11-20,,r3',
      't003@teachers.example.com,A3 演示文稿设计与制作,2025-11-20,250,r4',
      't004@teachers.example.com,A3 演示文稿设计与制作,31/12/2025,,r5',
      't001@teachers.example.com,A1 技术支持的学情分析,2025-11-21,,r6',
      't005@teachers.example.com,B2 微课程设计与制作,2026-03-01T10:00:00+08:00,1.5,r7',
      't005@teachers.example.com,B2 微课程设计与制作,2026-03-01,,r7',
      '',
    ].join('\n');
    const report = await importCompletionFile(database.db, {
      tenantId: world.tenantId,
      source,
      bytes: generic(csv),
      fileName: 'generic.csv',
      recorder: { personId: world.adminPersonId },
      actor: { actorPersonId: world.adminPersonId, actorLabel: '郑红', client: 'web' },
    });
    expect(report.layout).toBe('generic');
    const byRow = Object.fromEntries(report.items.map((i) => [i.row, [i.status, ...i.issues.map((x) => x.code)]]));
    expect(byRow).toEqual({
      2: ['created'],
      3: ['rejected', 'unknown_teacher'],
      4: ['rejected', 'unknown_course'],
      5: ['rejected', 'invalid_hours'],
      6: ['rejected', 'invalid_date'],
      7: ['duplicate', 'duplicate_in_batch'],
      8: ['created'],
      9: ['duplicate', 'duplicate_in_batch'],
    });
    expect(report.items.find((i) => i.row === 8)).toMatchObject({ hours: 1.5, schoolYear: 2025 });
    expect(report.items[1]?.issues[0]).toMatchObject({
      zh: expect.stringContaining('找不到该教师'),
      en: expect.any(String),
    });
    expect(await tenantHours(world.tenantId)).toBe(3.5);
    const [credited] = await database.db
      .select({ n: count() })
      .from(courseCompletions)
      .where(eq(courseCompletions.tenantId, world.tenantId));
    expect(credited?.n).toBe(2);
  });

  it('a course already credited from another record is reported, not counted twice', async () => {
    const source = (await findSource(database.db, world.tenantId, sourceId))!;
    const report = await importCompletionFile(database.db, {
      tenantId: world.tenantId,
      source,
      bytes: generic(
        'teacher_email,course_ref,completed_at\nt001@teachers.example.com,A1 技术支持的学情分析,2025-12-01\n',
      ),
      fileName: 'again.csv',
      recorder: { system: 'test' },
      actor,
    });
    expect(report.items[0]).toMatchObject({ status: 'duplicate', issues: [{ code: 'already_credited' }] });
  });

  it('a file it cannot read or recognise is refused as a whole', async () => {
    const source = (await findSource(database.db, world.tenantId, sourceId))!;
    const unknown = await importCompletionFile(database.db, {
      tenantId: world.tenantId,
      source: { ...source, columnMapping: {} },
      bytes: generic('foo,bar\n1,2\n'),
      fileName: 'x.csv',
      recorder: { system: 'test' },
      actor,
    });
    expect(unknown.fileIssues).toHaveLength(1);
    const broken = await importCompletionFile(database.db, {
      tenantId: world.tenantId,
      source,
      bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      fileName: 'x.xlsx',
      recorder: { system: 'test' },
      actor,
    });
    expect(broken.fileIssues[0]).toContain('unreadable file');
  });

  it('a file over the row limit is refused whole, without a report per row and without writing', async () => {
    const source = (await findSource(database.db, world.tenantId, sourceId))!;
    const rows = MAX_SHEET_ROWS * 2;
    const report = await importCompletionFile(database.db, {
      tenantId: world.tenantId,
      source,
      bytes: generic(`teacher_email,course_ref,completed_at\n${',,\n'.repeat(rows)}`),
      fileName: 'province.csv',
      recorder: { system: 'test' },
      actor,
    });
    expect(report.fileIssues).toHaveLength(1);
    expect(report.fileIssues[0]).toMatch(
      new RegExp(`^行数超过上限：每个文件最多 ${MAX_SHEET_ROWS} 行数据，本文件有 ${rows} 行`),
    );
    expect(report.items).toEqual([]);
    expect(report.importId).toBeNull();
    expect(report.summary).toMatchObject({ rows: 0, items: 0, created: 0, rejected: 0 });
  });
});
