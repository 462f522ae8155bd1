import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, seedPgliteDirectory } from '../../../test/helpers/db';
import { openDatabase, openPostgres } from './client';
import { DataDirLockedError } from './data-dir-lock';

// openDatabase as the server uses it: the PGlite case opens a real data directory twice. The directory is filled from
// the suite's migrated template first, so neither open runs initdb (a first run on a new machine does; that is
// `npm start`'s own path); everything else uses test/helpers/db.ts.

describe('openDatabase', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lti-data-'));
    await seedPgliteDirectory(join(dataDir, 'pglite'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('persists the embedded PGlite database under dataDir/pglite', async () => {
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    // A second open of the same directory while the first holds it is refused, before PGlite touches the files.
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    await first.db.execute(sql`create table kept (value text)`);
    await first.db.transaction(async (tx) => {
      await tx.execute(sql`insert into kept values ('committed')`);
    });
    await expect(
      first.db.transaction(async (tx) => {
        await tx.execute(sql`insert into kept values ('rolled back')`);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await first.close();
    await first.close(); // closing twice is harmless

    const reopened = await openDatabase({ dataDir });
    try {
      const { rows } = await reopened.db.execute<{ value: string }>(sql`select value from kept`);
      expect(rows).toEqual([{ value: 'committed' }]);
      await expect(reopened.ping()).resolves.toBeUndefined();
    } finally {
      await reopened.close();
    }
  });

  it('chooses node-postgres, not PGlite, when a DATABASE_URL is given', async () => {
    const otherDir = join(dataDir, 'not-used');
    const error = await openDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', dataDir: otherDir }).catch(
      (err: unknown) => err,
    );
    // Drizzle wraps the driver's error; underneath is node-postgres failing to connect.
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    await expect(readdir(otherDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('gives the test suite the engine it asked for', async () => {
    const database = await createTestDatabase();
    try {
      expect(database.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
      await expect(database.ping()).resolves.toBeUndefined();
    } finally {
      await database.close();
    }
  });

  it('fails fast, without leaking a pool, when the server is unreachable', async () => {
    await expect(openPostgres('postgres://nobody@127.0.0.1:1/none')).rejects.toThrow();
  });
});
