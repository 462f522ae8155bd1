import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, people } from '../../lti-tool/server/db/schema';
import { otherTenantWithKey, sessionOf } from './admin-world';
import { startLtiWorld, type LtiWorld } from './world';

// A new institution from its registered LMS to assessors, as the admin home's checklist sees it.
let world: LtiWorld;
let adminToken: string;
let teacherToken: string;
let otherKey: string;
beforeAll(async () => {
  world = await startLtiWorld();
  adminToken = await sessionOf(world, 2);
  teacherToken = await sessionOf(world, 4);
  otherKey = (await otherTenantWithKey(world.tool.database.db, 'other-cl')).key;
});
afterAll(() => world.close());

const api = (path: string, token: string, init: { method?: string; body?: unknown; raw?: string } = {}) =>
  fetch(`${world.tool.url}/api/v1/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': init.raw ? 'text/csv' : 'application/json' },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
const checklist = async (token = adminToken) => {
  const body = await (await api('/checklist', token)).json();
  return Object.fromEntries(body.steps.map((s: { id: string; done: boolean }) => [s.id, s.done]));
};

describe('first-run checklist and assessor grants', () => {
  let countyId: string;
  let schoolId: string;
  let grantId: string;
  it('ticks each step only when the data is there', async () => {
    expect(await checklist()).toEqual({
      register_lms: true,
      import_tree: false,
      create_programme: false,
      map_courses: false,
      invite_assessors: false,
    });
    const tree = '区县代码,区县名称,学校代码,学校名称\n410102,中原区,4141010001,第一小学\n';
    expect((await api('/organisations/imports?dryRun=false', adminToken, { method: 'POST', raw: tree })).status).toBe(
      200,
    );
    const orgs = (await (await api('/organisations', adminToken)).json()).organisations;
    countyId = orgs.find((o: { kind: string }) => o.kind === 'county').id;
    schoolId = orgs.find((o: { kind: string }) => o.kind === 'school').id;
    const created = await api('/programme-instances', adminToken, {
      method: 'POST',
      body: {
        definitionId: 'cn-henan-2.0',
        regionOrganisationId: countyId,
        name: '中原区 2026',
        startYear: 2026,
        endYear: 2027,
      },
    });
    const instanceId = (await created.json()).instance.id;
    const contexts = (await (await api('/contexts', adminToken)).json()).contexts;
    const linked = await api(`/contexts/${contexts[0].id}`, adminToken, {
      method: 'PUT',
      body: { programmeInstanceId: instanceId, organisationId: countyId },
    });
    expect(linked.status).toBe(200);
    const body = await (await api('/checklist', adminToken)).json();
    expect(body.steps.find((s: { id: string }) => s.id === 'map_courses')).toEqual({
      id: 'map_courses',
      done: false,
      counts: { linkedCourses: 1, mappings: 0 },
    });
    expect(await checklist()).toMatchObject({ import_tree: true, create_programme: true, invite_assessors: false });
    expect(body.complete).toBe(false);
  });

  it('grants a school assessor (audited, idempotent) and revokes the grant', async () => {
    const found = (await (await api('/people?q=李', adminToken)).json()).people;
    expect(found.map((p: { name: string }) => p.name)).toEqual(['李小明']);
    const grant = await api('/assessors', adminToken, {
      method: 'POST',
      body: { personId: found[0].id, organisationId: schoolId },
    });
    expect(grant.status).toBe(201);
    const granted = await grant.json();
    grantId = granted.grant.id;
    expect(granted.grant).toMatchObject({ level: 'school', organisationName: '第一小学', personName: '李小明' });
    const again = await api('/assessors', adminToken, {
      method: 'POST',
      body: { personId: found[0].id, organisationId: schoolId },
    });
    expect(again.status).toBe(200);
    expect((await again.json()).grant.id).toBe(grantId);
    expect((await checklist()).invite_assessors).toBe(true);

    const county = await api('/assessors', adminToken, {
      method: 'POST',
      body: { personId: found[0].id, organisationId: countyId },
    });
    expect((await county.json()).grant.level).toBe('county');

    expect((await api(`/assessors/${grantId}`, adminToken, { method: 'DELETE' })).status).toBe(204);
    const left = (await (await api('/assessors', adminToken)).json()).grants;
    expect(left.map((g: { level: string }) => g.level)).toEqual(['county']);
    const audit = await world.tool.database.db.select().from(auditLog).where(eq(auditLog.entityId, grantId));
    expect(audit.map((a) => a.action).sort()).toEqual(['role_assignment.grant', 'role_assignment.revoke']);
  });

  it('refuses a group or unknown person, teachers, and anyone of another tenant', async () => {
    const [person] = await world.tool.database.db.select().from(people).where(eq(people.tenantId, world.tenantId));
    const bad = await api('/assessors', adminToken, {
      method: 'POST',
      body: { personId: person!.id, organisationId: person!.id },
    });
    expect((await bad.json()).error).toMatchObject({
      code: 'assessor_organisation_invalid',
      details: { field: 'organisationId' },
    });
    expect((await api('/checklist', teacherToken)).status).toBe(403);
    expect((await api('/assessors', teacherToken)).status).toBe(403);
    expect(Object.values(await checklist(otherKey)).filter(Boolean)).toEqual([]);
    expect((await (await api('/assessors', otherKey)).json()).grants).toEqual([]);
    expect((await (await api('/people', otherKey)).json()).people).toEqual([]);
    const cross = await api('/assessors', otherKey, {
      method: 'POST',
      body: { personId: person!.id, organisationId: schoolId },
    });
    expect((await cross.json()).error.code).toBe('assessor_person_unknown');
    const left = (await (await api('/assessors', adminToken)).json()).grants;
    expect((await api(`/assessors/${left[0].id}`, otherKey, { method: 'DELETE' })).status).toBe(404);
  });
});
