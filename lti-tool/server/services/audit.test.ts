import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db';
import { expectDbError } from '../../../test/db/expect-db-error';
import { seedTeacher, type SeededTeacher } from '../../../test/db/seed';
import type { Db } from '../db/client';
import { SqlState } from '../db/errors';
import { abilitySelections, auditLog } from '../db/schema';
import { recordAudit, type AuditEntry } from './audit';

let database: TestDatabase;
let db: Db;
let world: SeededTeacher;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  world = await seedTeacher(db, 'audit');
});
afterAll(() => database.close());

const selectionAudit = (selectionId: string, after: unknown): AuditEntry => ({
  tenantId: world.tenantId,
  subjectPersonId: world.personId,
  actorPersonId: world.personId,
  actorLabel: '张老师',
  client: 'web',
  action: 'ability_selection.create',
  entityType: 'ability_selection',
  entityId: selectionId,
  after,
  requestId: 'req-1',
});

/** The change the audit entry describes, and the entry, in one transaction. */
async function selectAbility(code: string, fail: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const [selection] = await tx
      .insert(abilitySelections)
      .values({ tenantId: world.tenantId, enrolmentId: world.enrolmentId, abilityCode: code })
      .returning();
    await recordAudit(tx, selectionAudit(selection!.id, selection));
    if (fail) throw new Error('the request failed after the audit was written');
  });
}

describe('recordAudit', () => {
  it('commits with the change it records', async () => {
    await selectAbility('A6', false);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'ability_selection.create'));
    expect(entry).toMatchObject({
      tenantId: world.tenantId,
      subjectPersonId: world.personId,
      client: 'web',
      entityType: 'ability_selection',
      before: null,
      requestId: 'req-1',
    });
    // Dates inside before/after are stored as ISO strings, as JSON would carry them.
    expect((entry?.after as { abilityCode: string; selectedAt: string }).abilityCode).toBe('A6');
    expect(typeof (entry?.after as { selectedAt: unknown }).selectedAt).toBe('string');
  });

  it('rolls back with the change when the transaction fails', async () => {
    const before = await db.$count(auditLog);
    await expect(selectAbility('A1', true)).rejects.toThrow('the request failed');
    expect(await db.$count(auditLog)).toBe(before);
    expect(await db.$count(abilitySelections, eq(abilitySelections.abilityCode, 'A1'))).toBe(0);
  });

  it('validates the entry before writing', async () => {
    await expect(
      db.transaction((tx) => recordAudit(tx, { ...selectionAudit(world.personId, null), action: 'Changed stuff' })),
    ).rejects.toThrow('entity.verb');
  });
});

describe('audit_log is append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    expect(await db.$count(auditLog)).toBeGreaterThan(0);
    await expectDbError(db.update(auditLog).set({ action: 'x.y' }), SqlState.appendOnlyViolation);
    await expectDbError(db.delete(auditLog).where(eq(auditLog.tenantId, world.tenantId)), SqlState.appendOnlyViolation);
    await expectDbError(db.execute(sql`truncate audit_log`), SqlState.appendOnlyViolation);
    expect(await db.$count(auditLog)).toBeGreaterThan(0);
  });
});
