import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPostgres, type Database, type Db } from '../../lti-tool/server/db/client';
import { hoursLedgerEntries, teacherStatus } from '../../lti-tool/server/db/schema';
import { refreshTeacherStatus } from '../../lti-tool/server/services/teacher-status/refresh';
import { importCompletionFile } from '../../lti-tool/server/services/completions/feeds/import-file';
import { createCompletionSource } from '../../lti-tool/server/services/completions/sources';
import { FIXTURE_COURSES, seedFixtureWorld } from '../completions/seed';
import { createTestDatabaseUrl } from '../helpers/db';

// Two changes to one teacher's record in two transactions at once (a county's import and a school's practice hours
// on a deadline evening). Each transaction refreshes the teacher's status from what it can see; the one committing
// last must not leave a status that misses the other's change. Needs two connections, which PGlite (one) does not
// have: on PGlite the file is skipped, saying so; CI's PostgreSQL run executes it.
const onPostgres = inject('testDatabaseTemplate').kind === 'postgres';
if (!onPostgres)
  console.info(
    'teacher-status-concurrent.test.ts skipped: concurrent transactions need a PostgreSQL server (CI runs it)',
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!onPostgres)("a teacher's status refreshed by two transactions at once", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let database: Database;
  let watcher: pg.Client;
  beforeAll(async () => {
    scratch = (await createTestDatabaseUrl())!;
    database = await openPostgres(scratch.url, 4);
    watcher = new pg.Client({ connectionString: scratch.url });
    await watcher.connect();
  });
  afterAll(async () => {
    await watcher?.end();
    await database?.close();
    await scratch?.drop();
  });

  async function waitForLockWaiter() {
    for (let i = 0; ; i++) {
      const { rows } = await watcher.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`,
      );
      if (rows[0]!.n > 0) return;
      if (i > 600) throw new Error('the second transaction never waited for the first');
      await sleep(25);
    }
  }

  it('keeps both changes in the status whichever transaction commits last', async () => {
    const world = await seedFixtureWorld(database.db, 'status-race');
    const { tenantId } = world;
    const enrolmentId = world.teachers.get('t001')!.enrolmentId;
    const practice = (tx: Db, reason: string) =>
      tx.insert(hoursLedgerEntries).values({
        tenantId,
        enrolmentId,
        category: 'practice',
        hours: '2',
        schoolYear: 2020, // inside cn-national-2.0's window (2019–2022), so counted
        sourceKind: 'manual',
        reason,
        recordedBySystem: 'test:race',
      });
    const stored = async () =>
      (await database.db.select().from(teacherStatus).where(eq(teacherStatus.enrolmentId, enrolmentId)))[0]!;
    await database.db.transaction((tx) => refreshTeacherStatus(tx, enrolmentId));
    const before = (await stored()).practiceMinutes;

    // B changes the record and refreshes the status, then holds its transaction open.
    let commitB!: () => void;
    let refreshedB!: () => void;
    const bRefreshed = new Promise<void>((resolve) => (refreshedB = resolve));
    const b = database.db.transaction(async (tx) => {
      await practice(tx, 'school activity');
      await refreshTeacherStatus(tx, enrolmentId);
      refreshedB();
      await new Promise<void>((resolve) => (commitB = resolve));
    });
    await bRefreshed;
    // A changes the same record and refreshes while B is open: it must wait for B (before the fix it computed
    // without B's hours, waited only to write its row, and overwrote B's status once B committed).
    const a = database.db.transaction(async (tx) => {
      await practice(tx, 'county import');
      await refreshTeacherStatus(tx, enrolmentId);
    });
    await waitForLockWaiter();
    commitB();
    await Promise.all([a, b]);

    const afterBoth = await stored();
    expect(afterBoth.practiceMinutes).toBeGreaterThan(before);
    // The stored status is what a fresh computation from the committed record gives.
    await database.db.transaction((tx) => refreshTeacherStatus(tx, enrolmentId, { activity: false }));
    const fresh = await stored();
    expect({ practice: afterBoth.practiceMinutes, state: afterBoth.state }).toEqual({
      practice: fresh.practiceMinutes,
      state: fresh.state,
    });
    expect(fresh.practiceMinutes - before).toBe(240);
  });

  /**
   * Imports 14 teachers × 4 courses in batches of 12 rows while a school adds practice hours to `teacher` once
   * `afterItems` rows are done, holding its transaction (and the teacher's row) open: the import's refresh waits for
   * it, and its held copy of the teacher's ledger is then one entry short. The stored status must be the fresh one.
   */
  async function importWhileSchoolAdds(slug: string, teacher: string, afterItems: number) {
    const world = await seedFixtureWorld(database.db, slug);
    const { tenantId } = world;
    const enrolmentId = world.teachers.get(teacher)!.enrolmentId;
    const stored = async () =>
      (await database.db.select().from(teacherStatus).where(eq(teacherStatus.enrolmentId, enrolmentId)))[0]!;
    const { source } = await createCompletionSource(database.db, tenantId, { name: 'race', kind: 'file' });
    const email = (n: number) => `t${String(n).padStart(3, '0')}@teachers.example.com`;
    const lines = ['teacher_email,course_ref,completed_at'];
    for (let n = 1; n <= 14; n++)
      for (const course of FIXTURE_COURSES) lines.push(`${email(n)},${course.courseRef},2021-11-02 09:00`);
    let commitSchool!: () => void;
    let school: Promise<void> | undefined;
    const report = importCompletionFile(database.db, {
      tenantId,
      source,
      bytes: new TextEncoder().encode(lines.join('\n') + '\n'),
      fileName: 'race.csv',
      batchRows: 12,
      recorder: { system: 'test' },
      actor: { actorLabel: 'test:race', client: 'cli' },
      onBatch: (items) => {
        if (items < afterItems) return;
        school ??= database.db.transaction(async (tx) => {
          await tx.insert(hoursLedgerEntries).values({
            tenantId,
            enrolmentId,
            category: 'practice',
            hours: '2',
            schoolYear: 2020,
            sourceKind: 'manual',
            reason: 'school activity',
            recordedBySystem: 'test:race',
          });
          await refreshTeacherStatus(tx, enrolmentId);
          await new Promise<void>((resolve) => (commitSchool = resolve));
        });
      },
    });
    await waitForLockWaiter();
    commitSchool();
    await school;
    expect((await report).summary.created).toBe(14 * FIXTURE_COURSES.length);

    const imported = await stored();
    expect(imported.practiceMinutes).toBe(120);
    await database.db.transaction((tx) => refreshTeacherStatus(tx, enrolmentId, { activity: false }));
    const fresh = await stored();
    expect({ practice: imported.practiceMinutes, online: imported.onlineMinutes, state: imported.state }).toEqual({
      practice: fresh.practiceMinutes,
      online: fresh.onlineMinutes,
      state: fresh.state,
    });
  }

  it('refreshes from the ledger a teacher whose practice hours another writer adds while a file import runs', () =>
    // t001's rows are in the first batch: its ledger is read on the import's connection.
    importWhileSchoolAdds('status-race-import', 't001', 1));

  it('does the same for a teacher whose ledger was read ahead, on another connection (read-ahead.ts)', () =>
    // t013's rows are in the last batch, read ahead (before the school commits) while the one before was written.
    importWhileSchoolAdds('status-race-ahead', 't013', 12));
});
