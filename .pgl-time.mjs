import { PGlite } from '@electric-sql/pglite';
import { readFileSync, readdirSync } from 'node:fs';
const dir = 'node_modules/.cache/test-db/';
const f = readdirSync(dir).find(n => n.endsWith('migrated.tar'));
const bytes = readFileSync(dir + f);
const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
class FastBlob extends Blob { arrayBuffer() { return Promise.resolve(ab); } }
const mode = process.argv[2];
const blob = mode === 'plain' ? new Blob([bytes]) : new FastBlob([]);
const extra = process.argv[3] ? { startParams: undefined, postgresqlconf: process.argv[3] } : {};
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let i = 0; i < 4; i++) {
  const c = cpu(); const t = performance.now();
  const db = await PGlite.create({ loadDataDir: blob, ...extra });
  const c1 = cpu(), t1 = performance.now();
  const r = await db.query("select current_setting('shared_buffers') sb, count(*) from pg_class");
  await db.close();
  console.log(mode, 'create cpu', (c1 - c).toFixed(0), 'wall', (t1 - t).toFixed(0), JSON.stringify(r.rows[0]));
}
