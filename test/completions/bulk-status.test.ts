import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolments, teacherStatus } from '../../lti-tool/server/db/schema';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { refreshTeacherStatus, refreshTeacherStatuses } from '../../lti-tool/server/services/teacher-status/refresh';
import { createBlobStore } from '../../lti-tool/server/storage';
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
});
