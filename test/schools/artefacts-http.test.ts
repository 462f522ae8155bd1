import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolments, platforms } from '../../lti-tool/server/db/schema';
import { seedDemo } from '../../lti-tool/server/demo/seed';
import { createBlobStore } from '../../lti-tool/server/storage';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';

/**
 * School artefacts through the HTTP API, role by role: the school team of one school, the county officer, the
 * institution admin, a teacher and the admin of another tenant each get exactly their part and nothing more.
 */
let world: JourneyWorld;
let admin: string;
let team: string;
let officer: string;
const pdf = new TextEncoder().encode('%PDF-1.4\n学校信息化发展规划\n%%EOF\n');
const file = (name: string) => ({ 'x-filename': encodeURIComponent(name), 'content-type': 'application/octet-stream' });

beforeAll(async () => {
  world = await startJourneyWorld();
  // The other tenant runs a county of its own (same codes): its admin has a programme and a scope, not ours.
  const db = world.tool.database.db;
  const [theirs] = await db.select().from(platforms).where(eq(platforms.clientId, world.otherClientId));
  await seedDemo(db, { tenantId: theirs!.tenantId, storage: createBlobStore(world.tool.config) });
  admin = await world.launch(2);
  await world.launch(3);
  await world.launch(6, { courseId: 3 });
  for (const [email, role, organisationId] of [
    ['assessor1@example.cn', 'school_team', world.demo.schools[0]!.id],
    ['assessor6@example.cn', 'county_admin', world.demo.countyId],
  ] as const) {
    const r = await api(world, admin, 'POST', '/api/v1/admin/role-grants', { email, role, organisationId });
    expect(r.status).toBe(201);
  }
  team = await world.launch(3);
  officer = await world.launch(6, { courseId: 3 });
});
afterAll(() => world.close());

describe('school artefacts over HTTP', () => {
  const mine = () => world.demo.schools[0]!.id;
  const base = () => `/api/v1/schools/${mine()}/artefacts`;
  let artefactId: string;
  let versionId: string;

  it('the school team opens a plan, uploads a version and submits it', async () => {
    const opened = await api(world, team, 'PUT', base(), { kind: 'development_plan' });
    expect(opened.status).toBe(200);
    artefactId = opened.body.id;
    const up = await api(world, team, 'POST', `${base()}/${artefactId}/versions`, pdf, file('学校规划.pdf'));
    expect(up.status).toBe(201);
    expect(up.body.versions[0]).toMatchObject({ version: 1, originalName: '学校规划.pdf', sizeBytes: pdf.length });
    versionId = up.body.versions[0].id;
    const retry = await api(world, team, 'POST', `${base()}/${artefactId}/versions`, pdf, file('学校规划.pdf'));
    expect([retry.status, retry.body.changed]).toEqual([200, false]);
    const submitted = await api(world, team, 'POST', `${base()}/${artefactId}/submit`, { versionId });
    expect(submitted.body.status).toBe('submitted');
  });

  it('refuses an upload declared over the limit with 413 naming it, and a missing file name with 422', async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    const opened = await api(world, team, 'PUT', base(), { kind: 'research_plan', theme: '双师课堂' });
    const tooBig = await api(world, team, 'POST', `${base()}/${opened.body.id}/versions`, big, file('方案.pdf'));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({ code: 'payload_too_large', details: { maxBytes: 20 * 1024 * 1024 } });
    const nameless = await api(world, team, 'POST', `${base()}/${opened.body.id}/versions`, pdf, {
      'content-type': 'application/octet-stream',
    });
    expect(nameless.status).toBe(422);
  });

  it('the county officer sees the queue, downloads the file and returns the plan with a reason', async () => {
    const queue = await api(world, officer, 'GET', '/api/v1/schools/artefacts/queue');
    expect(queue.body.items.map((i: { id: string; canDecide: boolean }) => [i.id, i.canDecide])).toEqual([
      [artefactId, true],
    ]);
    const download = await fetch(`${world.tool.url}${base()}/${artefactId}/versions/${versionId}/file`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-security-policy')).toContain('sandbox');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    const tooShort = await api(world, officer, 'POST', `${base()}/${artefactId}/return`, { versionId, reason: ' ' });
    expect(tooShort.status).toBe(422);
    const returned = await api(world, officer, 'POST', `${base()}/${artefactId}/return`, {
      versionId,
      reason: '请写明三年发展目标',
    });
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '请写明三年发展目标' });
    // The officer may not upload for the school.
    const upload = await api(world, officer, 'POST', `${base()}/${artefactId}/versions`, pdf, file('x.pdf'));
    expect(upload.body.error.code).toBe('school_team_required');
    expect(upload.status).toBe(403);
  });

  it('a school team sees only its school, a teacher nothing, the institution admin reads but does not decide', async () => {
    const other = world.demo.schools[1]!.id;
    expect((await api(world, team, 'GET', `/api/v1/schools/${other}/artefacts`)).status).toBe(404);
    expect(
      (await api(world, team, 'PUT', `/api/v1/schools/${other}/artefacts`, { kind: 'development_plan' })).status,
    ).toBe(404);
    expect((await api(world, team, 'GET', '/api/v1/schools/artefacts/queue')).body.items).toEqual([]);
    const decide = await api(world, team, 'POST', `${base()}/${artefactId}/approve`, { versionId });
    expect([decide.status, decide.body.error.code]).toEqual([403, 'county_admin_required']);

    const teacher = await world.launch(4);
    const refused = await api(world, teacher, 'GET', `${base()}`);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'oversight_forbidden']);
    expect((await api(world, teacher, 'GET', '/api/v1/schools/artefacts/queue')).status).toBe(403);

    const read = await api(world, admin, 'GET', base());
    expect(read.status).toBe(200);
    expect(read.body.can).toEqual({ edit: false, decide: false });
    expect(read.body.items.map((i: { status: string }) => i.status).sort()).toEqual(['draft', 'returned']);
  });

  it("another tenant's admin sees nothing of ours, not even a file by its ids", async () => {
    const theirs = await world.launch(2, { other: true });
    expect((await api(world, theirs, 'GET', base())).status).toBe(404);
    expect((await api(world, theirs, 'GET', '/api/v1/schools/artefacts/queue')).body.items).toEqual([]);
    expect((await api(world, theirs, 'GET', `${base()}/${artefactId}/versions/${versionId}/file`)).status).toBe(404);
    const approve = await api(world, theirs, 'POST', `${base()}/${artefactId}/approve`, { versionId });
    expect(approve.status).toBe(404);
  });
});

describe('school activities over HTTP', () => {
  const mine = () => world.demo.schools[0]!.id;
  const base = () => `/api/v1/schools/${mine()}/activities`;

  it('the team records an activity (a retry finds it), its attendance and a photo; others only read or nothing', async () => {
    const body = { heldOn: '2026-11-30', topic: '微能力点 A5 研讨', organiser: '王老师', practiceHours: 2 };
    const made = await api(world, team, 'POST', base(), body);
    expect(made.status).toBe(201);
    const retry = await api(world, team, 'POST', base(), body);
    expect([retry.status, retry.body.id]).toEqual([200, made.body.id]);
    const [teacher] = await world.tool.database.db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(eq(enrolments.schoolId, mine()))
      .limit(1);
    const enrolmentId = teacher!.id;
    const attended = await api(world, team, 'PUT', `${base()}/${made.body.id}/attendance`, {
      enrolmentIds: [enrolmentId],
    });
    expect(attended.body.participants).toEqual([expect.objectContaining({ enrolmentId, creditedHours: 0 })]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const photo = await api(world, team, 'POST', `${base()}/${made.body.id}/files?kind=photo`, png, file('合影.png'));
    expect(photo.status).toBe(201);
    const bad = await api(world, team, 'POST', `${base()}/${made.body.id}/files?kind=poster`, png, file('a.png'));
    expect(bad.status).toBe(422);

    const read = await api(world, officer, 'GET', base());
    expect([read.status, read.body.can.edit, read.body.items.length]).toEqual([200, false, 1]);
    const officerWrite = await api(world, officer, 'PUT', `${base()}/${made.body.id}/attendance`, {
      enrolmentIds: [],
    });
    expect([officerWrite.status, officerWrite.body.error.code]).toEqual([403, 'school_team_required']);
    const other = world.demo.schools[1]!.id;
    expect((await api(world, team, 'GET', `/api/v1/schools/${other}/activities`)).status).toBe(404);
    const theirs = await world.launch(2, { other: true });
    expect((await api(world, theirs, 'GET', base())).status).toBe(404);
    const fileId = photo.body.files[0].id as string;
    expect((await api(world, theirs, 'GET', `${base()}/${made.body.id}/files/${fileId}`)).status).toBe(404);
    const download = await api(world, officer, 'GET', `${base()}/${made.body.id}/files/${fileId}`);
    expect([download.status, download.headers.get('content-type')]).toEqual([200, 'image/png']);
  });
});
