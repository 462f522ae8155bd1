// kill -9 of the tool process in the middle of writes, then a restart: nothing acknowledged may be missing, nothing
// half-written, the grade outbox resumes. Each scenario runs the real server (lti-tool/server/main.ts) as a child
// process on a fresh PostgreSQL database, drives it over HTTP as its clients do, sends SIGKILL once some writes are
// acknowledged and others are in flight, starts a new process on the same database and data folder, lets the
// clients retry what was not acknowledged (same idempotency keys, as the extension's outbox and a platform's
// server do), and checks the database.
// Usage: DATABASE_URL=postgres://… npx tsx scripts/reliability-kill9.ts [import|import-job|clips|grades|upload …] (default all)
// Prints one JSON line per scenario; exit 1 when a check fails.
import { bulkImport } from './reliability-kill9/import';
import { importJob } from './reliability-kill9/import-job';
import { clipBurst } from './reliability-kill9/clips';
import { gradeDelivery } from './reliability-kill9/grades';
import { uploads } from './reliability-kill9/uploads';
import type { Result } from './reliability-kill9/harness';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl?.startsWith('postgres')) {
  console.error('reliability-kill9: set DATABASE_URL to a PostgreSQL server');
  process.exit(2);
}

const scenarios: Record<string, (serverUrl: string) => Promise<Result>> = {
  import: bulkImport,
  'import-job': importJob,
  clips: clipBurst,
  grades: gradeDelivery,
  upload: uploads,
};
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
let failed = false;
for (const name of chosen) {
  const run = scenarios[name];
  if (!run) {
    console.error(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  const result = await run(serverUrl);
  console.log(JSON.stringify(result));
  if (!result.ok) failed = true;
}
process.exit(failed ? 1 : 0);
