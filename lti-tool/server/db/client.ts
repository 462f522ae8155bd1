import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pgliteDatabase, postgresDatabase } from './drivers';
import type { Database } from './types';

export type { Database, DatabaseKind, Db, DbTransaction } from './types';

export interface OpenDatabaseOptions {
  /** A PostgreSQL server. Without it the embedded PGlite database under `dataDir` is used. */
  databaseUrl?: string;
  /** The tool's data folder; PGlite keeps its files in `${dataDir}/pglite`. */
  dataDir: string;
  /** node-postgres pool size (default 10). */
  poolSize?: number;
}

/** Opens the tool's database: node-postgres when `databaseUrl` is set, otherwise embedded PGlite. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize);
  return openPglite(join(options.dataDir, 'pglite'));
}

/** PGlite persisted in `directory` (created if missing). */
export async function openPglite(directory: string): Promise<Database> {
  await mkdir(directory, { recursive: true });
  return pgliteDatabase(await PGlite.create(directory));
}

/** A node-postgres pool; fails fast (and closes the pool) when the server cannot be reached. */
export async function openPostgres(connectionString: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would kill the process.
  // The pool replaces the client, and a dead server still shows up in ping() and in query errors.
  pool.on('error', (err) => console.warn(`database: idle connection lost: ${err.message}`));
  const database = postgresDatabase(pool);
  try {
    await database.ping();
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
