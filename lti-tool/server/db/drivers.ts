import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { Pool } from 'pg';
import * as schema from './schema';
import type { Database, Db } from './types';

// Both drivers produce a Drizzle PgDatabase; from here on, one code path serves both.

/**
 * What the app asks of PGlite: PGlite itself in this thread, or PgliteWorkerClient (pglite-bridge.ts), which answers
 * the same calls from a worker thread and has its own ping (it must not queue behind a long statement).
 */
export type PgliteClient = Pick<PGlite, 'query' | 'exec' | 'transaction' | 'close' | 'closed'> & {
  ping?(): Promise<void>;
};

export function pgliteDatabase(client: PgliteClient): Database {
  // Drizzle's driver calls only query() and transaction() (and the tx object's query()), which both clients have.
  const db: Db = drizzlePglite({ client: client as PGlite, schema });
  return {
    db,
    kind: 'pglite',
    ping: () => (client.ping ? client.ping() : ping(db)),
    close: once(async () => {
      if (!client.closed) await client.close();
    }),
  };
}

export function postgresDatabase(pool: Pool): Database {
  const db: Db = drizzleNodePg({ client: pool, schema });
  return {
    db,
    kind: 'postgres',
    ping: () => ping(db),
    close: once(() => pool.end()),
  };
}

async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
