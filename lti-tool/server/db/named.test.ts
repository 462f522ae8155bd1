import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db';
import { runNamed } from './named';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const STATEMENT = {
  name: 'named_test_v1',
  text: `select $1::text as word, $2::int + 1 as next, $3::text[] as list, $4::jsonb as doc, $5::timestamptz as at`,
};
const VALUES = ['词', 41, ['a', 'b'], JSON.stringify({ k: [1, 2] }), '2026-12-06T12:00:00.000Z'];

describe('named statements', () => {
  it('run with positional values and the driver’s parsing, twice on one connection', async () => {
    for (let i = 0; i < 2; i++) {
      const [row] = await runNamed<{ word: string; next: number; list: string[]; doc: unknown; at: Date }>(
        database.db,
        STATEMENT,
        VALUES,
      );
      expect(row).toMatchObject({ word: '词', next: 42, list: ['a', 'b'], doc: { k: [1, 2] } });
      expect(new Date(row!.at).toISOString()).toBe('2026-12-06T12:00:00.000Z');
    }
  });

  it('run inside a transaction through Drizzle, with the same values', async () => {
    const rows = await database.db.transaction((tx) => runNamed<{ word: string; next: number }>(tx, STATEMENT, VALUES));
    expect(rows[0]).toMatchObject({ word: '词', next: 42 });
  });
});
