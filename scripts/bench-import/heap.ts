/**
 * `npx tsx scripts/bench-import/heap.ts [--teachers 200000] [--every 2]`: the heap of one import of a large CSV
 * (teachers × 5 rows; 1,000,000 by default, over the row limit MAX_SHEET_ROWS, which this run raises) on PGlite, or
 * on a scratch database of DATABASE_URL's server. Prints heap used (and RSS) sampled every `--every` seconds and
 * after each batch, before and after, as JSON lines: the curve must stay flat while the rows go by.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { migrate } from '../../lti-tool/server/db/migrate';
import { importCompletionFile } from '../../lti-tool/server/services/completions/feeds/import-file';
import { buildCsv, scratchDatabase, seedTenant } from './setup';

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main() {
  const { values } = parseArgs({
    options: { teachers: { type: 'string', default: '200000' }, every: { type: 'string', default: '2' } },
  });
  const teachers = Number(values.teachers);
  const { database, kind, drop } = await scratchDatabase(process.env.DATABASE_URL);
  try {
    await migrate(database.db);
    const world = await seedTenant(database.db, 'bench-heap', teachers);
    let bytes: Uint8Array | undefined = new TextEncoder().encode(buildCsv(teachers).csv);
    const size = bytes.length;
    const start = performance.now();
    let rowsDone = 0;
    const sample = (at: string) => {
      global.gc?.();
      const m = process.memoryUsage();
      const s = ((performance.now() - start) / 1000).toFixed(1);
      console.log(JSON.stringify({ at, s, rows: rowsDone, heapMb: mb(m.heapUsed), rssMb: mb(m.rss) }));
    };
    sample('before');
    const timer = setInterval(() => sample('tick'), Number(values.every) * 1000);
    const input = {
      tenantId: world.tenantId,
      source: world.source,
      bytes,
      fileName: 'bench-heap.csv',
      maxRows: teachers * 5,
      recorder: { system: 'bench:heap' },
      actor: { actorLabel: 'bench', client: 'cli' as const },
      onBatch: (items: number) => {
        rowsDone = items;
        sample('batch');
      },
    };
    bytes = undefined;
    const report = await importCompletionFile(database.db, input);
    clearInterval(timer);
    sample('after');
    const s = report.summary;
    console.log(
      JSON.stringify({
        database: kind,
        fileMb: mb(size),
        rows: s.rows,
        created: s.created,
        rejected: s.rejected,
        itemsListed: report.items.length,
        itemsOmitted: report.itemsOmitted,
        seconds: Math.round((performance.now() - start) / 1000),
      }),
    );
  } finally {
    await drop();
  }
}

await main();
