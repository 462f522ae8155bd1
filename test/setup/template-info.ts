// What vitest's globalSetup (global-db.ts) hands to test workers, and small helpers both sides share.

/** A migrated template database, prepared once per test run. */
export type TestDatabaseTemplate = (
  | {
      kind: 'pglite';
      /** `dumpDataDir()` tarballs: an initialised empty cluster and the same after all migrations. */
      emptyTarball: string;
      migratedTarball: string;
    }
  | {
      kind: 'postgres';
      /** DATABASE_URL: the server where per-file databases are created. */
      serverUrl: string;
      /** A migrated database that `CREATE DATABASE … TEMPLATE` copies. */
      templateName: string;
      /** Every database of this run starts with it, so teardown can drop leftovers of crashed workers. */
      namePrefix: string;
    }
) & {
  /** A folder of this run that workers share: the demo database seeded once (test/helpers/demo-db.ts). */
  runDir: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseTemplate: TestDatabaseTemplate;
  }
}

/** The same server URL pointing at another database. */
export function urlForDatabase(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(databaseName)}`;
  return url.toString();
}

/** Database names here are generated ([a-z0-9_]), but quote them anyway. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
