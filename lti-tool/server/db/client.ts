import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock';
import { pgliteDatabase, postgresDatabase } from './drivers';
import { PgliteWorkerClient } from './pglite-bridge';
import type { Database } from './types';

export type { Database, DatabaseKind, Db, DbTransaction } from './types';

export interface OpenDatabaseOptions {
  /** A PostgreSQL server. Without it the embedded PGlite database under `dataDir` is used. */
  databaseUrl?: string;
  /** The tool's data folder; PGlite keeps its files in `${dataDir}/pglite`. */
  dataDir: string;
  /** node-postgres pool size (default 10). */
  poolSize?: number;
  /**
   * Where embedded PGlite runs: `main`, this thread (default), or `worker`, a worker thread, so a long statement
   * does not stop this thread answering HTTP meanwhile.
   */
  pgliteThread?: PgliteThread;
  /** With `pgliteThread: 'worker'`: told if the thread stops without being closed (the database is gone). */
  onPgliteWorkerDeath?: (err: Error) => void;
}

export type PgliteThread = 'main' | 'worker';

/** Opens the tool's database: node-postgres when `databaseUrl` is set, otherwise embedded PGlite. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize);
  return openPglite(join(options.dataDir, 'pglite'), options.pgliteThread, options.onPgliteWorkerDeath);
}

/**
 * PGlite persisted in `directory` (created if missing). One process owns it: the lock `${directory}.lock` is taken
 * first (DataDirLockedError when a live process holds it) and released on close.
 */
export async function openPglite(
  directory: string,
  thread: PgliteThread = 'main',
  onWorkerDeath?: (err: Error) => void,
): Promise<Database> {
  await mkdir(directory, { recursive: true });
  // Taken here, in the thread that serves, whichever thread runs PGlite: the lock records this process.
  const release = await acquireDataDirLock(`${directory}.lock`);
  try {
    const client =
      thread === 'worker' ? await PgliteWorkerClient.create(directory, onWorkerDeath) : await PGlite.create(directory);
    const database = pgliteDatabase(client);
    const close = database.close;
    return { ...database, close: () => close().finally(release) };
  } catch (err) {
    await release();
    throw err;
  }
}

/** A node-postgres pool; fails fast (and closes the pool) when the server cannot be reached. */
export async function openPostgres(connectionString: string, poolSize = 10): Promise<Database> {
  // A connect timeout so requests fail fast (503) while the server is away instead of queueing for ever.
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would kill the process.
  // The pool replaces the client, and a dead server still shows up in ping() and in query errors.
  pool.on('error', (err) => console.warn(`database: idle connection lost: ${err.message}`));
  // A checked-out client (e.g. inside a transaction) emits 'error' on itself when its connection dies; the pool's
  // listener is detached while it is lent out. The query in flight is rejected anyway (→ 503) and the pool drops
  // the broken client on release, so logging is all that is left to do.
  pool.on('connect', (client) => {
    client.on('error', (err) => console.warn(`database: connection lost: ${err.message}`));
  });
  const database = postgresDatabase(pool);
  try {
    await database.ping();
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
