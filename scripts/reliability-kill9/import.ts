import { like, sql } from 'drizzle-orm';
import { courseCompletions, hoursLedgerEntries } from '../../lti-tool/server/db/schema';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { createCompletionSource } from '../../lti-tool/server/services/completions/sources';
import { seedFixtureWorld } from '../../test/completions/seed';
import { harness, kill9, post, waitUntil, type Result } from './harness';

// ---------------------------------------------------------------------------------------------------------------
// A bulk import: 28 batches of 100 completions through the platform-server API (POST /api/v1/completions/batch),
// two at a time; SIGKILL once 8 batches are acknowledged. Each batch is one transaction: after the restart every
// batch is either whole or absent; the retried batches complete; every completion is stored once with its credit.
export async function bulkImport(serverUrl: string): Promise<Result> {
  const h = await harness(serverUrl, 'import');
  const world = await seedFixtureWorld(h.database.db, 'kill9');
  const courses = Array.from({ length: 200 }, (_, i) => ({
    courseRef: `kill9-course-${i}`,
    abilityCode: ['A1', 'A3', 'A10', 'B2'][i % 4] as string,
    hours: 1,
  }));
  await upsertCourseMappings(h.database.db, world.tenantId, courses);
  const { credential } = await createCompletionSource(h.database.db, world.tenantId, {
    name: 'kill9',
    kind: 'api',
    programmeInstanceId: world.programmeInstanceId,
  });
  const teachers = [...world.teachers.keys()];
  const BATCHES = 28;
  const PER = 100;
  const batches = Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: PER }, (_, i) => {
      const n = b * PER + i;
      return {
        externalId: `k9-${b}-${i}`,
        teacher: { email: `${teachers[n % teachers.length]}@teachers.example.com` },
        courseRef: courses[Math.floor(n / teachers.length)]!.courseRef,
        completedAt: '2026-03-01T10:00:00+08:00',
      };
    }),
  );
  let tool = await h.start();
  const acked = new Set<number>();
  let killed = false;
  let next = 0;
  const sender = async () => {
    while (!killed && next < BATCHES) {
      const b = next++;
      try {
        const r = await post(`${h.url}/api/v1/completions/batch`, credential!.apiKey, { completions: batches[b] });
        if (r.status === 200) acked.add(b);
      } catch {
        // The connection died with the process: not acknowledged.
      }
    }
  };
  const senders = Promise.all([sender(), sender()]);
  await waitUntil(() => acked.size >= 8);
  await kill9(tool);
  killed = true;
  await senders;
  const stored = async (b: number) =>
    (
      await h.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(courseCompletions)
        .where(like(courseCompletions.externalId, `k9-${b}-%`))
    )[0]!.n;
  const afterKill = await Promise.all(batches.map((_, b) => stored(b)));
  const halfWritten = afterKill.filter((n) => n !== 0 && n !== PER).length;
  const ackedMissing = [...acked].filter((b) => afterKill[b] !== PER).length;
  const committedUnacked = afterKill.filter((n, b) => n === PER && !acked.has(b)).length;
  tool = await h.start();
  const retried: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    if (acked.has(b)) continue;
    const r = await post(`${h.url}/api/v1/completions/batch`, credential!.apiKey, { completions: batches[b] });
    if (r.status === 200) retried.push(b);
  }
  const [rows] = await h.database.db
    .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct external_id)::int` })
    .from(courseCompletions);
  const [credits] = await h.database.db.select({ n: sql<number>`count(*)::int` }).from(hoursLedgerEntries);
  await tool.stop();
  await h.close();
  const total = BATCHES * PER;
  return {
    scenario: 'bulk import (API batches of 100, one transaction each)',
    batches: BATCHES,
    acknowledgedBeforeKill: acked.size,
    wholeBatchesCommittedButUnacknowledged: committedUnacked,
    halfWrittenBatches: halfWritten,
    acknowledgedMissing: ackedMissing,
    retriedAfterRestart: retried.length,
    storedAfterRetries: rows!.n,
    distinctExternalIds: rows!.distinct,
    ledgerCredits: credits!.n,
    ok:
      halfWritten === 0 &&
      ackedMissing === 0 &&
      retried.length === BATCHES - acked.size &&
      rows!.n === total &&
      rows!.distinct === total &&
      credits!.n === total,
  };
}
