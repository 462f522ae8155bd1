/**
 * `npm run bench:exports`: the exports officials wait for, with a baseline from the same run.
 * - The monthly progress report (完成情况表) of a county of 20,000 teachers, XLSX and CSV, as the schedule makes it
 *   (the month just ended, as of its end): time and peak memory. Baseline: a plain SELECT of the same teachers'
 *   status rows written as CSV into the same blob store.
 * - The e-archive (电子档案) of a 150-teacher school whose evidence includes videos: time and peak RSS/heap above
 *   the process's level before the run. Baselines: a 10-teacher school built the same way (memory should not grow
 *   with the school) and a plain stream copy of the same files into one file (time).
 * Data: the demo county (2,035 teachers in every state, the engine's status rows) cloned by bulk SQL, never the UI
 * path. PGlite in memory, or a scratch database on DATABASE_URL. Writes its section of docs/benchmarks.md.
 * Run with `node --expose-gc` (the npm script does) so each measurement starts from a collected heap.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq, sql } from 'drizzle-orm';
import { type Db } from '../lti-tool/server/db/client';
import { migrate } from '../lti-tool/server/db/migrate';
import { organisations } from '../lti-tool/server/db/schema';
import { seedDemo } from '../lti-tool/server/demo/seed';
import { seedDemoCounty } from '../lti-tool/server/demo/seed-county';
import { produceEArchive } from '../lti-tool/server/services/exports/e-archive';
import { produceProgressReport } from '../lti-tool/server/services/exports/report-produce';
import type { ProduceInput } from '../lti-tool/server/services/exports/produce';
import { writeCsv } from '../lti-tool/server/services/exports/report-writers';
import { ensureTenant } from '../lti-tool/server/services/platform-admin';
import { backfillTeacherStatus } from '../lti-tool/server/services/teacher-status/backfill';
import { createBlobStore, type BlobStore } from '../lti-tool/server/storage';
import { scratchDatabase } from './bench-scratch';
import { machineFacts, replaceMarkedSection } from './bench-report';

const START = '<!-- bench:exports:start -->';
const END = '<!-- bench:exports:end -->';
const COUNTY_TEACHERS = Number(process.env.BENCH_TEACHERS ?? 20_000);
const BIG_SCHOOL = Number(process.env.BENCH_SCHOOL ?? 150);
const SMALL_SCHOOL = 10;
const VIDEO_BYTES = Number(process.env.BENCH_VIDEO_MB ?? 8) * 1024 * 1024;
const MB = 1024 * 1024;

const scratch = () => scratchDatabase('bench_exports');

/** A table's columns in order, so a clone copies every column without a hand-kept list. */
async function columns(db: Db, table: string): Promise<string[]> {
  const r = await db.execute<{ column_name: string }>(
    sql`select column_name from information_schema.columns where table_name = ${table} and table_schema = current_schema() order by ordinal_position`,
  );
  return r.rows.map((x) => x.column_name);
}

/** insert into table (every column) select each column or its replacement from `source` (alias t). */
async function cloneRows(db: Db, table: string, replace: Record<string, string>, source: string) {
  const cols = await columns(db, table);
  const list = cols.map((c) => `"${c}"`).join(', ');
  const values = cols.map((c) => replace[c] ?? `t."${c}"`).join(', ');
  await db.execute(sql.raw(`insert into ${table} (${list}) select ${values} from ${table} t ${source}`));
}

/**
 * Clones `n` teachers of the demo county (round robin over its 2,035, so every state is represented) into
 * `schools` new schools under the county: people, enrolments, selections, hours, submissions, evidence items,
 * item grades and status rows, each with new ids. Returns the new schools' ids.
 */
async function cloneTeachers(
  db: Db,
  t: { tenantId: string; countyId: string; instanceId: string },
  n: number,
  schools: number,
  tag: string,
): Promise<string[]> {
  const made = await db.execute<{
    id: string;
  }>(sql`insert into organisations (tenant_id, parent_id, kind, code, name, teaching_environment)
    select ${t.tenantId}, ${t.countyId}, 'school', ${tag} || '-' || g, ${`基准${tag}学校`} || g, 'multimedia'
    from generate_series(1, ${schools}) g returning id`);
  const ids = made.rows.map((r) => r.id);
  await db.execute(sql.raw(`drop table if exists bench_em, bench_sm, bench_im`));
  // Template enrolments: the county seed's (manual hours, no course completions to keep unique).
  await db.execute(
    sql.raw(`create temp table bench_em as
    with tpl as (
      select e.id, row_number() over (order by e.id) - 1 as k from enrolments e
      join organisations o on o.id = e.school_id
      where e.programme_instance_id = '${t.instanceId}' and o.code like 'DEMO-S%' and o.code > 'DEMO-S03'),
    sch as (select id, row_number() over (order by id) - 1 as k from organisations
      where tenant_id = '${t.tenantId}' and code like '${tag}-%')
    select gen_random_uuid() as new_id, gen_random_uuid() as new_person, tpl.id as old_id, sch.id as new_school
    from generate_series(0, ${n - 1}) g
    join tpl on tpl.k = g % (select count(*) from tpl)
    join sch on sch.k = g % ${schools}`),
  );
  await cloneRows(
    db,
    'people',
    { id: 'm.new_person', email: 'null' },
    `join enrolments e on e.person_id = t.id join bench_em m on m.old_id = e.id`,
  );
  await cloneRows(
    db,
    'enrolments',
    { id: 'm.new_id', person_id: 'm.new_person', school_id: 'm.new_school', group_id: 'null' },
    `join bench_em m on m.old_id = t.id`,
  );
  await cloneRows(
    db,
    'ability_selections',
    { id: 'gen_random_uuid()', enrolment_id: 'm.new_id' },
    `join bench_em m on m.old_id = t.enrolment_id`,
  );
  await cloneRows(
    db,
    'hours_ledger_entries',
    { id: 'gen_random_uuid()', enrolment_id: 'm.new_id' },
    `join bench_em m on m.old_id = t.enrolment_id`,
  );
  await db.execute(
    sql.raw(`create temp table bench_sm as select s.id as old_id, gen_random_uuid() as new_id, m.new_id as new_enrolment
    from submissions s join bench_em m on m.old_id = s.enrolment_id`),
  );
  await cloneRows(
    db,
    'submissions',
    { id: 'm.new_id', enrolment_id: 'm.new_enrolment' },
    `join bench_sm m on m.old_id = t.id`,
  );
  await db.execute(
    sql.raw(`create temp table bench_im as select i.id as old_id, gen_random_uuid() as new_id, m.new_id as new_submission
    from evidence_items i join bench_sm m on m.old_id = i.submission_id`),
  );
  await cloneRows(
    db,
    'evidence_items',
    { id: 'm.new_id', submission_id: 'm.new_submission' },
    `join bench_im m on m.old_id = t.id`,
  );
  await cloneRows(
    db,
    'item_assessments',
    { id: 'gen_random_uuid()', evidence_item_id: 'm.new_id' },
    `join bench_im m on m.old_id = t.evidence_item_id`,
  );
  await cloneRows(
    db,
    'teacher_status',
    { enrolment_id: 'm.new_id', school_id: 'm.new_school', group_id: 'null' },
    `join bench_em m on m.old_id = t.enrolment_id`,
  );
  await db.execute(sql.raw(`drop table bench_em, bench_sm, bench_im`));
  return ids;
}

/** Pseudo-random bytes a chunk at a time, so nothing compresses them away and nothing holds them whole. */
function video(size: number, seed: number) {
  let made = 0;
  return Readable.from(
    (function* () {
      while (made < size) {
        const chunk = Buffer.alloc(Math.min(MB, size - made));
        for (let i = 0; i < chunk.length; i += 4) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          chunk.writeUInt32LE(seed, i);
        }
        made += chunk.length;
        yield chunk;
      }
    })(),
  );
}

interface Measured {
  ms: number;
  /** Peaks above the level just before the run (after a collection). */
  rssMb: number;
  heapMb: number;
}

/** Times `fn` and samples memory every 10 ms (and at the end) for its peaks above the starting level. */
async function measure(fn: () => Promise<unknown>): Promise<Measured> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 10);
  const t0 = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  sample();
  return { ms, rssMb: (rss - base.rss) / MB, heapMb: (heap - base.heapUsed) / MB };
}

const fmtS = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`);
const fmtMb = (mb: number) => `${mb.toFixed(0)} MB`;

async function main() {
  const loadAtStart = machineFacts().load;
  const { database, kind, drop } = await scratch();
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-exports-'));
  const storage: BlobStore = createBlobStore({ dataDir });
  const lines: string[] = [];
  const notes: string[] = [];
  try {
    const db = database.db;
    await migrate(db);
    const tenantId = await ensureTenant(db, 'bench', '基准');
    const t0 = performance.now();
    const demo = await seedDemo(db, { tenantId, storage });
    await seedDemoCounty(db, { tenantId, ...demo, storage });
    await backfillTeacherStatus(db);
    const t = { tenantId, countyId: demo.countyId, instanceId: demo.programmeInstanceId };
    const have = Number(
      (
        await db.execute<{ n: number }>(
          sql`select count(*)::int as n from enrolments where programme_instance_id = ${t.instanceId}`,
        )
      ).rows[0]!.n,
    );
    await cloneTeachers(
      db,
      t,
      COUNTY_TEACHERS - have - BIG_SCHOOL - SMALL_SCHOOL,
      Math.round((COUNTY_TEACHERS - have) / 100),
      'BR',
    );
    const [big] = await cloneTeachers(db, t, BIG_SCHOOL, 1, 'BA');
    const [small] = await cloneTeachers(db, t, SMALL_SCHOOL, 1, 'BS');
    // Every file slot of the two archive schools that the templates filled with a video points at a real video.
    const clip = await storage.put(video(VIDEO_BYTES, 7), { maxBytes: VIDEO_BYTES });
    await db.execute(sql`update evidence_items i set storage_key = ${clip.key}, file_sha256 = ${clip.sha256},
      file_size_bytes = ${clip.sizeBytes}, file_original_name = '课堂实录.mp4'
      from submissions s join enrolments e on e.id = s.enrolment_id
      where s.id = i.submission_id and i.kind = 'video' and e.school_id in (${big!}, ${small!})`);
    await db.execute(sql`analyze`);
    const total = Number(
      (
        await db.execute<{ n: number }>(
          sql`select count(*)::int as n from enrolments where programme_instance_id = ${t.instanceId}`,
        )
      ).rows[0]!.n,
    );
    const seedMs = performance.now() - t0;
    console.log(`seeded ${total} teachers in ${fmtS(seedMs)}`);

    const [org] = await db.select().from(organisations).where(eq(organisations.id, t.countyId));
    const now = new Date();
    // The month just ended in China, as the schedule produces it on the 1st.
    const local = new Date(now.getTime() + 8 * 3_600_000);
    const month = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const input = <K extends 'progress_report' | 'e_archive'>(params: ProduceInput<K>['params']): ProduceInput<K> => ({
      db,
      storage,
      publicUrl: 'http://bench.invalid',
      tenantId,
      programmeInstanceId: t.instanceId,
      requestedBy: null,
      organisation: org!,
      params,
      progress: async () => {},
      now,
    });

    // Baseline first: the same teachers' status rows, one SELECT, written as CSV into the same store.
    let baseRows = 0;
    const base = await measure(async () => {
      const r = await db.execute<Record<string, unknown>>(sql`
        select o.name as school, p.display_name as teacher, e.subject, ts.state,
          ts.online_minutes / 60.0 as online, ts.practice_minutes / 60.0 as practice, ts.completed_at
        from enrolments e join people p on p.id = e.person_id join organisations o on o.id = e.school_id
        left join teacher_status ts on ts.enrolment_id = e.id
        where e.programme_instance_id = ${t.instanceId} and e.status <> 'withdrawn'
        order by o.name, p.display_name`);
      baseRows = r.rows.length;
      const out = new PassThrough();
      const stored = storage.put(out, { maxBytes: 512 * MB });
      await writeCsv(out, {
        headers: Object.keys(r.rows[0] ?? {}),
        kinds: [],
        rows: r.rows.map((row) =>
          Object.values(row).map((v) =>
            v instanceof Date ? v.toISOString() : v === null ? null : (v as string | number),
          ),
        ),
      });
      await stored;
    });
    console.log('baseline', base);
    // The month just ended (as the schedule makes it: every teacher rebuilt as of its end) and the month running
    // (the live status). The seeded records are dated today, so the month just ended holds none of them yet: the
    // running month is the one where every teacher's full record is read and evaluated.
    const thisMonth = local.toISOString().slice(0, 7);
    for (const [period, label] of [
      [month, `Monthly report ${month} (as of its end)`],
      [thisMonth, `Monthly report ${thisMonth} (running: live status)`],
    ] as const) {
      for (const format of ['csv', 'xlsx'] as const) {
        let bytes = 0;
        const m = await measure(async () => {
          const produced = await produceProgressReport(
            input<'progress_report'>({
              kind: 'progress_report',
              format,
              language: 'zh',
              period: { kind: 'monthly', month: period },
            }),
          );
          bytes = produced.object.sizeBytes;
        });
        console.log(period, format, m, bytes);
        lines.push(
          `| ${label}, ${baseRows.toLocaleString('en')} teachers | ${format.toUpperCase()} | ${fmtS(m.ms)} | ${fmtMb(m.rssMb)} | ${fmtMb(m.heapMb)} | ${(bytes / MB).toFixed(1)} MB | ${lines.length === 0 ? `SELECT + CSV write: ${fmtS(base.ms)}, ${fmtMb(base.rssMb)} RSS, ${fmtMb(base.heapMb)} heap` : '(same)'} | ${(m.ms / base.ms).toFixed(1)}× |`,
        );
      }
    }

    // E-archives: the small school first, so the process's memory has grown, if at all, before the big one.
    const archive = async (schoolId: string) => {
      let bytes = 0;
      const m = await measure(async () => {
        const produced = await produceEArchive(input<'e_archive'>({ kind: 'e_archive', schoolId, language: 'zh' }));
        bytes = produced.object.sizeBytes;
      });
      const files = await db.execute<{ n: number; videos: number; bytes: number }>(sql`
        select count(*)::int as n, count(*) filter (where i.kind = 'video')::int as videos,
          coalesce(sum(i.file_size_bytes), 0)::float8 as bytes
        from evidence_items i join submissions s on s.id = i.submission_id join enrolments e on e.id = s.enrolment_id
        where e.school_id = ${schoolId} and i.storage_key is not null`);
      return { ...m, bytes, files: files.rows[0]! };
    };
    const smallRun = await archive(small!);
    console.log('small archive', smallRun);
    const bigRun = await archive(big!);
    console.log('big archive', bigRun);
    // Time baseline: the same evidence files streamed one after another into one plain file.
    const keys = await db.execute<{ key: string }>(sql`
      select i.storage_key as key from evidence_items i join submissions s on s.id = i.submission_id
      join enrolments e on e.id = s.enrolment_id where e.school_id = ${big!} and i.storage_key is not null`);
    const copy = await measure(async () => {
      const out = createWriteStream(join(dataDir, 'plain-copy.bin'));
      const files = async function* () {
        for (const { key } of keys.rows) {
          const object = await storage.get(key);
          if (object) yield* object.body;
        }
      };
      await pipeline(Readable.from(files()), out);
    });
    console.log('plain copy', copy);
    const row = (label: string, r: typeof bigRun, baseline: string, ratio: string) =>
      `| ${label}: ${r.files.n} files (${r.files.videos} videos of ${VIDEO_BYTES / MB} MB) | zip | ${fmtS(r.ms)} | ${fmtMb(r.rssMb)} | ${fmtMb(r.heapMb)} | ${(r.bytes / MB).toFixed(0)} MB | ${baseline} | ${ratio} |`;
    lines.push(
      row(`E-archive, ${SMALL_SCHOOL}-teacher school`, smallRun, '—', '—'),
      row(
        `E-archive, ${BIG_SCHOOL}-teacher school`,
        bigRun,
        `plain copy of the same files: ${fmtS(copy.ms)}; ${SMALL_SCHOOL}-teacher school: ${fmtMb(smallRun.rssMb)} RSS, ${fmtMb(smallRun.heapMb)} heap`,
        `${(bigRun.ms / copy.ms).toFixed(1)}× time; ${(bigRun.rssMb - smallRun.rssMb).toFixed(0)} MB more RSS`,
      ),
    );
    notes.push(
      `Seeded ${total.toLocaleString('en')} teachers (the demo county's 2,035 cloned by SQL into schools of 100, plus the two archive schools) in ${fmtS(seedMs)}.`,
    );
  } finally {
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const m = machineFacts();
  const loadNote = `load ${loadAtStart} at the start, ${m.load} at the end`;
  const section = `${START}
## Exports (issue 12)

\`npm run bench:exports\` (scripts/bench-exports.ts; ${kind}; ${m.date}, Node ${m.node}, ${m.cpu} × ${m.cores},
${loadNote}; one run). The monthly progress report is the month just ended in China time, as the schedule
makes it (each teacher's records rebuilt as of the month's end, 2,000 teachers a query per table, and evaluated by
the engine, then written by the same streaming writers the jobs use), and the running month (live records, same
path); their baseline is one SELECT of the same teachers' status rows written as CSV into the same blob store. The e-archive is produced by the job's producer into the local blob store; its memory baseline is a
10-teacher school built the same way, its time baseline a plain stream copy of the same evidence files into one
file. Memory is the peak above the process's level just before the run (after a collection), sampled every 10 ms.

| Export | Format | Time | Peak RSS | Peak heap | File | Baseline (same run) | Ratio |
|---|---|---|---|---|---|---|---|
${lines.join('\n')}

${notes.join('\n')}
${END}`;
  const path = 'docs/benchmarks.md';
  await writeFile(path, replaceMarkedSection(await readFile(path, 'utf8'), section, { start: START, end: END }));
  console.log(section);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
