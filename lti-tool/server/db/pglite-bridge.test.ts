import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messages, TransactionAbortedError, types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPgliteDirectory } from '../../../test/helpers/db';
import { startToolServer } from '../../../test/helpers/tool-server';
import { isDatabaseUnavailable } from './availability';
import { copyLine, copyRows } from './bulk-copy';
import { openDatabase, type Database } from './client';
import { DataDirLockedError } from './data-dir-lock';
import { databaseError, SqlState } from './errors';
import { migrate } from './migrate';
import { PgliteWorkerClient } from './pglite-bridge';

// PGlite in a worker thread (pglite-bridge.ts), as `npm start` opens it: a real data directory, through Drizzle
// where the app goes through Drizzle and through the raw client where the bridge itself is the subject. The
// directory is seeded from the suite's migrated template (on a PostgreSQL run it starts empty and migrate fills it).

let dataDir: string;
let database: Database;
let client: PgliteWorkerClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pglite-worker-'));
  await seedPgliteDirectory(join(dataDir, 'pglite'));
  database = await openDatabase({ dataDir, pgliteThread: 'worker' });
  await migrate(database.db);
  client = (database.db as unknown as { $client: PgliteWorkerClient }).$client;
  await database.db.execute(sql`create table bridge_items (id int primary key, label text not null, at timestamptz)`);
});
afterAll(async () => {
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('PGlite in a worker thread', () => {
  it('is the client behind the Drizzle database, and holds the data directory lock', async () => {
    expect(client).toBeInstanceOf(PgliteWorkerClient);
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
  });

  it('passes parameters and results across as in-process PGlite types them', async () => {
    const at = new Date('2026-03-01T08:30:00.123Z');
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const { rows } = await client.query<Record<string, unknown>>(
      `select $1::timestamptz as at, $2::int8 as big, $3::bytea as bytes, $4::jsonb as doc, $5::text[] as tags,
              $6::int as nothing, $7::numeric as amount, $8::bool as yes`,
      [at, 9007199254740993n, bytes, { 名: '张老师', hours: [1.5, 2] }, ['a', '乙', 'c"d'], null, '12.50', true],
    );
    expect(rows[0]).toEqual({
      at,
      big: 9007199254740993n,
      bytes,
      doc: { 名: '张老师', hours: [1.5, 2] },
      tags: ['a', '乙', 'c"d'],
      nothing: null,
      amount: '12.50',
      yes: true,
    });
    // A Node Buffer is a Uint8Array: it arrives as one and is stored as the same bytes.
    const buffer = await client.query<{ hex: string }>(`select encode($1::bytea, 'hex') as hex`, [Buffer.from('hi')]);
    expect(buffer.rows[0]?.hex).toBe('6869');
  });

  it("runs the caller's parsers on this thread, on the values PostgreSQL sent as text", async () => {
    const seen: string[] = [];
    const { rows } = await client.query<unknown[]>(`select 41::int4 + 1, null::int4, 'x'::text`, [], {
      rowMode: 'array',
      parsers: { [types.INT4]: (text: string) => (seen.push(text), `int4:${text}`) },
    });
    expect(rows).toEqual([['int4:42', null, 'x']]);
    expect(seen).toEqual(['42']); // not called for NULL
    // Drizzle's own parsers keep timestamps as PostgreSQL writes them.
    const drizzled = await database.db.execute<{ at: unknown }>(
      sql`select '2026-03-01 08:30:00+00'::timestamptz as at`,
    );
    expect(drizzled.rows[0]?.at).toBe('2026-03-01 08:30:00+00');
  });

  it('refuses a parameter structured clone would change, instead of writing something else', async () => {
    class Hours {
      toString() {
        return '3';
      }
    }
    await expect(client.query('select $1::text', [new Hours()])).rejects.toThrow(/Hours instance cannot cross/);
  });

  it('commits a transaction, rolls one back when it throws, and rolls back a savepoint alone', async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into bridge_items (id, label) values (1, 'committed')`);
    });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into bridge_items (id, label) values (2, 'rolled back')`);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into bridge_items (id, label) values (3, 'outer')`);
      await expect(
        tx.transaction(async (inner) => {
          await inner.execute(sql`insert into bridge_items (id, label) values (4, 'inner')`);
          throw new Error('inner abort');
        }),
      ).rejects.toThrow('inner abort');
    });
    const { rows } = await database.db.execute<{ id: number }>(sql`select id from bridge_items order by id`);
    expect(rows.map((row) => row.id)).toEqual([1, 3]);
  });

  it('makes other statements wait while a transaction holds the database, as in-process', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const begun = new Promise<void>((resolve) => (started = resolve));
    const transaction = client.transaction(async (tx) => {
      await tx.query(`insert into bridge_items (id, label) values (5, 'in transaction')`);
      started();
      await held;
      // The outside statement reached the worker before this one, yet it waits until the transaction ends.
      await tx.query(`select 1`);
      order.push('transaction');
    });
    await begun;
    const outside = client.query<{ n: number }>(`select count(*)::int as n from bridge_items`).then((result) => {
      order.push('outside');
      return result.rows[0]?.n;
    });
    release();
    await transaction;
    expect(await outside).toBe(3);
    expect(order).toEqual(['transaction', 'outside']);
  });

  it('rebuilds PostgreSQL errors with their SQLSTATE, constraint and class, through Drizzle too', async () => {
    const raw = await client.query(`insert into bridge_items (id, label) values (1, 'again')`).catch((err) => err);
    expect(raw).toBeInstanceOf(messages.DatabaseError);
    expect(raw).toMatchObject({
      code: SqlState.uniqueViolation,
      constraint: 'bridge_items_pkey',
      table: 'bridge_items',
    });
    expect((raw as { query?: string }).query).toContain('insert into bridge_items');

    const drizzled = await database.db
      .execute(sql`insert into bridge_items (id, label) values (${6}, ${null})`)
      .catch((err: unknown) => err);
    expect(databaseError(drizzled)?.code).toBe(SqlState.notNullViolation);

    // A statement that fails inside a transaction aborts it; PGlite then turns COMMIT into a rollback.
    const aborted = await client
      .transaction(async (tx) => {
        await tx.query(`select 1/0`).catch(() => undefined);
      })
      .catch((err: unknown) => err);
    expect(aborted).toBeInstanceOf(TransactionAbortedError);
    expect(databaseError(aborted)?.code).toBe('25P02');
  });

  it('bulk-loads rows with COPY from a blob inside a transaction', async () => {
    await database.db.execute(sql`create table bridge_copy (n int, note text)`);
    function* lines() {
      for (let n = 0; n < 5_000; n++) yield copyLine([n, n % 2 ? 'tab\there' : 'line\nbreak']);
    }
    await database.db.transaction((tx) => copyRows(tx, 'bridge_copy', ['n', 'note'], lines()));
    const { rows } = await database.db.execute<{ count: number; sum: number; notes: string[] }>(
      sql`select count(*)::int as count, sum(n)::int as sum, array_agg(distinct note order by note) as notes
            from bridge_copy`,
    );
    expect(rows[0]).toEqual({ count: 5_000, sum: (4_999 * 5_000) / 2, notes: ['line\nbreak', 'tab\there'] });
  });

  it('answers /healthz while the worker is busy with a long statement', async () => {
    const server = await startToolServer({ database: { ...database, close: async () => undefined } });
    const release = join(dataDir, 'pglite', 'release-long-query');
    try {
      const events: string[] = [];
      // A statement that runs until this test lets it end (it polls for a file in the data directory), so the
      // order below cannot depend on how fast the machine is.
      const long = client
        .exec(
          `do $$ begin
             loop
               exit when (pg_stat_file('release-long-query', true)).size is not null;
               perform pg_sleep(0.02);
             end loop;
           end $$`,
        )
        .then(() => events.push('long statement ended'));
      const health = await fetch(`${server.url}/healthz`);
      events.push('healthz answered');
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { kind: 'pglite', ok: true } });
      await writeFile(release, '');
      await long;
      expect(events).toEqual(['healthz answered', 'long statement ended']);
    } finally {
      await writeFile(release, '');
      await server.close();
    }
  });

  it('closes: data persists, later calls fail clearly, a second close is harmless', async () => {
    await database.close();
    expect(client.closed).toBe(true);
    await expect(client.query('select 1')).rejects.toThrow(/closed/);
    await database.close();
    const reopened = await openDatabase({ dataDir, pgliteThread: 'worker' });
    try {
      const { rows } = await reopened.db.execute<{ n: number }>(sql`select count(*)::int as n from bridge_items`);
      expect(rows[0]?.n).toBe(3);
    } finally {
      await reopened.close();
    }
  });
});

describe('a PGlite worker thread that dies', () => {
  it('fails what is in flight and what comes after as "database unavailable" (503), and says so once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pglite-worker-death-'));
    const deaths: Error[] = [];
    const dying = await PgliteWorkerClient.create(dir, (err) => deaths.push(err));
    try {
      expect((await dying.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
      const inFlight = dying.query('select pg_sleep(30)');
      await dying.terminate();
      const err = await inFlight.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(err)).toBe(true);
      const after = await dying.query('select 1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(after)).toBe(true);
      expect(deaths).toHaveLength(1);
      expect(deaths[0]!.message).toMatch(/PGlite 工作线程已停止/);
      await dying.close(); // closing a dead client is harmless
      expect(deaths).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
