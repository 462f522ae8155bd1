// A PostgreSQL restart during writes: eight writers commit small transactions while RESTART_CMD restarts the server.
// Checks the process stays up, every failure is classified as "database unavailable" (→ 503 + Retry-After over
// HTTP), every acknowledged row is stored, nothing unacknowledged or doubled (primary key) is stored.
// Usage: DATABASE_URL=postgres://… RESTART_CMD='pg_ctl -D … -m fast -w restart' npx tsx scripts/reliability-db-restart.ts
import { exec } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { isDatabaseUnavailable } from '../lti-tool/server/db/availability';
import { openPostgres } from '../lti-tool/server/db/client';

const url = process.env.DATABASE_URL;
const restart = process.env.RESTART_CMD;
if (!url || !restart) throw new Error('set DATABASE_URL and RESTART_CMD');

const database = await openPostgres(url);
await database.db.execute(sql`create table if not exists restart_probe (n int primary key)`);
await database.db.execute(sql`truncate restart_probe`);
let next = 0;
const acked: number[] = [];
let unavailable = 0;
let other = 0;
const end = Date.now() + 12_000;
const writer = async () => {
  while (Date.now() < end) {
    const n = next++;
    try {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into restart_probe values (${n})`);
        await tx.execute(sql`select pg_sleep(0.005)`);
      });
      acked.push(n);
    } catch (err) {
      if (isDatabaseUnavailable(err)) unavailable++;
      else other++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
};
// Asynchronously, so the writers keep running while the server goes away and comes back.
setTimeout(() => exec(restart, (err) => err && console.error(`restart failed: ${err.message}`)), 4_000);
await Promise.all(Array.from({ length: 8 }, writer));
const { rows } = await database.db.execute<{ n: number }>(sql`select n from restart_probe`);
const stored = new Set(rows.map((row) => row.n));
const missing = acked.filter((n) => !stored.has(n)).length;
const result = { acknowledged: acked.length, stored: stored.size, missing, unavailable, otherErrors: other };
console.log(JSON.stringify(result));
await database.db.execute(sql`drop table restart_probe`);
await database.close();
process.exit(missing === 0 && other === 0 && stored.size === acked.length ? 0 : 1);
