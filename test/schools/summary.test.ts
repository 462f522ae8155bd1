import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Figures, OverviewReply, SummaryReply } from '../../shared/api/schools';
import { organisations, people } from '../../lti-tool/server/db/schema';
import type { DemoWorld } from '../../lti-tool/server/demo/seed';
import type { Actor } from '../../lti-tool/server/services/actor';
import { grantRole } from '../../lti-tool/server/services/role-grants/grants';
import { overview } from '../../lti-tool/server/services/schools/overview';
import { oversightScope } from '../../lti-tool/server/services/schools/scope';
import { summary } from '../../lti-tool/server/services/schools/summary';
import type { TestDatabase } from '../helpers/db';
import { createDemoDatabase } from '../helpers/demo-db';
import { testTempDir } from '../helpers/temp-dir';

/**
 * The province and city summaries on the seeded demo county, spread for the test over a province, two cities and
 * three counties: every grouped figure is the sum of the per-school figures of the county overview, and each
 * officer sees only the rows of their scope.
 */
let database: TestDatabase;
let demo: DemoWorld;
let admin: Actor;
const tree = { province: '', cityA: '', cityB: '', countyA2: '', countyB1: '' };
/** Each school's county and city, as the test placed it. */
const placed = new Map<string, { county: string; city: string }>();

beforeAll(async () => {
  const demoDatabase = await createDemoDatabase(await testTempDir('schools-summary-'));
  ({ database, world: demo } = demoDatabase);
  const tenantId = demoDatabase.tenantId;
  admin = { tenantId, personId: null, roles: ['institution_admin'], label: 'test', client: 'system', requestId: null };
  const db = database.db;
  const add = async (kind: 'province' | 'city' | 'county', code: string, name: string, parentId: string | null) => {
    const [row] = await db.insert(organisations).values({ tenantId, kind, code, name, parentId }).returning();
    return row!.id;
  };
  tree.province = await add('province', 'T-P', '测试省', null);
  tree.cityA = await add('city', 'T-CA', '甲市', tree.province);
  tree.cityB = await add('city', 'T-CB', '乙市', tree.province);
  tree.countyA2 = await add('county', 'T-CA-2', '甲市二县', tree.cityA);
  tree.countyB1 = await add('county', 'T-CB-1', '乙市一县', tree.cityB);
  await db.update(organisations).set({ parentId: tree.cityA }).where(eq(organisations.id, demo.countyId));
  const schools = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.parentId, demo.countyId))
    .orderBy(organisations.code);
  // Every third school to 甲市二县, every fifth of the rest to 乙市一县; the rest stay in the demo county.
  const toA2 = schools.filter((_, i) => i % 3 === 1).map((s) => s.id);
  const toB1 = schools.filter((_, i) => i % 3 !== 1 && i % 5 === 0).map((s) => s.id);
  await db.update(organisations).set({ parentId: tree.countyA2 }).where(inArray(organisations.id, toA2));
  await db.update(organisations).set({ parentId: tree.countyB1 }).where(inArray(organisations.id, toB1));
  for (const { id } of schools) {
    if (toA2.includes(id)) placed.set(id, { county: tree.countyA2, city: tree.cityA });
    else if (toB1.includes(id)) placed.set(id, { county: tree.countyB1, city: tree.cityB });
    else placed.set(id, { county: demo.countyId, city: tree.cityA });
  }
});
afterAll(() => database.close());

type SchoolRow = OverviewReply['schools'][number];
const COUNTS = ['teachers', 'abilitiesChosen', 'abilitiesSubmitted', 'abilitiesGraded', 'passed', 'excellent'] as const;

/** The row's figures against the sum of its schools' rows in the per-school overview. */
function expectSumOf(row: Figures & { artefactsApproved: number; schools: number }, schools: SchoolRow[]) {
  expect(row.schools).toBe(schools.length);
  for (const k of COUNTS) expect(row[k], k).toBe(schools.reduce((n, s) => n + s[k], 0));
  for (const state of Object.keys(row.states) as (keyof Figures['states'])[]) {
    expect(row.states[state], state).toBe(schools.reduce((n, s) => n + s.states[state], 0));
  }
  expect(row.artefactsApproved).toBe(schools.reduce((n, s) => n + s.artefactsApproved, 0));
  // Hours are rounded to a tenth per school there and once per row here.
  for (const k of ['onlineHours', 'practiceHours'] as const) {
    expect(Math.abs(row[k] - schools.reduce((n, s) => n + s[k], 0))).toBeLessThanOrEqual(0.05 * schools.length + 0.05);
  }
  const last = schools.map((s) => s.lastActivityAt).filter((d): d is string => d !== null);
  expect(row.lastActivityAt).toBe(last.length ? last.sort().at(-1) : null);
  expect(row.passRate).toBe(row.teachers ? Math.round((row.passed / row.teachers) * 1000) / 10 : 0);
}

function expectHeatSumOf(view: SummaryReply, rowId: string, perSchool: OverviewReply, schoolIds: Set<string>) {
  const mine = new Map<string, { chosen: number; passed: number }>();
  for (const c of perSchool.heatmap.filter((c) => schoolIds.has(c.schoolId))) {
    const cell = mine.get(c.abilityCode) ?? { chosen: 0, passed: 0 };
    mine.set(c.abilityCode, { chosen: cell.chosen + c.chosen, passed: cell.passed + c.passed });
  }
  const got = view.heatmap.filter((c) => c.organisationId === rowId);
  expect(Object.fromEntries(got.map((c) => [c.abilityCode, { chosen: c.chosen, passed: c.passed }]))).toEqual(
    Object.fromEntries(mine),
  );
}

describe('the grouped summary is the sum of the per-school figures', () => {
  it('the province: one row per city, totals and progress as the per-school overview', async () => {
    const scope = await oversightScope(database.db, admin, demo.programmeInstanceId);
    const perSchool = await overview(database.db, scope);
    const view = await summary(database.db, scope);
    expect(view.organisation).toMatchObject({ id: tree.province, kind: 'province' });
    expect(view.path).toEqual([]);
    expect(view.rows.map((r) => [r.id, r.kind])).toEqual([
      [tree.cityA, 'city'],
      [tree.cityB, 'city'],
    ]);
    for (const row of view.rows) {
      const ids = new Set([...placed].filter(([, p]) => p.city === row.id).map(([id]) => id));
      expectSumOf(
        row,
        perSchool.schools.filter((s) => ids.has(s.id)),
      );
      expectHeatSumOf(view, row.id, perSchool, ids);
    }
    expectSumOf(view.total, perSchool.schools);
    expect(view.total.teachers).toBeGreaterThanOrEqual(2000);
    expect(view.progress).toEqual(perSchool.progress);
  });

  it('a city: one row per county, and a county: one row per school with the overview figures', async () => {
    const scope = await oversightScope(database.db, admin, demo.programmeInstanceId);
    const perSchool = await overview(database.db, scope);
    const city = await summary(database.db, scope, tree.cityA);
    expect(city.path.map((o) => o.id)).toEqual([tree.province]);
    expect(city.rows.map((r) => r.id).sort()).toEqual([demo.countyId, tree.countyA2].sort());
    for (const row of city.rows) {
      const ids = new Set([...placed].filter(([, p]) => p.county === row.id).map(([id]) => id));
      expectSumOf(
        row,
        perSchool.schools.filter((s) => ids.has(s.id)),
      );
    }
    const county = await summary(database.db, scope, tree.countyB1);
    expect(county.path.map((o) => o.id)).toEqual([tree.province, tree.cityB]);
    const own = perSchool.schools.filter((s) => placed.get(s.id)?.county === tree.countyB1);
    expect(county.rows.map((r) => r.id).sort()).toEqual(own.map((s) => s.id).sort());
    for (const row of county.rows) {
      const {
        id,
        name,
        code,
        parentId: _p,
        parentName: _n,
        ...figures
      } = perSchool.schools.find((s) => s.id === row.id)!;
      expect(row).toEqual({ ...figures, id, name, code, kind: 'school', schools: 1 });
    }
  });
});

describe('each officer sees only the rows of their scope', () => {
  const by = () => ({ tenantId: admin.tenantId, actor: { actorLabel: 'test', client: 'system' as const } });
  const officer = async (
    role: 'city_admin' | 'county_admin' | 'school_team',
    organisationId: string,
    email: string,
  ) => {
    const db = database.db;
    const [p] = await db.insert(people).values({ tenantId: admin.tenantId, displayName: email, email }).returning();
    await grantRole(db, by(), { personId: p!.id, role, organisationId, source: 'admin' });
    return oversightScope(db, { ...admin, personId: p!.id, roles: [] }, demo.programmeInstanceId);
  };

  it('a city officer sees its counties only, can drill into them, and nothing of the other city', async () => {
    const scope = await officer('city_admin', tree.cityB, 'city-b@example.cn');
    const view = await summary(database.db, scope);
    expect(view.organisation?.id).toBe(tree.cityB);
    expect(view.path).toEqual([]);
    expect(view.rows.map((r) => r.id)).toEqual([tree.countyB1]);
    const schools = [...placed].filter(([, p]) => p.city === tree.cityB).length;
    expect(view.total.schools).toBe(schools);
    expect((await summary(database.db, scope, tree.countyB1)).rows).toHaveLength(schools);
    for (const outside of [tree.province, tree.cityA, demo.countyId, tree.countyA2]) {
      await expect(summary(database.db, scope, outside)).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('a county officer and a school team member see their own county or school only', async () => {
    const county = await officer('county_admin', tree.countyA2, 'county-a2@example.cn');
    const view = await summary(database.db, county);
    expect(view.rows.map((r) => r.kind)).toEqual(view.rows.map(() => 'school'));
    expect(view.rows.every((r) => placed.get(r.id)?.county === tree.countyA2)).toBe(true);
    await expect(summary(database.db, county, tree.cityA)).rejects.toMatchObject({ code: 'not_found' });
    const school = demo.schools[0]!.id;
    const team = await officer('school_team', school, 'team@example.cn');
    const mine = await summary(database.db, team);
    expect(mine.rows.map((r) => r.id)).toEqual([school]);
    await expect(summary(database.db, team, placed.get(school)!.county)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
