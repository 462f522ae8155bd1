import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db';
import { freeReader } from './free-reader';
import type { Db } from './types';

// A file import looks its next batch's teachers up beside its own transaction only where that cannot wait on the
// import itself: a node-postgres pool with a connection to lend now. PGlite (one connection) never lends one.
describe('freeReader', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('lends the pool while it has room, and nothing on PGlite', async () => {
    const onPostgres = inject('testDatabaseTemplate').kind === 'postgres';
    expect(freeReader(database.db) === database.db).toBe(onPostgres);
  });

  it('lends nothing while the pool is lent out entirely or someone waits for it', async () => {
    const pool = new pg.Pool({ max: 2 }); // never connects: its counts are set below
    const counts = (values: { totalCount: number; idleCount: number; waitingCount: number }) => {
      for (const [key, value] of Object.entries(values))
        Object.defineProperty(pool, key, { value, configurable: true });
    };
    const db = { $client: pool } as unknown as Db;
    expect(freeReader(db)).toBe(db); // room for new connections
    counts({ totalCount: 2, idleCount: 0, waitingCount: 0 });
    expect(freeReader(db)).toBeUndefined();
    counts({ totalCount: 2, idleCount: 1, waitingCount: 0 });
    expect(freeReader(db)).toBe(db);
    counts({ totalCount: 2, idleCount: 1, waitingCount: 1 });
    expect(freeReader(db)).toBeUndefined();
    await pool.end();
  });
});
