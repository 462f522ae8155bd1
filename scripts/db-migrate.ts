// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded PGlite database under
// DATA_DIR (default ./data), and says what it did. The tool also migrates on start-up; this is for operators.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../lti-tool/server/db/client';
import { migrate } from '../lti-tool/server/db/migrate';

async function main(): Promise<void> {
  // Like the server (main.ts): a local .env fills in what the environment leaves unset.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = resolve(process.env.DATA_DIR || './data');
  const database = await openDatabase({ databaseUrl, dataDir });
  const target = database.kind === 'pglite' ? `PGlite in ${dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)';
  console.log(`Migrating ${target}`);
  try {
    const applied = await migrate(database.db, {
      onApplied: (name, ms) => console.log(`  applied ${name} (${ms} ms)`),
    });
    console.log(applied.length === 0 ? 'Up to date: nothing to apply.' : `Applied ${applied.length} migration(s).`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(`Migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
