import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, courseCompletions, hoursLedgerEntries, lmsCourseCompletions } from '../../lti-tool/server/db/schema';
import type { AuditActor } from '../../lti-tool/server/services/audit';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { importCompletionFile } from '../../lti-tool/server/services/completions/feeds/import-file';
import { teacherLedger, voidCompletion } from '../../lti-tool/server/services/completions/ledger';
import { createCompletionSource, findSource } from '../../lti-tool/server/services/completions/sources';
import { schoolYearOf } from '../../lti-tool/server/services/completions/time';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { EXPECTED_COMPLETIONS, exportFile, fileImporter, seedFixtureWorld, type FixtureWorld } from './seed';

const FILES = [
  'course-completion.csv',
  'course-completion-excel.csv',
  'activity-completion.csv',
  'activity-completion.xlsx',
  'grades.csv',
  'grades.xlsx',
  'grades.ods',
  'reportbuilder-course-participants.csv',
];
/** Forward, backward and two fixed interleavings: each file first once, grades before and after the reports. */
const ORDERS: number[][] = [
  [0, 1, 2, 3, 4, 5, 6, 7],
  [7, 6, 5, 4, 3, 2, 1, 0],
  [4, 2, 7, 0, 6, 3, 1, 5],
  [3, 5, 0, 7, 2, 4, 6, 1],
];

let database: TestDatabase;
const actor: AuditActor = { actorLabel: 'cli:import', client: 'cli' };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function importAll(world: FixtureWorld, order: number[]) {
  const { run } = await fileImporter(database.db, world);
  for (const i of order) {
    const report = await run(exportFile(FILES[i]!), FILES[i]!);
    expect(report.fileIssues, FILES[i]).toEqual([]);
  }
}

/** Every completion of the tenant as `teacher|ability|completed at|hours held|school year`, sorted. */
async function facts(world: FixtureWorld) {
  const keyOf = new Map([...world.teachers].map(([key, t]) => [t.enrolmentId, key]));
  const rows = await database.db
    .select({
      enrolmentId: courseCompletions.enrolmentId,
      ability: courseCompletions.abilityCode,
      completedAt: courseCompletions.completedAt,
      hours: hoursLedgerEntries.hours,
      schoolYear: hoursLedgerEntries.schoolYear,
    })
    .from(courseCompletions)
    .innerJoin(hoursLedgerEntries, eq(hoursLedgerEntries.courseCompletionId, courseCompletions.id))
    .where(eq(courseCompletions.tenantId, world.tenantId));
  for (const r of rows) expect(r.schoolYear).toBe(schoolYearOf(r.completedAt, '+08:00'));
  return rows
    .map((r) => `${keyOf.get(r.enrolmentId)}|${r.ability}|${r.completedAt.toISOString()}|${r.hours}|${r.schoolYear}`)
    .sort();
}

describe('every export of the course, in any order, into one database', () => {
  it('holds the same facts whatever the order: no hour counted twice, every date in its school year', async () => {
    const results: string[][] = [];
    for (const [n, order] of ORDERS.entries()) {
      const world = await seedFixtureWorld(database.db, `any-order-${n}`);
      await importAll(world, order);
      for (const [key, expected] of Object.entries(EXPECTED_COMPLETIONS)) {
        const ledger = await teacherLedger(database.db, world.tenantId, world.teachers.get(key)!.enrolmentId);
        expect(ledger?.totals.online, `${key} in order ${order}`).toBe(expected * 2);
        // All completions run from November 2025 to January 2026: school year 2025–26.
        expect(ledger?.totals.byYear.map((y) => y.schoolYear) ?? [], key).toEqual(expected ? [2025] : []);
      }
      // The report builder's whole-course completions: one per completed teacher, whatever came before.
      const courses = await database.db
        .select({ courseRef: lmsCourseCompletions.courseRef })
        .from(lmsCourseCompletions)
        .where(eq(lmsCourseCompletions.tenantId, world.tenantId));
      expect(courses.length).toBe(6);
      results.push(await facts(world));
    }
    expect(results[0]).toHaveLength(Object.values(EXPECTED_COMPLETIONS).reduce((a, b) => a + b, 0));
    for (const other of results.slice(1)) expect(other).toEqual(results[0]);
  });
});

describe('a voided credit and a wider course mapping', () => {
  let world: FixtureWorld;
  beforeAll(async () => {
    world = await seedFixtureWorld(database.db, 'void-widen');
  });

  it('a voided single-ability completion is not credited again under its #ability id after the mapping widens', async () => {
    const { source } = await createCompletionSource(database.db, world.tenantId, { name: 'files', kind: 'file' });
    const run = async () =>
      importCompletionFile(database.db, {
        tenantId: world.tenantId,
        source: (await findSource(database.db, world.tenantId, source.id))!,
        bytes: exportFile('course-completion.csv'),
        fileName: 'course-completion.csv',
        recorder: { system: 'cli:import' },
        actor,
      });
    await run();
    const t001 = world.teachers.get('t001')!;
    const before = (await teacherLedger(database.db, world.tenantId, t001.enrolmentId))!;
    const a1 = before.lines.find((l) => l.source.kind === 'course_completion' && l.source.abilityCode === 'A1')!;
    await voidCompletion(database.db, {
      tenantId: world.tenantId,
      completionId: a1.source.kind === 'course_completion' ? a1.source.completionId : '',
      reason: '平台撤销',
      recorder: { personId: world.adminPersonId },
      actor,
    });
    // The A1 activity now also teaches C1 (1 h): only C1 is new.
    await upsertCourseMappings(database.db, world.tenantId, [
      {
        courseRef: 'A1 技术支持的学情分析',
        abilities: [
          { abilityCode: 'A1', hours: 2 },
          { abilityCode: 'C1', hours: 1 },
        ],
      },
    ]);
    const wider = await run();
    const t001a1 = wider.items.find((i) => i.teacher.includes('t001') && i.course.startsWith('A1 '));
    expect(t001a1).toMatchObject({ status: 'created', abilityCode: 'C1', hours: 1 });
    const after = (await teacherLedger(database.db, world.tenantId, t001.enrolmentId))!;
    expect(after.totals.online).toBe(8 - 2 + 1);
    const again = await run();
    expect(again.summary.created).toBe(0);
  });

  it('creating a completion source is audited, without its credential hash', async () => {
    const { source, credential } = await createCompletionSource(
      database.db,
      world.tenantId,
      { name: 'platform-api', kind: 'api' },
      { actorLabel: 'admin-key:test', client: 'api', actorPersonId: world.adminPersonId },
    );
    expect(credential?.apiKey).toBeTruthy();
    const [event] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'completion_source.create'), eq(auditLog.entityId, source.id)));
    expect(event).toMatchObject({
      tenantId: world.tenantId,
      actorPersonId: world.adminPersonId,
      entityType: 'completion_source',
      after: { name: 'platform-api', kind: 'api', credentialId: source.credentialId },
    });
    expect(event!.after).not.toHaveProperty('credentialHash');
  });
});
