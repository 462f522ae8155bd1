import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseCompletions } from '../../lti-tool/server/db/schema';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import type { Actor } from '../../lti-tool/server/services/actor';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { institutionPerformance } from '../../lti-tool/server/services/schools/institutions';
import { overview } from '../../lti-tool/server/services/schools/overview';
import { oversightScope } from '../../lti-tool/server/services/schools/scope';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { createBlobStore } from '../../lti-tool/server/storage';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { testTempDir } from '../helpers/temp-dir';

/** Institution performance: the status rows grouped by the provider of the courses each teacher completed. */
let database: TestDatabase;
let demo: DemoWorld;
let actor: Actor;
let other: Actor;
beforeAll(async () => {
  database = await createTestDatabase();
  const tenantId = await ensureTenant(database.db, 'institutions', '示范培训机构');
  const otherTenant = await ensureTenant(database.db, 'elsewhere', '另一机构');
  const storage = createBlobStore({ dataDir: await testTempDir('inst-') });
  demo = await seedDemo(database.db, { tenantId, storage });
  await seedDemo(database.db, { tenantId: otherTenant, storage });
  await backfillTeacherStatus(database.db);
  await upsertCourseMappings(database.db, tenantId, [
    { courseRef: 'PROV-A1', title: 'A1 课程', provider: '某师范大学', abilities: [{ abilityCode: 'A1', hours: 5 }] },
  ]);
  await database.db.insert(courseCompletions).values(
    demo.teachers.slice(0, 4).map((t, i) => ({
      tenantId,
      enrolmentId: t.enrolmentId,
      courseRef: 'PROV-A1',
      courseTitle: 'A1 课程',
      abilityCode: 'A1',
      hours: '5',
      completedAt: new Date(),
      sourceKind: 'manual' as const,
      sourceId: 'test',
      externalId: `x-${i}`,
    })),
  );
  const admin = (t: string): Actor => ({
    tenantId: t,
    personId: null,
    roles: ['institution_admin'],
    label: 'test',
    client: 'system',
    requestId: null,
  });
  actor = admin(tenantId);
  other = admin(otherTenant);
});
afterAll(() => database.close());

describe('institution performance', () => {
  it('attributes teachers to the provider of their mapped courses, the rest to the tenant, from the status rows', async () => {
    const scope = await oversightScope(database.db, actor, demo.programmeInstanceId);
    const { institutions } = await institutionPerformance(database.db, scope);
    expect(institutions.map((i) => [i.kind, i.name, i.teachers])).toEqual([
      ['tenant', '示范培训机构', demo.teachers.length - 4],
      ['provider', '某师范大学', 4],
    ]);
    const total = (await overview(database.db, scope)).total;
    expect(institutions.reduce((n, i) => n + i.abilitiesGraded, 0)).toBe(total.abilitiesGraded);
    expect(institutions.reduce((n, i) => n + i.complete, 0)).toBe(
      total.states.ready_to_certify + total.states.certified,
    );
    for (const i of institutions) {
      expect(i.passRate).toBe(
        i.abilitiesGraded === 0 ? 0 : Math.round((i.abilitiesPassed / i.abilitiesGraded) * 1000) / 10,
      );
    }
  });

  it("another tenant's admin sees only its own tenant's teachers", async () => {
    const scope = await oversightScope(database.db, other, null);
    const { institutions } = await institutionPerformance(database.db, scope);
    expect(institutions.map((i) => [i.kind, i.name])).toEqual([['tenant', '另一机构']]);
  });
});
