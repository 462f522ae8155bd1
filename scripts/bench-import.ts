/**
 * `npm run bench:import`: 100,000 completion rows (a generic-layout CSV: 20,000 teachers × 5 courses), side by side
 * in one run, on PGlite in memory and — when DATABASE_URL names a server — on a scratch database created (and
 * dropped) there:
 * - the tool: `importCompletionFile` (parse, validate, resolve, staged bulk write, teacher_status refresh);
 * - plain COPY: the same rows, already resolved, copied into the same tables (completions, ledger credits, one audit
 *   row per teacher) in one transaction — the database's own limit;
 * - the old row-by-row path (per row: look the teacher up, insert the completion, the credit, its audit event), on
 *   the first `--row-by-row` rows (default 10,000: at a few hundred rows/s the whole file would take minutes);
 * - re-import of the unchanged file (every row `unchanged`, nothing written);
 * - the tool again on the same rows sorted by course (as per-course reports arrive), into a fourth tenant.
 * Each runs into its own, identically seeded tenant. The heap is sampled during the tool's import. Writes its
 * section of docs/benchmarks.md between its markers; other sections stay as they are.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { migrate } from '../lti-tool/server/db/migrate';
import { importCompletionFile } from '../lti-tool/server/services/completions/feeds/import-file';
import { machineFacts } from './bench-report';
import { sha256Hex } from '../lti-tool/server/services/completions/files/byte-source';
import { plainCopy, rowByRow, storedBytes } from './bench-import/baselines';
import { renderSection, replaceSection, type DatabaseRun, type ImportBenchResult } from './bench-import/report';
import { buildCsv, courseSortedCsv, scratchDatabase, seedTenant } from './bench-import/setup';

export { END, renderSection, replaceSection, START } from './bench-import/report';
// scripts/bench-pglite-thread.ts seeds and builds the same file.
export { buildCsv, seedTenant } from './bench-import/setup';

/** Heap used, sampled every 50 ms while `work` runs (MB, rounded). */
async function withHeapSamples<T>(work: () => Promise<T>): Promise<{ result: T; heapMb: number[] }> {
  const samples: number[] = [];
  const sample = () => samples.push(Math.round(process.memoryUsage().heapUsed / 1024 / 1024));
  sample();
  const timer = setInterval(sample, 50);
  try {
    const result = await work();
    sample();
    return { result, heapMb: samples };
  } finally {
    clearInterval(timer);
  }
}

async function runOn(url: string | undefined, teachers: number, rowByRowRows: number): Promise<DatabaseRun> {
  const { database, kind, drop } = await scratchDatabase(url);
  try {
    await migrate(database.db);
    const db = database.db;
    const ours = await seedTenant(db, 'bench-tool', teachers);
    const copied = await seedTenant(db, 'bench-copy', teachers);
    const naive = await seedTenant(db, 'bench-row-by-row', teachers);
    const byCourse = await seedTenant(db, 'bench-by-course', teachers);
    // The seed's own upkeep before anything is timed: on a server, autovacuum would otherwise analyze the freshly
    // seeded tables during the first column measured (the tool's import), and flush their pages during the next.
    await db.execute(sql`vacuum analyze`);
    if (url) await db.execute(sql`checkpoint`);
    const { csv, rows } = buildCsv(teachers);
    const bytes = new TextEncoder().encode(csv);
    const input = {
      tenantId: ours.tenantId,
      source: ours.source,
      bytes,
      fileName: 'bench.csv',
      recorder: { system: 'bench:import' },
      actor: { actorLabel: 'bench', client: 'cli' as const },
    };
    global.gc?.();
    let t = performance.now();
    const { result: report, heapMb } = await withHeapSamples(() => importCompletionFile(db, input));
    const importMs = performance.now() - t;
    t = performance.now();
    const again = await importCompletionFile(db, input);
    const reimportMs = performance.now() - t;
    const copy = await plainCopy(db, copied.tenantId, copied.source.id, rows, {
      name: input.fileName,
      sha256: sha256Hex(bytes),
    });
    const storedBytesOf = { tool: await storedBytes(db, ours.tenantId), copy: await storedBytes(db, copied.tenantId) };
    const subset = rows.slice(0, rowByRowRows);
    t = performance.now();
    const rowByRowCreated = await rowByRow(db, naive.tenantId, naive.source.id, subset);
    const rowByRowMs = performance.now() - t;
    t = performance.now();
    const sortedReport = await importCompletionFile(db, {
      ...input,
      tenantId: byCourse.tenantId,
      source: byCourse.source,
      bytes: new TextEncoder().encode(courseSortedCsv(rows)),
    });
    const courseSortedMs = performance.now() - t;
    return {
      database: kind,
      rows: rows.length,
      importMs,
      importCreated: report.summary.created,
      copyMs: copy.ms,
      storedBytes: storedBytesOf,
      reimportMs,
      reimportUnchanged: again.summary.unchanged,
      rowByRowRows: subset.length,
      rowByRowMs,
      rowByRowCreated,
      courseSortedMs,
      courseSortedCreated: sortedReport.summary.created,
      heapMb: { before: heapMb[0]!, peak: Math.max(...heapMb), after: heapMb.at(-1)! },
    };
  } finally {
    await drop();
  }
}

export async function runBenchmark(teachers: number, rowByRowRows: number): Promise<ImportBenchResult> {
  const facts = machineFacts();
  const runs = [await runOn(undefined, teachers, rowByRowRows)];
  if (process.env.DATABASE_URL) runs.push(await runOn(process.env.DATABASE_URL, teachers, rowByRowRows));
  return { ...facts, teachers, runs };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      teachers: { type: 'string', default: '20000' },
      'row-by-row': { type: 'string', default: '10000' },
      'no-write': { type: 'boolean' },
    },
  });
  const teachers = Number(values.teachers);
  const rowByRowRows = Number(values['row-by-row']);
  if (!Number.isInteger(teachers) || teachers <= 0 || !Number.isInteger(rowByRowRows) || rowByRowRows <= 0) {
    console.error('--teachers and --row-by-row must be positive integers');
    return 2;
  }
  const result = await runBenchmark(teachers, rowByRowRows);
  console.log(JSON.stringify(result, null, 2));
  const failed = result.runs.filter(
    (run) =>
      run.importCreated !== run.rows ||
      run.reimportUnchanged !== run.rows ||
      run.courseSortedCreated !== run.rows ||
      run.rowByRowCreated !== Math.min(run.rows, rowByRowRows),
  );
  if (failed.length) {
    console.error(`benchmark check failed on ${failed.map((r) => r.database).join(', ')}: not every row was created`);
    return 1;
  }
  if (!values['no-write']) {
    const file = new URL('../docs/benchmarks.md', import.meta.url);
    const doc = await readFile(file, 'utf8').catch(() => '');
    await writeFile(file, replaceSection(doc, renderSection(result)));
    console.log('docs/benchmarks.md updated');
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
