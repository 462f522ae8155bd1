/**
 * `node --expose-gc --import tsx scripts/bench-sheet-heap.ts [--rows 200000] [--import]`: the heap of reading a large
 * XLSX, generated on the fly (test/helpers/large-sheets.ts: inline strings, a sparse header, shared strings stored
 * after the sheet). Prints JSON lines:
 * - `stream`: the import's reader (`openSheet`, then batches of 10,000 rows), heap used after a forced GC at every
 *   batch, and the largest heap seen at a batch boundary without one;
 * - `held`: the same batches kept (what reading the sheet whole costs in rows alone);
 * - `exceljs`: the reader before this one, in the same run: exceljs loading the workbook whole (heap after GC with
 *   the workbook held, and the peak sampled every 20 ms while it loads);
 * - with `--import`: one import of a generic-layout XLSX of `rows` rows (rows / 5 teachers × 5 courses) on PGlite or
 *   on a scratch database of DATABASE_URL's server, heap after GC at every batch.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { migrate } from '../lti-tool/server/db/migrate';
import { importCompletionFile } from '../lti-tool/server/services/completions/feeds/import-file';
import { openSheet, type SheetRow } from '../lti-tool/server/services/completions/files/spreadsheet';
import { largeXlsx, xlsxOfTable } from '../test/helpers/large-sheets';
import { COURSES, seedTenant } from './bench-import/setup';
import { scratchDatabase } from './bench-scratch';

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = () => {
  if (!global.gc) throw new Error('run with node --expose-gc');
  global.gc();
  return process.memoryUsage().heapUsed;
};
const print = (line: Record<string, unknown>) => console.log(JSON.stringify(line));

async function readers(rows: number) {
  const bytes = largeXlsx(rows);
  print({ file: 'xlsx', rows, fileMb: mb(bytes.length) });
  const before = gc();
  let start = performance.now();
  const sheet = await openSheet(bytes, 'large.xlsx', rows);
  const counted = performance.now() - start;
  const afterGc: number[] = [];
  let peak = 0;
  let read = 0;
  start = performance.now();
  for (const batch of sheet.batches(10_000)) {
    read += batch.length;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    afterGc.push(gc());
  }
  print({
    reader: 'stream',
    rows: read,
    beforeMb: mb(before),
    heapAfterGcMb: { min: mb(Math.min(...afterGc)), max: mb(Math.max(...afterGc)), last: mb(afterGc.at(-1)!) },
    peakAtBatchMb: mb(peak),
    countSeconds: +(counted / 1000).toFixed(1),
    readSeconds: +((performance.now() - start) / 1000).toFixed(1),
  });

  const held: SheetRow[][] = [];
  for (const batch of sheet.batches(10_000)) held.push(batch);
  print({ reader: 'held', rows: held.flat().length, heapAfterGcMb: mb(gc()), growthMb: mb(gc() - before) });
  held.length = 0;

  gc();
  let loadPeak = 0;
  const timer = setInterval(() => (loadPeak = Math.max(loadPeak, process.memoryUsage().heapUsed)), 20);
  start = performance.now();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  clearInterval(timer);
  print({
    reader: 'exceljs',
    rows: workbook.worksheets[0]!.actualRowCount - 1,
    heapAfterGcMb: mb(gc()),
    peakMb: mb(Math.max(loadPeak, process.memoryUsage().heapUsed)),
    seconds: +((performance.now() - start) / 1000).toFixed(1),
  });
}

async function importRun(rows: number) {
  const teachers = Math.ceil(rows / COURSES.length);
  // On a server: a scratch database named <BENCH_DB_PREFIX or bench_sheet_heap>_<random>, dropped after.
  const prefix = process.env.BENCH_DB_PREFIX ?? 'bench_sheet_heap';
  const { database, kind, drop } = await scratchDatabase(prefix, process.env.DATABASE_URL);
  try {
    await migrate(database.db);
    const world = await seedTenant(database.db, 'sheet-heap', teachers);
    const bytes = xlsxOfTable(['teacher_email', 'course_ref', 'completed_at'], rows, (i) => {
      const n = Math.floor(i / COURSES.length);
      const day = String(1 + (i % 28)).padStart(2, '0');
      return [`t${n}@bench.example.cn`, COURSES[i % COURSES.length]!.courseRef, `2025-11-${day} 10:00:00`];
    });
    const samples: number[] = [];
    const before = gc();
    const start = performance.now();
    const report = await importCompletionFile(database.db, {
      tenantId: world.tenantId,
      source: world.source,
      bytes,
      fileName: 'sheet-heap.xlsx',
      maxRows: rows,
      recorder: { system: 'bench:sheet-heap' },
      actor: { actorLabel: 'bench', client: 'cli' },
      onBatch: () => samples.push(gc()),
    });
    print({
      import: kind,
      fileMb: mb(bytes.length),
      rows: report.summary.rows,
      created: report.summary.created,
      fileIssues: report.fileIssues,
      beforeMb: mb(before),
      heapAfterGcMb: samples.map(mb),
      afterMb: mb(gc()),
      seconds: Math.round((performance.now() - start) / 1000),
    });
  } finally {
    await drop();
  }
}

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' }, import: { type: 'boolean' } } });
await readers(Number(values.rows));
if (values.import) await importRun(Number(values.rows));
