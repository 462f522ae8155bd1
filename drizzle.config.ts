import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` diffs the schema against the last snapshot and writes a SQL migration.
// Migrations are applied by our own migrator (lti-tool/server/db/migrate.ts), not by drizzle-kit.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lti-tool/server/db/schema/index.ts',
  out: './lti-tool/server/db/migrations',
  breakpoints: true,
  strict: true,
  verbose: true,
});
