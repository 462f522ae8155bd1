import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, organisations } from '../../lti-tool/server/db/schema';
import { otherTenantWithKey, sessionOf } from './admin-world';
import { startLtiWorld, type LtiWorld } from './world';

let world: LtiWorld;
let adminToken: string;
let teacherToken: string;
let otherKey: string;
let countyId: string;
let schoolId: string;
let otherCounty: string;
beforeAll(async () => {
  world = await startLtiWorld();
  adminToken = await sessionOf(world, 2);
  teacherToken = await sessionOf(world, 4);
  const db = world.tool.database.db;
  const [county] = await db
    .insert(organisations)
    .values({ tenantId: world.tenantId, kind: 'county', code: '410102', name: '中原区' })
    .returning();
  countyId = county!.id;
  const [school] = await db
    .insert(organisations)
    .values({ tenantId: world.tenantId, kind: 'school', parentId: countyId, code: '4141010001', name: '第一小学' })
    .returning();
  schoolId = school!.id;
  const other = await otherTenantWithKey(db, 'other-pi');
  otherKey = other.key;
  const [oc] = await db
    .insert(organisations)
    .values({ tenantId: other.tenantId, kind: 'county', code: '410102', name: '别的中原区' })
    .returning();
  otherCounty = oc!.id;
});
afterAll(() => world.close());

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${world.tool.url}/api/v1/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const base = () => ({
  definitionId: 'cn-henan-2.0',
  regionOrganisationId: countyId,
  name: '中原区 2026 年能力提升工程',
  startYear: 2026,
  endYear: 2027,
  batchLabel: '第一批',
  deadline: '2027-06-30',
});

describe('programme instances admin API', () => {
  let id: string;
  it('lists definitions with their parameters and the regions, then creates an instance (audited)', async () => {
    const list = await (await api('/programme-instances', adminToken)).json();
    expect(list.instances).toEqual([]);
    const henan = list.definitions.find((d: { id: string }) => d.id === 'cn-henan-2.0');
    expect(henan.parameters.some((p: { path: string }) => p.path === 'hours.totalMin')).toBe(true);
    expect(list.regions.map((r: { name: string }) => r.name)).toEqual(['中原区']);

    const created = await api('/programme-instances', adminToken, {
      method: 'POST',
      body: { ...base(), overrides: { 'hours.totalMin': 60 } },
    });
    expect(created.status).toBe(201);
    const { instance } = await created.json();
    id = instance.id;
    expect(instance).toMatchObject({
      deadline: '2027-06-30',
      regionName: '中原区',
      batchLabel: '第一批',
      enrolments: 0,
    });
    expect(instance.overrides).toEqual({
      'hours.totalMin': 60,
      'period.deadline': '2027-06-30',
      'period.window': { startYear: 2026, endYear: 2027 },
    });
    const audit = await world.tool.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.map((a) => a.action)).toEqual(['programme_instance.create']);
  });

  it('refuses a duplicate batch, a school as region, bad overrides and reversed years, naming the field', async () => {
    const dup = await api('/programme-instances', adminToken, { method: 'POST', body: base() });
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.code).toBe('programme_instance_exists');
    const school = await api('/programme-instances', adminToken, {
      method: 'POST',
      body: { ...base(), batchLabel: '第二批', regionOrganisationId: schoolId },
    });
    expect((await school.json()).error).toMatchObject({
      code: 'programme_region_invalid',
      details: { field: 'regionOrganisationId' },
    });
    const bad = await api('/programme-instances', adminToken, {
      method: 'POST',
      body: { ...base(), batchLabel: '第三批', overrides: { 'hours.totalMin': -1, 'hours.nope': 2 } },
    });
    const badBody = await bad.json();
    expect(bad.status).toBe(422);
    expect(badBody.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['overrides.hours.nope']);
    const years = await api('/programme-instances', adminToken, {
      method: 'POST',
      body: { ...base(), startYear: 2028 },
    });
    expect(years.status).toBe(422);
    expect(JSON.stringify(await years.json())).toContain('endYear');
    const unknown = await api('/programme-instances', adminToken, {
      method: 'POST',
      body: { ...base(), definitionId: 'nope' },
    });
    expect((await unknown.json()).error.code).toBe('programme_unknown');
  });

  it('changes the deadline, batch and overrides, keeping the history in the audit log', async () => {
    const patched = await api(`/programme-instances/${id}`, adminToken, {
      method: 'PATCH',
      body: { deadline: '2027-12-31', batchLabel: '第二批', overrides: { 'hours.totalMin': 55 } },
    });
    expect(patched.status).toBe(200);
    const { instance } = await patched.json();
    expect(instance).toMatchObject({ deadline: '2027-12-31', batchLabel: '第二批' });
    expect(instance.overrides['hours.totalMin']).toBe(55);
    const audit = await world.tool.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    const update = audit.find((a) => a.action === 'programme_instance.update')!;
    expect(update.before).toMatchObject({ batchLabel: '第一批' });
  });

  it('refuses teachers and keeps other tenants out', async () => {
    expect((await api('/programme-instances', teacherToken)).status).toBe(403);
    const theirs = await (await api('/programme-instances', otherKey)).json();
    expect(theirs.instances).toEqual([]);
    expect((await api(`/programme-instances/${id}`, otherKey, { method: 'PATCH', body: { name: 'x' } })).status).toBe(
      404,
    );
    const intoMine = await api('/programme-instances', otherKey, { method: 'POST', body: base() });
    expect((await intoMine.json()).error.code).toBe('programme_region_invalid');
    const own = await api('/programme-instances', otherKey, {
      method: 'POST',
      body: { ...base(), regionOrganisationId: otherCounty },
    });
    expect(own.status).toBe(201);
  });
});

describe('the admin catalogue screen’s API', () => {
  it('shows the administrator every ability with its verification notes and placeholder names; nobody else', async () => {
    const reply = await api('/ability-catalogue', adminToken);
    expect(reply.status).toBe(200);
    const { catalogues } = await reply.json();
    const abilities = catalogues.find((c: { id: string }) => c.id === 'national-2.0');
    expect(abilities.programmes.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining(['cn-national-2.0', 'cn-henan-2.0']),
    );
    const b1 = abilities.entries.find((e: { code: string }) => e.code === 'B1');
    expect(b1).toMatchObject({
      kind: 'ability',
      name: { zh: '【名称待核实】B1（混合学习环境下的学情分析）' },
      shownName: { zh: '混合学习环境下的学情分析' },
      placeholderName: true,
      needsCheck: true,
    });
    const notes = abilities.entries.flatMap((e: { notes: { note: { zh: string } }[] }) =>
      e.notes.map((n) => n.note.zh),
    );
    expect(notes.some((n: string) => n.startsWith('推断模板') && n.includes('核实'))).toBe(true);
    expect(notes.some((n: string) => n.includes('未找到官方值'))).toBe(true);
    expect(abilities.counts.placeholders).toBe(4);
    expect(abilities.counts.needsCheck).toBe(
      abilities.entries.filter((e: { needsCheck: boolean }) => e.needsCheck).length,
    );

    // A teacher (who reads the catalogue through catalogueForPeople, without them) may not ask for this one.
    expect((await api('/ability-catalogue', teacherToken)).status).toBe(403);
    expect((await api('/ability-catalogue', 'not-a-token')).status).toBe(401);
  });
});
