/**
 * `npx tsx scripts/bench-import/profile.ts [--teachers 20000] [--reimport] [--out dir]`: profiles the tool's import of
 * the bench file (and with `--reimport` its re-import) on PGlite, or on a scratch database of DATABASE_URL's server,
 * with the CPU profiler running only around the import (not the seeding). Writes a `.cpuprofile` (open it in Chrome
 * DevTools) and prints the functions with the most self time.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { migrate } from '../../lti-tool/server/db/migrate';
import { importCompletionFile } from '../../lti-tool/server/services/completions/feeds/import-file';
import { buildCsv, scratchDatabase, seedTenant } from './setup';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function, most first (ms). */
export function topSelfTime(profile: Profile, count: number): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url.split('/').slice(-2).join('/');
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count);
}

async function main() {
  const { values } = parseArgs({
    options: {
      teachers: { type: 'string', default: '20000' },
      reimport: { type: 'boolean' },
      out: { type: 'string', default: '.' },
      top: { type: 'string', default: '30' },
    },
  });
  const teachers = Number(values.teachers);
  const { database, kind, drop } = await scratchDatabase(process.env.DATABASE_URL);
  try {
    await migrate(database.db);
    const world = await seedTenant(database.db, 'bench-profile', teachers);
    const input = {
      tenantId: world.tenantId,
      source: world.source,
      bytes: new TextEncoder().encode(buildCsv(teachers).csv),
      fileName: 'bench.csv',
      recorder: { system: 'bench:profile' },
      actor: { actorLabel: 'bench', client: 'cli' as const },
    };
    if (values.reimport) await importCompletionFile(database.db, input);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const t = performance.now();
    const report = await importCompletionFile(database.db, input);
    const ms = performance.now() - t;
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    const file = join(values.out, `import-${values.reimport ? 'reimport' : 'first'}-${Date.now()}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    const rows = report.summary.rows;
    console.log(`${kind}: ${rows} rows in ${(ms / 1000).toFixed(2)} s (${Math.round((rows / ms) * 1000)} rows/s)`);
    console.log(`created ${report.summary.created}, unchanged ${report.summary.unchanged}; profile: ${file}`);
    for (const [where, self] of topSelfTime(profile, Number(values.top))) {
      console.log(`${self.toFixed(0).padStart(8)} ms  ${where}`);
    }
  } finally {
    await drop();
  }
}

await main();
