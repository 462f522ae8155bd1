import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import {
  completionImportJobs,
  courseCompletions,
  enrolments,
  hoursLedgerEntries,
  people,
} from '../../lti-tool/server/db/schema';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { createCompletionSource } from '../../lti-tool/server/services/completions/sources';
import { seedFixtureWorld } from '../../test/completions/seed';
import { buildCsv, COURSES } from '../bench-import/setup';
import { harness, kill9, sessionFor, waitUntil, type Result } from './harness';

// ---------------------------------------------------------------------------------------------------------------
// A large completion file (20,000 teachers × 5 courses = 100,000 rows, 5 MB) uploaded by an administrator: the
// upload answers 202 with an import job; SIGKILL once the job has processed 20,000 rows (inside the import's one
// transaction). After the kill nothing of the file is in the database and the stored file waits; a new process takes
// the job over when its lease runs out (60 s), imports the file whole once, and removes the stored file.
const TEACHERS = 20_000;

export async function importJob(serverUrl: string): Promise<Result> {
  const h = await harness(serverUrl, 'import_job');
  const db = h.database.db;
  const world = await seedFixtureWorld(db, 'kill9-job');
  const [place] = await db
    .select({ schoolId: enrolments.schoolId })
    .from(enrolments)
    .where(eq(enrolments.tenantId, world.tenantId))
    .limit(1);
  for (let start = 0; start < TEACHERS; start += 2000) {
    const batch = Array.from({ length: Math.min(2000, TEACHERS - start) }, (_, i) => start + i);
    const persons = await db
      .insert(people)
      .values(
        batch.map((n) => ({ tenantId: world.tenantId, displayName: `教师${n}`, email: `t${n}@bench.example.cn` })),
      )
      .returning({ id: people.id });
    await db.insert(enrolments).values(
      persons.map((p) => ({
        tenantId: world.tenantId,
        programmeInstanceId: world.programmeInstanceId,
        personId: p.id,
        schoolId: place!.schoolId,
      })),
    );
  }
  await upsertCourseMappings(db, world.tenantId, COURSES);
  const { source } = await createCompletionSource(db, world.tenantId, {
    name: 'county-export',
    kind: 'file',
    programmeInstanceId: world.programmeInstanceId,
  });
  const admin = await sessionFor(db, world, world.adminPersonId, ['institution_admin']);
  const { csv } = buildCsv(TEACHERS);
  const rowsTotal = TEACHERS * COURSES.length;

  let tool = await h.start();
  const response = await fetch(`${h.url}/api/v1/completions/sources/${source.id}/imports?fileName=county.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const accepted = (await response.json()) as { id: string };
  const jobRow = async () =>
    (await db.select().from(completionImportJobs).where(eq(completionImportJobs.id, accepted.id)))[0]!;
  await waitUntil(async () => (await jobRow()).rowsDone >= 20_000);
  const atKill = await jobRow();
  await kill9(tool);
  const completions = async () =>
    (
      await db
        .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct external_id)::int` })
        .from(courseCompletions)
        .where(eq(courseCompletions.tenantId, world.tenantId))
    )[0]!;
  const afterKill = await completions();
  const storedFiles = () => readdir(join(h.dataDir, 'files', 'jobs')).catch(() => [] as string[]);
  const filesAfterKill = (await storedFiles()).length;

  const restartedAt = Date.now();
  tool = await h.start();
  await waitUntil(async () => ['succeeded', 'failed'].includes((await jobRow()).status));
  const endedAfterMs = Date.now() - restartedAt;
  const ended = await jobRow();
  const after = await completions();
  const [credits] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(hoursLedgerEntries)
    .where(and(eq(hoursLedgerEntries.tenantId, world.tenantId)));
  const filesAfter = (await storedFiles()).length;
  await tool.stop();
  await h.close();
  const summary = (ended.report as { summary?: { created?: number; unchanged?: number } } | null)?.summary;
  return {
    scenario: 'large file import job (100,000 rows, 5 MB), kill -9 mid-import',
    status: response.status,
    rowsDoneAtKill: atKill.rowsDone,
    rowsTotal: atKill.rowsTotal,
    completionsRightAfterKill: afterKill.n,
    storedFilesAfterKill: filesAfterKill,
    jobEndedAfterRestartMs: endedAfterMs,
    jobStatus: ended.status,
    attempts: ended.attempts,
    created: summary?.created,
    unchanged: summary?.unchanged,
    completions: after.n,
    distinctExternalIds: after.distinct,
    ledgerCredits: credits!.n,
    storedFilesAfter: filesAfter,
    ok:
      response.status === 202 &&
      atKill.rowsDone < rowsTotal &&
      (afterKill.n === 0 || afterKill.n === rowsTotal) &&
      filesAfterKill === 1 &&
      ended.status === 'succeeded' &&
      after.n === rowsTotal &&
      after.distinct === rowsTotal &&
      credits!.n === rowsTotal &&
      filesAfter === 0,
  };
}
