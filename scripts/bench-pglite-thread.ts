/**
 * `npm run bench:pglite-thread`: does a heavy job on the embedded database stop HTTP? The tool's completion import
 * (`importCompletionFile`, --teachers × 5 rows in one transaction) runs on PGlite opened as `npm start` opens it
 * (a real data directory, its lock), with PGlite on the HTTP thread (PGLITE_THREAD=main) and in a worker thread
 * (worker), alternating over --rounds: first small reads and the import alone, then the import again while a
 * separate process requests GET /healthz (the tool's route: it pings the database), GET /noop (no database) and
 * GET /db (one small read) on that server, each in its own loop, recording each latency. Writes its section of
 * docs/benchmarks.md between its markers.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import express from 'express';
import { openDatabase, type Database, type PgliteThread } from '../lti-tool/server/db/client';
import { migrate } from '../lti-tool/server/db/migrate';
import { healthRouter } from '../lti-tool/server/routes/health';
import { importCompletionFile } from '../lti-tool/server/services/completions/feeds/import-file';
import { buildCsv, seedTenant } from './bench-import';
import { machineFacts, replaceMarkedSection, type MachineFacts } from './bench-report';

export const START = '<!-- bench:pglite-thread:start -->';
export const END = '<!-- bench:pglite-thread:end -->';

// The sampler is its own process, so its clock and its requests are not held up by the server's thread. Each URL
// has its own loop (one request at a time, 25 ms apart), so a /healthz stuck behind the database does not stop /noop's samples.
const SAMPLER = `
const urls = JSON.parse(process.env.SAMPLE_URLS);
const samples = Object.fromEntries(urls.map((u) => [u, []]));
let stop = false;
process.stdin.on('data', () => { stop = true; });
const errors = Object.fromEntries(urls.map((u) => [u, 0]));
async function sample(url) {
  const t = performance.now();
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(url + ' answered ' + res.status);
  } catch {
    // A keep-alive connection the server closed while its thread was blocked: counted, and the wait is recorded.
    errors[url]++;
  }
  samples[url].push(performance.now() - t);
}
await Promise.all(urls.map(sample));
for (const url of urls) samples[url].length = 0; // the first answers came before the import
console.log('ready');
// A probe every 25 ms per URL, like a monitor that looks often, not a load test competing for the cores.
const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
await Promise.all(urls.map(async (url) => { while (!stop) { await sample(url); await pause(); } }));
console.log(JSON.stringify({ samples, errors }));
process.stdin.destroy();
`;

export interface Latencies {
  n: number;
  /** Requests that failed (a connection reset while the server's thread was blocked); their waits are counted. */
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ThreadRun {
  thread: PgliteThread;
  round: number;
  importMs: number;
  /** The same import with no requests arriving meanwhile. */
  quietImportMs: number;
  /** Mean time of one small indexed read, statements one after another, nothing else running. */
  smallReadMs: number;
  created: number;
  healthz: Latencies;
  noop: Latencies;
  db: Latencies;
  load: number;
}

function latencies(samples: number[], errors: number): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, errors, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

/** A migrated data directory with a seeded tenant, made once in-process and copied for every run. */
async function prepareTemplate(root: string, teachers: number) {
  const dataDir = join(root, 'template');
  const database = await openDatabase({ dataDir, pgliteThread: 'main' });
  try {
    await migrate(database.db);
    return { dataDir, ...(await seedTenant(database.db, 'bench-thread', teachers)) };
  } finally {
    await database.close();
  }
}

type Template = Awaited<ReturnType<typeof prepareTemplate>>;

function runImport(db: Database['db'], template: Template, bytes: Uint8Array) {
  return importCompletionFile(db, {
    tenantId: template.tenantId,
    source: template.source,
    bytes,
    fileName: 'bench.csv',
    recorder: { system: 'bench:pglite-thread' },
    actor: { actorLabel: 'bench', client: 'cli' },
  });
}

const SMALL_READS = 2_000;

/** The import alone, nothing else asking the server: what the worker thread costs the job itself. */
async function quietImport(root: string, template: Template, bytes: Uint8Array, thread: PgliteThread) {
  const dataDir = join(root, `${thread}-quiet`);
  await cp(join(template.dataDir, 'pglite'), join(dataDir, 'pglite'), { recursive: true });
  const database = await openDatabase({ dataDir, pgliteThread: thread });
  try {
    // Small statements one after another, as a request makes them: what a message each way adds to each.
    let t = performance.now();
    for (let i = 0; i < SMALL_READS; i++) {
      await database.db.execute(sql`select id from people where email = ${`t${i}@bench.example.cn`}`);
    }
    const smallReadMs = (performance.now() - t) / SMALL_READS;
    t = performance.now();
    const report = await runImport(database.db, template, bytes);
    return { ms: performance.now() - t, smallReadMs, created: report.summary.created };
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function runOnce(
  root: string,
  template: Template,
  bytes: Uint8Array,
  thread: PgliteThread,
  round: number,
): Promise<Omit<ThreadRun, 'quietImportMs' | 'smallReadMs'>> {
  const dataDir = join(root, `${thread}-${round}`);
  await cp(join(template.dataDir, 'pglite'), join(dataDir, 'pglite'), { recursive: true });
  const database = await openDatabase({ dataDir, pgliteThread: thread });
  const app = express();
  app.use(healthRouter(database, 'bench'));
  app.get('/noop', (_req, res) => res.json({ ok: true }));
  // A request that needs the database, as most of the tool's do: one small read.
  app.get('/db', async (_req, res) => {
    const { rows } = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from people`);
    res.json(rows[0]);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls = [`${base}/healthz`, `${base}/noop`, `${base}/db`];
  const sampler = spawn(process.execPath, ['--input-type=module', '-e', SAMPLER], {
    env: { ...process.env, SAMPLE_URLS: JSON.stringify(urls) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: sampler.stdout })[Symbol.asyncIterator]();
  try {
    if ((await lines.next()).value !== 'ready') throw new Error('the sampler did not start');
    const t = performance.now();
    const report = await runImport(database.db, template, bytes);
    const importMs = performance.now() - t;
    const load = loadavg()[0] ?? 0;
    sampler.stdin.write('stop\n');
    const { samples, errors } = JSON.parse((await lines.next()).value as string) as {
      samples: Record<string, number[]>;
      errors: Record<string, number>;
    };
    return {
      thread,
      round,
      importMs,
      created: report.summary.created,
      healthz: latencies(samples[urls[0]!] ?? [], errors[urls[0]!] ?? 0),
      noop: latencies(samples[urls[1]!] ?? [], errors[urls[1]!] ?? 0),
      db: latencies(samples[urls[2]!] ?? [], errors[urls[2]!] ?? 0),
      load: Math.round(load * 100) / 100,
    };
  } finally {
    sampler.kill();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export interface ThreadBenchResult {
  machine: MachineFacts;
  teachers: number;
  rows: number;
  runs: ThreadRun[];
}

export async function runBenchmark(teachers: number, rounds: number): Promise<ThreadBenchResult> {
  const machine = machineFacts();
  const root = await mkdtemp(join(tmpdir(), 'bench-pglite-thread-'));
  try {
    const template = await prepareTemplate(root, teachers);
    const { csv, rows } = buildCsv(teachers);
    const bytes = new TextEncoder().encode(csv);
    const runs: ThreadRun[] = [];
    for (let round = 1; round <= rounds; round++) {
      // Alternate which goes first, so a machine getting busier or quieter favours neither.
      const order: PgliteThread[] = round % 2 ? ['main', 'worker'] : ['worker', 'main'];
      for (const thread of order) {
        const quiet = await quietImport(root, template, bytes, thread);
        const sampled = await runOnce(root, template, bytes, thread, round);
        const run: ThreadRun = {
          ...sampled,
          quietImportMs: quiet.ms,
          smallReadMs: quiet.smallReadMs,
          created: Math.min(sampled.created, quiet.created),
        };
        console.log(
          `${thread} round ${round}: import alone ${(run.quietImportMs / 1000).toFixed(1)} s, sampled ${(run.importMs / 1000).toFixed(1)} s, healthz max ${run.healthz.max.toFixed(0)} ms (${run.healthz.n} samples), noop max ${run.noop.max.toFixed(0)} ms, load ${run.load}`,
        );
        runs.push(run);
      }
    }
    return { machine, teachers, rows: rows.length, runs };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms`;

export function renderSection(r: ThreadBenchResult): string {
  const { machine: m } = r;
  const of = (thread: PgliteThread) => r.runs.filter((run) => run.thread === thread);
  const med = (thread: PgliteThread, pick: (run: ThreadRun) => number) => median(of(thread).map(pick));
  const ratio = (pick: (run: ThreadRun) => number) => {
    const value = med('main', pick) / med('worker', pick);
    return value >= 10 ? `${Math.round(value)}×` : `${value.toFixed(1)}×`;
  };
  const rowsTable = r.runs
    .map(
      (run) =>
        `| ${run.round} | ${run.thread} | ${run.smallReadMs.toFixed(2)} ms | ${(run.quietImportMs / 1000).toFixed(1)} s | ${(run.importMs / 1000).toFixed(1)} s | ${run.healthz.n}${run.healthz.errors + run.noop.errors ? ` (${run.healthz.errors + run.noop.errors} failed)` : ''} | ${ms(run.healthz.p50)} | ${ms(run.healthz.p99)} | ${ms(run.healthz.max)} | ${ms(run.noop.p50)} | ${ms(run.noop.max)} | ${run.db.n} | ${ms(run.db.max)} | ${run.load} |`,
    )
    .join('\n');
  const created = r.runs.every((run) => run.created === r.rows);
  return `${START}
## Embedded database off the HTTP thread (issue 14)

\`npm run bench:pglite-thread\` (scripts/bench-pglite-thread.ts; ${m.date}, Node ${m.node}, ${m.cpu} × ${m.cores},
load ${m.load} at the start): the tool's completion import of ${r.rows.toLocaleString('en')} rows
(${r.teachers.toLocaleString('en')} teachers × 5 courses, one transaction) on PGlite in a real data directory, opened
as \`npm start\` opens it, with PGlite on the HTTP thread (\`PGLITE_THREAD=main\`) and in a worker thread
(\`worker\`, the default), alternating: first ${SMALL_READS.toLocaleString('en')} small reads and the import alone, then the import again while a separate process requests
\`GET /healthz\` (the tool's route: it pings the database), \`GET /noop\` (no database) and \`GET /db\` (one small
read, as most of the tool's requests make), each in its own loop every 25 ms, for as long as the import runs.

| Round | PGlite thread | Small read | Import alone | Import, sampled | /healthz answers | /healthz p50 | p99 | max | /noop p50 | /noop max | /db answers | /db max | Load (1 min) |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rowsTable}

Medians of the rounds. Worst /healthz wait: ${ms(med('main', (run) => run.healthz.max))} on the HTTP thread,
${ms(med('worker', (run) => run.healthz.max))} in the worker (**${ratio((run) => run.healthz.max)}** shorter); /healthz
answers during the import: ${Math.round(med('main', (run) => run.healthz.n))} against ${Math.round(med('worker', (run) => run.healthz.n))}.
Worst /noop wait: ${ms(med('main', (run) => run.noop.max))} against ${ms(med('worker', (run) => run.noop.max))}
(${ratio((run) => run.noop.max)}). Worst /db wait: ${ms(med('main', (run) => run.db.max))} against
${ms(med('worker', (run) => run.db.max))}: a request that needs the database waits for the import's transaction
either way. A small indexed read (${SMALL_READS.toLocaleString('en')} one after another, nothing else running) takes
${med('main', (run) => run.smallReadMs).toFixed(2)} ms on the HTTP thread and ${med('worker', (run) => run.smallReadMs).toFixed(2)} ms through the worker
(worker ÷ HTTP thread: ${(med('worker', (run) => run.smallReadMs) / med('main', (run) => run.smallReadMs)).toFixed(2)}×; the worker adds a message each way per statement). The import alone takes ${(med('worker', (run) => run.quietImportMs) / med('main', (run) => run.quietImportMs)).toFixed(2)}×
the time in the worker, and ${(med('worker', (run) => run.importMs) / med('main', (run) => run.importMs)).toFixed(2)}×
while sampled (on the HTTP thread nothing else runs during the import; in the worker the HTTP thread keeps serving
and shares the cores).

On the HTTP thread, each statement of the import blocks the thread that answers requests, and /healthz's ping
waits for the import's transaction: the server looks dead for the length of the import. In the worker, HTTP keeps
answering (/healthz reports a busy database as up); what still waits is every request that needs the database:
PGlite is one connection, held by the import's transaction. Checks: ${created ? `every run created all ${r.rows.toLocaleString('en')} rows` : '**a run did not create every row**'}.
One run on a shared machine: compare the ratios, not the absolute times; at the load shown, the per-statement and
import times vary by tens of percent between rounds, the waits by far less than the ratios above.
${END}`;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      teachers: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '2' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const result = await runBenchmark(Number(values.teachers), Number(values.rounds));
  if (result.runs.some((run) => run.created !== result.rows)) {
    console.error('benchmark check failed: an import did not create every row');
    return 1;
  }
  const section = renderSection(result);
  if (values['no-write']) console.log(section);
  else {
    const file = new URL('../docs/benchmarks.md', import.meta.url);
    const doc = await readFile(file, 'utf8').catch(() => '');
    await writeFile(file, replaceMarkedSection(doc, section, { start: START, end: END }));
    console.log('docs/benchmarks.md updated');
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
