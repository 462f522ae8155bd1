import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolments, organisations, people, programmeInstances } from '../../lti-tool/server/db/schema';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import type { Actor } from '../../lti-tool/server/services/actor';
import { grantRole } from '../../lti-tool/server/services/role-grants/grants';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { schoolDashboard } from '../../lti-tool/server/services/schools/dashboard';
import { overview } from '../../lti-tool/server/services/schools/overview';
import { remindersCsv } from '../../lti-tool/server/services/schools/reminders';
import { oversightScope } from '../../lti-tool/server/services/schools/scope';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { teacherStatus as evaluate } from '../../lti-tool/server/services/teacher-journey/records';
import { createBlobStore } from '../../lti-tool/server/storage';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { testTempDir } from '../helpers/temp-dir';

/** Every figure of the school and county screens against the engine run afresh on the same records. */
let database: TestDatabase;
let demo: DemoWorld;
let actor: Actor;
beforeAll(async () => {
  database = await createTestDatabase();
  const tenantId = await ensureTenant(database.db, 'figures', '统计');
  const dataDir = await testTempDir('schools-figures-');
  demo = await seedDemo(database.db, { tenantId, storage: createBlobStore({ dataDir }) });
  await backfillTeacherStatus(database.db);
  actor = { tenantId, personId: null, roles: ['institution_admin'], label: 'test', client: 'system', requestId: null };
});
afterAll(() => database.close());

async function engineStatuses() {
  const rows = await database.db
    .select({ enrolment: enrolments, instance: programmeInstances, school: organisations })
    .from(enrolments)
    .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .where(eq(enrolments.programmeInstanceId, demo.programmeInstanceId));
  return Promise.all(
    rows.map(async (r) => ({
      enrolment: r.enrolment,
      status: await evaluate(database.db, r.enrolment, r.instance, r.school),
    })),
  );
}

describe('school and county figures are the engine', () => {
  it('the overview per school: teachers, states, hours, abilities, pass and 优秀', async () => {
    const scope = await oversightScope(database.db, actor, demo.programmeInstanceId);
    const view = await overview(database.db, scope);
    const engine = await engineStatuses();
    expect(view.total.teachers).toBe(engine.length);
    for (const school of view.schools) {
      const mine = engine.filter((e) => e.enrolment.schoolId === school.id).map((e) => e.status);
      expect(school.teachers).toBe(mine.length);
      for (const state of Object.keys(school.states) as (keyof typeof school.states)[]) {
        expect(school.states[state]).toBe(mine.filter((s) => s.state === state).length);
      }
      const minutes = mine.reduce((n, s) => n + s.hours.counted.online.minutes, 0);
      expect(school.onlineHours).toBeCloseTo(minutes / 60, 1);
      expect(school.abilitiesChosen).toBe(mine.reduce((n, s) => n + s.selection.counted, 0));
      expect(school.abilitiesGraded).toBe(mine.reduce((n, s) => n + s.abilities.filter((a) => a.grade).length, 0));
      expect(school.excellent).toBe(mine.filter((s) => s.excellent).length);
    }
    const graded = engine.flatMap((e) =>
      e.status.abilities.filter((a) => a.grade === 'pass' || a.grade === 'excellent'),
    );
    expect(view.heatmap.reduce((n, c) => n + c.passed, 0)).toBe(graded.length);
    expect(view.total.abilitiesGraded).toBeGreaterThan(0);
  });

  it("the school dashboard's teachers carry the engine's next actions, and the reminder CSV lists those behind", async () => {
    const scope = await oversightScope(database.db, actor, demo.programmeInstanceId);
    const school = demo.schools[0]!;
    const board = await schoolDashboard(database.db, scope, school.id);
    const engine = (await engineStatuses()).filter((e) => e.enrolment.schoolId === school.id);
    expect(board.teachers).toHaveLength(engine.length);
    for (const t of board.teachers) {
      const e = engine.find((x) => x.enrolment.id === t.enrolmentId)!;
      expect(t.state).toBe(e.status.state);
      expect(t.missing.map((m) => m.zh)).toEqual(e.status.nextActions.slice(0, 5).map((a) => a.message.zh));
    }
    expect(board.groups.reduce((n, g) => n + g.teachers, 0)).toBe(engine.length);
    const csv = remindersCsv(board.teachers, 'zh-CN');
    expect(csv.startsWith('\uFEFF姓名,教研组,学科,状态,待办事项\r\n')).toBe(true);
    const behind = board.teachers.filter((t) => t.state !== 'ready_to_certify' && t.state !== 'certified');
    expect(csv.trim().split('\r\n')).toHaveLength(behind.length + 1);
    expect(csv).toContain(behind[0]!.missing[0]!.zh);
  });

  it('neutralises spreadsheet formulas in the CSV', () => {
    const row = {
      ...({} as Parameters<typeof remindersCsv>[0][number]),
      name: '=HYPERLINK("x")',
      groupName: null,
      subject: null,
      state: 'in_progress' as const,
      missing: [],
    };
    expect(remindersCsv([row], 'en')).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('a city officer', () => {
  it('sees the schools of its counties, and nothing when the grant is on another city', async () => {
    const db = database.db;
    const [city, elsewhere] = await db
      .insert(organisations)
      .values([
        { tenantId: actor.tenantId, kind: 'city', code: 'CITY-1', name: '示范市' },
        { tenantId: actor.tenantId, kind: 'city', code: 'CITY-2', name: '邻市' },
      ])
      .returning();
    await db.update(organisations).set({ parentId: city!.id }).where(eq(organisations.id, demo.countyId));
    const by = { tenantId: actor.tenantId, actor: { actorLabel: 'test', client: 'system' as const } };
    const grant = async (organisationId: string, email: string) => {
      const [p] = await db.insert(people).values({ tenantId: actor.tenantId, displayName: email, email }).returning();
      await grantRole(db, by, { personId: p!.id, role: 'city_admin', organisationId, source: 'admin' });
      return { ...actor, personId: p!.id, roles: [] };
    };
    const mine = await oversightScope(db, await grant(city!.id, 'city1@example.cn'), demo.programmeInstanceId);
    expect(mine.level).toBe('city');
    expect([...mine.schoolIds].sort()).toEqual(demo.schools.map((s) => s.id).sort());
    const other = await oversightScope(db, await grant(elsewhere!.id, 'city2@example.cn'), demo.programmeInstanceId);
    expect(other.schoolIds.size).toBe(0);
    expect((await overview(db, other)).schools).toEqual([]);
    const board = await schoolDashboard(db, mine, demo.schools[0]!.id);
    expect(board.school.environment).toBe(demo.schools[0]!.environment);
    await expect(schoolDashboard(db, other, demo.schools[0]!.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});
