import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

export type Schema = typeof schema;

/**
 * What both drivers' raw results have in common: `rows`. Typing the database with this instead of a driver's
 * own result type lets `db.execute<Row>(sql…)` return typed rows on PGlite and node-postgres alike.
 */
export interface RowsQueryResultHKT extends PgQueryResultHKT {
  type: RowsResult<this['row']>;
}

export interface RowsResult<Row> {
  rows: Row[];
}

/** The Drizzle database, whichever driver is underneath. Services take this (or a transaction, which is one). */
export type Db = PgDatabase<RowsQueryResultHKT, Schema>;

/** A transaction, as passed to `db.transaction(async (tx) => …)`. */
export type DbTransaction = PgTransaction<RowsQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseKind = 'pglite' | 'postgres';

/** An open database: the Drizzle instance plus what the process needs to manage it. */
export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** A round trip to the server (or the embedded engine); rejects when it cannot answer. */
  ping(): Promise<void>;
  /** Releases the pool or shuts PGlite down (flushing it to disk). Safe to call twice. */
  close(): Promise<void>;
}
