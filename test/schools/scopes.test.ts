import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, platforms, roleAssignments } from '../../lti-tool/server/db/schema';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import { createBlobStore } from '../../lti-tool/server/storage';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';

/**
 * Scopes per role, through the HTTP API: a school team member sees its school only, a county officer its county,
 * an institution admin its tenant; none of them sees anything of another school, county or tenant.
 */
let world: JourneyWorld;
let other: DemoWorld;
let admin: string;
const db = () => world.tool.database.db;
const MENTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';

beforeAll(async () => {
  world = await startJourneyWorld();
  // The other tenant has a county of its own with the same codes: nothing of it may show in ours, nor ours in it.
  const [otherPlatform] = await db().select().from(platforms).where(eq(platforms.clientId, world.otherClientId));
  other = await seedDemo(db(), { tenantId: otherPlatform!.tenantId, storage: createBlobStore(world.tool.config) });
  await backfillTeacherStatus(db());
  admin = await world.launch(2);
  await world.launch(3); // the people exist once they have launched
  await world.launch(6, { courseId: 3 });
});
afterAll(() => world.close());

const ids = (body: { schools: { id: string }[] }) => body.schools.map((s) => s.id).sort();

describe('granting school team, county and city roles', () => {
  it('grants from the admin API (by email), refuses a role on the wrong level, and audits', async () => {
    const school = world.demo.schools[0]!.id;
    const wrong = await api(world, admin, 'POST', '/api/v1/admin/role-grants', {
      email: 'assessor1@example.cn',
      role: 'school_team',
      organisationId: world.demo.countyId,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('role_organisation_mismatch');
    const made = await api(world, admin, 'POST', '/api/v1/admin/role-grants', {
      email: 'assessor1@example.cn',
      role: 'school_team',
      organisationId: school,
    });
    expect(made.status).toBe(201);
    const again = await api(world, admin, 'POST', '/api/v1/admin/role-grants', {
      email: 'assessor1@example.cn',
      role: 'school_team',
      organisationId: school,
    });
    expect(again.body).toEqual({ id: made.body.id, changed: false });
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, made.body.id));
    expect(audit.map((a) => a.action)).toEqual(['role.grant']);
  });

  it('imports a roster: preview first, then grants, and a re-import changes nothing', async () => {
    const csv =
      '\uFEFF邮箱,角色,机构代码\nassessor6@example.cn,区县管理员,DEMO-C1\nnobody@example.cn,学校管理团队,DEMO-S1\nassessor6@example.cn,校长,DEMO-S1\n';
    const preview = await api(world, admin, 'POST', '/api/v1/admin/role-grants/import', { csv, dryRun: true });
    expect(preview.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual([
      'would_grant',
      'rejected',
      'rejected',
    ]);
    expect(preview.body.rows[1].reason.zh).toContain('邮箱');
    const live = await db().select().from(roleAssignments).where(eq(roleAssignments.role, 'county_admin'));
    expect(live).toHaveLength(0);
    const done = await api(world, admin, 'POST', '/api/v1/admin/role-grants/import', { csv, dryRun: false });
    expect(done.body.summary).toEqual({ granted: 1, unchanged: 0, rejected: 2 });
    const redo = await api(world, admin, 'POST', '/api/v1/admin/role-grants/import', { csv, dryRun: false });
    expect(redo.body.summary).toEqual({ granted: 0, unchanged: 1, rejected: 2 });
    const list = await api(world, admin, 'GET', '/api/v1/admin/role-grants');
    expect(list.body.items.map((g: { role: string; source: string }) => `${g.role}/${g.source}`).sort()).toEqual([
      'county_admin/roster',
      'school_team/admin',
    ]);
  });

  it('grants from an LTI role mapping at launch, on the school its org_code names', async () => {
    const [mine] = await db().select().from(platforms).where(eq(platforms.clientId, world.clientId));
    const put = await api(world, admin, 'PUT', `/api/v1/admin/platforms/${mine!.id}/role-mappings`, {
      mappings: [{ ltiRole: MENTOR, role: 'school_team' }],
    });
    expect(put.status).toBe(200);
    world.sim.addResourceLink({
      courseId: 3,
      clientId: world.clientId,
      id: 21,
      title: '学校管理',
      custom: { placement: 'school-dashboard', org_code: 'DEMO-S2' },
    });
    const token = await world.launch(6, { courseId: 3, resourceLinkId: 21 });
    const grants = await db()
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.role, 'school_team'), eq(roleAssignments.source, 'lti')));
    expect(grants.map((g) => g.organisationId)).toEqual([world.demo.schools[1]!.id]);
    // Another tenant's platform id is "not found".
    const [theirs] = await db().select().from(platforms).where(eq(platforms.clientId, world.otherClientId));
    expect((await api(world, admin, 'GET', `/api/v1/admin/platforms/${theirs!.id}/role-mappings`)).status).toBe(404);
    expect((await api(world, token, 'GET', '/api/v1/schools/scope')).body.level).toBe('county');
  });
});

describe('every query is scoped on the server', () => {
  it('a school team member sees its own school only', async () => {
    const team = await world.launch(3);
    const [mine, second] = world.demo.schools;
    const scope = await api(world, team, 'GET', '/api/v1/schools/scope');
    expect(scope.body).toMatchObject({ level: 'school', schools: 1 });
    const overview = await api(world, team, 'GET', '/api/v1/schools/overview');
    expect(ids(overview.body)).toEqual([mine!.id]);
    expect(overview.body.heatmap.every((c: { schoolId: string }) => c.schoolId === mine!.id)).toBe(true);
    expect((await api(world, team, 'GET', `/api/v1/schools/${mine!.id}`)).status).toBe(200);
    for (const path of [`/api/v1/schools/${second!.id}`, `/api/v1/schools/${second!.id}/reminders.csv`]) {
      expect((await api(world, team, 'GET', path)).status).toBe(404);
    }
    const county = await api(world, team, 'GET', `/api/v1/schools/overview?organisationId=${world.demo.countyId}`);
    expect(ids(county.body)).toEqual([mine!.id]);
    // The grouped summary: its school is its one row, and its county is outside its scope.
    const summary = await api(world, team, 'GET', '/api/v1/schools/summary');
    expect(summary.body.rows.map((r: { id: string }) => r.id)).toEqual([mine!.id]);
    expect(
      (await api(world, team, 'GET', `/api/v1/schools/summary?organisationId=${world.demo.countyId}`)).status,
    ).toBe(404);
    expect((await api(world, team, 'GET', `/api/v1/schools/${other.schools[0]!.id}`)).status).toBe(404);
  });

  it("a county officer sees its county's schools and nothing of another tenant's county", async () => {
    const officer = await world.launch(6, { courseId: 3 });
    const overview = await api(world, officer, 'GET', '/api/v1/schools/overview');
    expect(ids(overview.body)).toEqual(world.demo.schools.map((s) => s.id).sort());
    const foreign = await api(world, officer, 'GET', `/api/v1/schools/overview?organisationId=${other.countyId}`);
    expect(foreign.status).toBe(404);
    const summary = await api(world, officer, 'GET', '/api/v1/schools/summary');
    expect(summary.body.organisation.id).toBe(world.demo.countyId);
    expect(summary.body.rows.map((r: { id: string }) => r.id).sort()).toEqual(
      world.demo.schools.map((s) => s.id).sort(),
    );
    const theirs = await api(world, officer, 'GET', `/api/v1/schools/summary?organisationId=${other.countyId}`);
    expect(theirs.status).toBe(404);
    expect((await api(world, officer, 'GET', `/api/v1/schools/${other.schools[0]!.id}`)).status).toBe(404);
  });

  it("an institution admin of another tenant sees only its own tenant's schools", async () => {
    const theirs = await world.launch(2, { other: true });
    const overview = await api(world, theirs, 'GET', '/api/v1/schools/overview');
    expect(ids(overview.body)).toEqual(other.schools.map((s) => s.id).sort());
    expect(overview.body.total.teachers).toBe(other.teachers.length);
    for (const s of world.demo.schools) {
      expect((await api(world, theirs, 'GET', `/api/v1/schools/${s.id}`)).status).toBe(404);
    }
    const ours = await api(world, theirs, 'GET', `/api/v1/schools/overview?organisationId=${world.demo.countyId}`);
    expect(ours.status).toBe(404);
    const summary = await api(world, theirs, 'GET', '/api/v1/schools/summary');
    expect(summary.body.organisation.id).toBe(other.countyId);
    expect(summary.body.total.teachers).toBe(other.teachers.length);
    const ourSummary = await api(world, theirs, 'GET', `/api/v1/schools/summary?organisationId=${world.demo.countyId}`);
    expect(ourSummary.status).toBe(404);
    expect((await api(world, theirs, 'GET', '/api/v1/schools/summary?organisationId=x')).status).toBe(422);
  });

  it('a teacher without a grant is refused, and the admin API refuses non-admins', async () => {
    const teacher = await world.launch(4);
    const refused = await api(world, teacher, 'GET', '/api/v1/schools/overview');
    expect(refused.status).toBe(403);
    expect((await api(world, teacher, 'GET', '/api/v1/schools/summary')).status).toBe(403);
    expect(refused.body.error.code).toBe('oversight_forbidden');
    const officer = await world.launch(6, { courseId: 3 });
    expect((await api(world, officer, 'GET', '/api/v1/admin/role-grants')).status).toBe(403);
  });

  it('a revoked grant ends the view', async () => {
    const list = await api(world, admin, 'GET', '/api/v1/admin/role-grants');
    const grant = list.body.items.find((g: { email: string; source: string }) => g.email === 'assessor1@example.cn');
    expect((await api(world, admin, 'DELETE', `/api/v1/admin/role-grants/${grant.id}`)).status).toBe(204);
    const team = await world.launch(3);
    expect((await api(world, team, 'GET', '/api/v1/schools/overview')).status).toBe(403);
  });
});
