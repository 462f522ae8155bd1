import { tmpdir } from 'node:os';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolments, organisations, people, programmeInstances, teacherStatus } from '../../lti-tool/server/db/schema';
import type { DemoWorld } from '../../lti-tool/server/demo/seed';
import { seedDemoCounty } from '../../lti-tool/server/demo/seed-county';
import { seedDemoOversight } from '../../lti-tool/server/demo/seed-oversight';
import type { Actor } from '../../lti-tool/server/services/actor';
import { incentivesOf } from '../../lti-tool/server/services/incentives/list';
import { overview } from '../../lti-tool/server/services/schools/overview';
import { oversightScope } from '../../lti-tool/server/services/schools/scope';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { statusFigures } from '../../lti-tool/server/services/teacher-status/row';
import { teacherStatus as evaluate } from '../../lti-tool/server/services/teacher-journey/records';
import { createBlobStore } from '../../lti-tool/server/storage';
import type { TestDatabase } from '../helpers/db';
import { createDemoDatabase } from '../helpers/demo-db';
import { testTempDir } from '../helpers/temp-dir';

/** The demo's large county: big enough to look real, and every stored figure is the engine's on its records. */
let database: TestDatabase;
let demo: DemoWorld;
let actor: Actor;
let seeded: { schools: number; teachers: number };
beforeAll(async () => {
  // Seeded once per run (seedDemo, the status backfill, seedDemoCounty on an empty tenant, seedDemoOversight):
  // `demo` and `seeded` are what that first seeding returned.
  const demoDatabase = await createDemoDatabase(await testTempDir('schools-county-'));
  ({ database, world: demo, seeded } = demoDatabase);
  const { tenantId } = demoDatabase;
  actor = { tenantId, personId: null, roles: ['institution_admin'], label: 'test', client: 'system', requestId: null };
});
afterAll(() => database.close());

describe('the demo county', () => {
  it('has at least 38 schools and 2,000 teachers in many states, and seeds once', async () => {
    const scope = await oversightScope(database.db, actor, demo.programmeInstanceId);
    const view = await overview(database.db, scope);
    expect(view.schools.length).toBeGreaterThanOrEqual(38);
    expect(view.total.teachers).toBeGreaterThanOrEqual(2000);
    const states = Object.entries(view.total.states).filter(([, n]) => n > 0);
    expect(states.length).toBeGreaterThanOrEqual(4);
    expect(view.total.excellent).toBeGreaterThan(0);
    expect(view.progress.points.length).toBeGreaterThan(10);
    expect(
      await seedDemoCounty(database.db, {
        ...demo,
        tenantId: actor.tenantId,
        storage: createBlobStore({ dataDir: tmpdir() }),
      }),
    ).toEqual({
      schools: 0,
      teachers: 0,
    });
    expect(seeded.teachers).toBe(view.total.teachers - demo.teachers.length);
  });

  it('stores exactly what the engine says on the records in the database (a sample of every state)', async () => {
    const rows = await database.db.select().from(teacherStatus);
    const sample = rows.filter((_, i) => i % 40 === 0);
    for (const state of new Set(rows.map((r) => r.state))) sample.push(rows.find((r) => r.state === state)!);
    const found = await database.db
      .select({ enrolment: enrolments, instance: programmeInstances, school: organisations })
      .from(enrolments)
      .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
      .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
      .where(
        inArray(
          enrolments.id,
          sample.map((r) => r.enrolmentId),
        ),
      );
    for (const row of sample) {
      const e = found.find((f) => f.enrolment.id === row.enrolmentId)!;
      const engine = statusFigures(await evaluate(database.db, e.enrolment, e.instance, e.school));
      expect(row).toMatchObject(engine);
    }
    // And the start-up backfill finds nothing to recompute.
    expect(await backfillTeacherStatus(database.db)).toBe(0);
  });

  it('shows the county officer one 示范校 under the Henan rule, and its principal as 优秀校长', async () => {
    // What `npm start` adds over the county: the officer's grant, the schools' principals, plans and activities.
    const tenantId = actor.tenantId;
    await seedDemoOversight(database.db, { tenantId, world: demo, storage: createBlobStore({ dataDir: tmpdir() }) });
    const officer: Actor = { ...actor, personId: demo.assessorId, roles: [] };
    const scope = await oversightScope(database.db, officer, demo.programmeInstanceId);
    const page = { offset: 0, limit: 100 };
    const schools = await incentivesOf(database.db, scope, { kind: 'model_school', ...page });
    expect(schools.rules).toMatchObject({ modelSchoolAverageScore: 100, modelSchoolCoveragePercent: 100 });
    expect(schools.items).toHaveLength(1);
    const model = schools.items[0]!;
    expect(model.basis).toMatchObject({ averageScore: 100, teachersGraded: model.basis.teachers });
    // The engine's rows say why: every teacher of that school has graded results, all 优秀; no other school's do.
    const rows = await database.db.select().from(teacherStatus);
    const full = (r: (typeof rows)[number]) => r.abilitiesGraded > 0 && r.abilitiesExcellent === r.abilitiesGraded;
    const bySchool = new Map<string, typeof rows>();
    for (const r of rows) bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), r]);
    const qualifying = [...bySchool].filter(([, list]) => list.every(full)).map(([id]) => id);
    expect(qualifying).toEqual([model.schoolId]);
    expect(bySchool.get(model.schoolId)!.length).toBe(model.basis.teachers);
    const [head] = await database.db
      .select({ name: people.displayName })
      .from(organisations)
      .innerJoin(people, eq(people.id, organisations.principalPersonId))
      .where(eq(organisations.id, model.schoolId));
    const principals = await incentivesOf(database.db, scope, { kind: 'excellent_principal', ...page });
    expect(principals.items.map((i) => [i.schoolId, i.name])).toEqual([[model.schoolId, head!.name]]);
  });
});
