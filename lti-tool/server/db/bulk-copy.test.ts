import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db';
import { ensureTenant } from '../services/platform-admin';
import { copyInsert, copyLine, copyRowsAhead, settleCopies } from './bulk-copy';
import { organisations, toolKeys } from './schema';

let database: TestDatabase;
let tenantId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = await ensureTenant(database.db, 'bulk-copy', '批量');
});
afterAll(() => database.close());

describe('copyInsert', () => {
  it('reads back what it wrote: jsonb, text arrays and timestamps as Drizzle maps them, escapes, nulls, defaults', async () => {
    const awkward = 'tab\there, line\nbreak, back\\slash, "quoted", 中文';
    const at = new Date('2026-12-06T08:30:15.123Z');
    const keys = [
      {
        kid: 'k1',
        status: 'current' as const,
        publicJwk: { n: awkward, e: ['AQAB'] },
        privateKeySealed: {},
        activatedAt: at,
      },
      {
        kid: 'k2',
        status: 'next' as const,
        publicJwk: { nested: { x: null } },
        privateKeySealed: { v: 1 },
        activatedAt: null,
      },
    ];
    const ids = [randomUUID(), randomUUID()];
    await database.db.transaction(async (tx) => {
      await copyInsert(tx, toolKeys, keys);
      await copyInsert(tx, organisations, [
        { id: ids[0]!, tenantId, kind: 'county', name: awkward, abilityShortlist: null },
        {
          id: ids[1]!,
          tenantId,
          parentId: ids[0]!,
          kind: 'school',
          name: '学校',
          abilityShortlist: ['A1', awkward, 'C2'],
        },
      ]);
    });
    const stored = await database.db.select().from(toolKeys).orderBy(asc(toolKeys.kid));
    expect(
      stored.map(({ kid, status, publicJwk, privateKeySealed, activatedAt }) => ({
        kid,
        status,
        publicJwk,
        privateKeySealed,
        activatedAt,
      })),
    ).toEqual(keys);
    expect(stored.every((k) => k.createdAt instanceof Date && k.retiredAt === null)).toBe(true);
    const [county] = await database.db.select().from(organisations).where(eq(organisations.id, ids[0]!));
    expect(county).toMatchObject({ name: awkward, parentId: null, abilityShortlist: null });
    const [school] = await database.db.select().from(organisations).where(eq(organisations.id, ids[1]!));
    expect(school).toMatchObject({ parentId: ids[0], abilityShortlist: ['A1', awkward, 'C2'] });
  });

  it('refuses a key the table has no column for, rather than dropping the value', async () => {
    await expect(
      database.db.transaction((tx) =>
        copyInsert(tx, toolKeys, [
          { kid: 'k3', status: 'retired', publicJwk: {}, privateKeySealed: {}, colour: 'red' } as never,
        ]),
      ),
    ).rejects.toThrow(/tool_keys has no column for "colour"/);
  });
});

describe('copyRowsAhead', () => {
  const columns = ['id', 'tenant_id', 'kind', 'name', 'parent_id'];
  it('runs the COPYs in the order they were started, before the statements that follow them', async () => {
    const county = randomUUID();
    const schools = [randomUUID(), randomUUID()];
    const found = await database.db.transaction(async (tx) => {
      await copyRowsAhead(tx, 'organisations', columns, [copyLine([county, tenantId, 'county', '先县', null])]);
      // Its parent is only in the COPY started before it.
      await copyRowsAhead(
        tx,
        'organisations',
        columns,
        schools.map((id, i) => copyLine([id, tenantId, 'school', `学校 ${i}`, county])),
      );
      await settleCopies(tx);
      return tx.select().from(organisations).where(eq(organisations.parentId, county));
    });
    expect(found.map((o) => o.id).sort()).toEqual([...schools].sort());
  });

  it("throws a failed COPY's own error when settled, and the transaction rolls back", async () => {
    const id = randomUUID();
    await expect(
      database.db.transaction(async (tx) => {
        await copyRowsAhead(tx, 'organisations', columns, [copyLine([id, tenantId, 'county', '重复', null])]);
        await copyRowsAhead(tx, 'organisations', columns, [copyLine([id, tenantId, 'county', '重复', null])]);
        await settleCopies(tx);
      }),
    ).rejects.toThrow(/duplicate key|unique/i);
    expect(await database.db.select().from(organisations).where(eq(organisations.id, id))).toEqual([]);
  });
});
