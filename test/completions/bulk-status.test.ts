import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolments, programmeInstances, teacherStatus } from '../../lti-tool/server/db/schema';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { refreshTeacherStatus, refreshTeacherStatuses } from '../../lti-tool/server/services/teacher-status/refresh';
import { createBlobStore } from '../../lti-tool/server/storage';
import type { Db } from '../../lti-tool/server/db/client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { testTempDir } from '../helpers/temp-dir';

// A bulk import refreshes thousands of teachers' rows at once: the bulk refresh must store exactly what the
// per-teacher refresh stores, on the seeded demo county (selections, submissions, grades, returns, county review,
// credits).
let database: TestDatabase;
let demo: DemoWorld;
beforeAll(async () => {
  database = await createTestDatabase();
  const tenantId = await ensureTenant(database.db, 'bulk-status', '批量');
  const dataDir = await testTempDir('bulk-status-');
  demo = await seedDemo(database.db, { tenantId, storage: createBlobStore({ dataDir }) });
});
afterAll(() => database.close());

describe('refreshTeacherStatuses', () => {
  it('stores for every enrolment the row the per-teacher refresh stores', async () => {
    const db = database.db;
    const now = new Date('2026-03-01T00:00:00Z');
    const ids = (
      await db
        .select({ id: enrolments.id })
        .from(enrolments)
        .where(eq(enrolments.programmeInstanceId, demo.programmeInstanceId))
    ).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) await refreshTeacherStatus(db, id, { now });
    const single = await db.select().from(teacherStatus).orderBy(teacherStatus.enrolmentId);
    // Some teachers have done work (the comparison must not be between empty rows only).
    expect(single.some((r) => r.abilitiesSubmitted > 0)).toBe(true);
    expect(single.some((r) => r.onlineMinutes > 0)).toBe(true);
    const later = new Date('2026-03-02T00:00:00Z');
    await db.transaction((tx) => refreshTeacherStatuses(tx, ids, { now: later }));
    const bulk = await db.select().from(teacherStatus).orderBy(teacherStatus.enrolmentId);
    expect(bulk.map((r) => ({ ...r, computedAt: now, lastActivityAt: now }))).toEqual(single);
    expect(bulk.every((r) => r.computedAt.getTime() === later.getTime())).toBe(true);
    // The first day a teacher showed complete is kept, as the per-teacher refresh keeps it.
    expect(bulk.map((r) => r.completedAt)).toEqual(single.map((r) => r.completedAt));
  });

  it('writes, in one call, the rows of the per-teacher refresh for teachers with different figures', async () => {
    const db = database.db;
    const ids = (
      await db
        .select({ id: enrolments.id })
        .from(enrolments)
        .where(eq(enrolments.programmeInstanceId, demo.programmeInstanceId))
        .orderBy(enrolments.id)
    ).map((r) => r.id);
    // Lighter requirements, so that the teachers with a passed ability are complete.
    const [instance] = await db
      .select()
      .from(programmeInstances)
      .where(eq(programmeInstances.id, demo.programmeInstanceId));
    const overrides = {
      'hours.totalMin': 0,
      'hours.practiceShareMinPercent': null,
      'selection.minAbilities': 1,
      'selection.minDimensions': 1,
    };
    await db
      .update(programmeInstances)
      .set({ parameterOverrides: { ...instance!.parameterOverrides, ...overrides } })
      .where(eq(programmeInstances.id, demo.programmeInstanceId));
    const earlier = new Date('2026-03-01T00:00:00Z');
    for (const id of ids) await refreshTeacherStatus(db, id, { now: earlier });
    const before = await db.select().from(teacherStatus).orderBy(teacherStatus.enrolmentId);
    // Several distinct figure sets, and a teacher the rows already show complete since the earlier day.
    const shapes = new Set(
      before.map(({ state, onlineMinutes, missing, countedAbilities }) =>
        JSON.stringify([state, onlineMinutes, missing, countedAbilities]),
      ),
    );
    expect(shapes.size).toBeGreaterThan(2);
    const completeBefore = before.filter((r) => r.completedAt !== null);
    expect(completeBefore.length).toBeGreaterThan(1);
    const later = new Date('2026-03-02T00:00:00Z');
    // A complete teacher without a row yet: inserted rather than updated, complete from now.
    const missingRow = completeBefore[0]!.enrolmentId;
    for (const activity of [false, true]) {
      // Each way from the same rows, rolled back: the per-teacher refresh of every teacher, then the bulk one.
      const rowsAfter = (refresh: (tx: Db) => Promise<unknown>) =>
        db
          .transaction(async (tx) => {
            await tx.delete(teacherStatus).where(inArray(teacherStatus.enrolmentId, [missingRow]));
            await refresh(tx);
            const rows = await tx.select().from(teacherStatus).orderBy(teacherStatus.enrolmentId);
            throw new Rows(rows);
          })
          .catch((e: unknown) => {
            if (e instanceof Rows) return e.rows;
            throw e;
          });
      const single = await rowsAfter(async (tx) => {
        for (const id of ids) await refreshTeacherStatus(tx, id, { now: later, activity });
      });
      const bulk = await rowsAfter((tx) => refreshTeacherStatuses(tx, ids, { now: later, activity }));
      expect(bulk).toEqual(single);
      expect(bulk.every((r) => r.computedAt.getTime() === later.getTime())).toBe(true);
      // Complete before and still complete: the first day is kept.
      const kept = bulk.filter(
        (r) => r.enrolmentId !== missingRow && completeBefore.some((b) => b.enrolmentId === r.enrolmentId),
      );
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.every((r) => r.completedAt!.getTime() === earlier.getTime())).toBe(true);
      const others = bulk.filter((r) => r.enrolmentId !== missingRow);
      expect(others.every((r) => r.lastActivityAt!.getTime() === (activity ? later : earlier).getTime())).toBe(true);
      const inserted = bulk.find((r) => r.enrolmentId === missingRow)!;
      expect(inserted.lastActivityAt).toEqual(activity ? later : null);
      expect(inserted.completedAt).toEqual(later);
    }
  });
});

class Rows {
  constructor(readonly rows: (typeof teacherStatus.$inferSelect)[]) {}
}
