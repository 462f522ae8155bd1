import pg from 'pg';
import type { Db } from './types';

/**
 * `db` itself when it is a node-postgres pool that can lend a connection now (one idle, or room for a new one, and
 * nobody waiting): for a read of committed rows beside a long transaction of the same process (a file import's next
 * batch's teachers, looked up while the server writes the current batch on the import's connection). Otherwise
 * undefined, and the caller reads on its own connection: PGlite has one connection, and a pool lent out entirely
 * must not be asked for more by a transaction that holds one of its connections.
 */
export function freeReader(db: Db): Db | undefined {
  const pool = (db as unknown as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool) || pool.waitingCount > 0) return undefined;
  return pool.idleCount > 0 || pool.totalCount < (pool.options.max ?? 10) ? db : undefined;
}
