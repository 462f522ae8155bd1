import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abilitySelections, auditLog, enrolments, ltiContexts } from '../../lti-tool/server/db/schema';
import { runDueExports } from '../../lti-tool/server/jobs/exports';
import { createBlobStore } from '../../lti-tool/server/storage';
import { pdfPageTexts } from '../helpers/pdf-text';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { makePassing } from './passing';

// pdf.js (Mozilla's reader) extracts the text back out of what pdfkit wrote.
let world: JourneyWorld;
let county: string;
let teacher: string;
let school: { id: string; name: string };

const pdfText = (bytes: Uint8Array) => pdfPageTexts(bytes);

async function get(path: string, token?: string) {
  const res = await fetch(`${world.tool.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const audits = (action: string) =>
  world.tool.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.action, action)));

beforeAll(async () => {
  world = await startJourneyWorld();
  const db = world.tool.database.db;
  const storage = createBlobStore(world.tool.config);
  const admin = await world.launch(2);
  const courses = await db.select().from(ltiContexts).where(eq(ltiContexts.tenantId, world.tenantId));
  const course = courses.find((c) => c.label === 'XXZX2024')!.id;
  const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId: world.demo.countyId };
  expect((await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course}`, body)).status).toBe(200);
  county = await world.launch(3);
  teacher = await world.launch(4);
  school = world.demo.schools[0]!;
  expect((await api(world, teacher, 'PUT', '/api/v1/me/school', { schoolId: school.id })).status).toBe(200);
  const [mine] = await db.select().from(enrolments).where(eq(enrolments.schoolId, school.id));
  const enrolment = (await db.select().from(enrolments)).find(
    (e) => e.schoolId === school.id && !world.demo.teachers.some((t) => t.enrolmentId === e.id),
  )!;
  expect(mine).toBeDefined();
  for (const abilityCode of ['A1', 'A2', 'A5']) {
    await db.insert(abilitySelections).values({ tenantId: world.tenantId, enrolmentId: enrolment.id, abilityCode });
  }
  const passed = await makePassing(db, storage, {
    enrolmentId: enrolment.id,
    assessorId: world.demo.assessorId,
    index: 20,
  });
  expect(passed?.state).toBe('ready_to_certify');
  // A demo teacher of the same school who had only chosen abilities passes too (for the school's batch).
  const demoTeacher = world.demo.teachers[9]!;
  const other = await makePassing(db, storage, { ...demoTeacher, assessorId: world.demo.assessorId, index: 9 });
  expect(other?.state).toBe('ready_to_certify');
});
afterAll(() => world.close());

describe('certificates (结业证书)', () => {
  let verifyPath: string;

  it('lets a teacher who meets the programme download a PDF with the Chinese name, grade, hours and serial', async () => {
    const before = await api(world, teacher, 'GET', '/api/v1/me/certificate');
    expect(before.body).toMatchObject({ eligible: true, state: 'ready_to_certify', certificate: null });
    const file = await get('/api/v1/me/certificate/file', teacher);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(decodeURIComponent(file.headers.get('content-disposition')!)).toContain('结业证书_李小明.pdf');
    const after = await api(world, teacher, 'GET', '/api/v1/me/certificate');
    const cert = after.body.certificate;
    expect(cert).toMatchObject({ grade: 'pass', status: 'valid', hours: 126 });
    expect(cert.serialNumber).toMatch(/^DEMO-C1-\d{4}-000001$/);
    const [text] = await pdfText(file.bytes);
    for (const part of ['李小明', '示范县能力提升工程2.0', '126.00', '合格', '示范县教师发展中心', cert.serialNumber]) {
      expect(text).toContain(part);
    }
    expect(text).toContain(cert.verifyUrl);
    verifyPath = new URL(cert.verifyUrl).pathname;
    // A second download is the same certificate, issued (and audited) once.
    const again = await pdfText((await get('/api/v1/me/certificate/file', teacher)).bytes);
    expect(again[0]).toContain(cert.serialNumber);
    expect(await audits('certificate.issue')).toHaveLength(1);
  });

  it('refuses a teacher who does not meet the programme yet, saying why', async () => {
    const other = await world.launch(5);
    await api(world, other, 'PUT', '/api/v1/me/school', { schoolId: school.id });
    expect((await api(world, other, 'GET', '/api/v1/me/certificate')).body).toMatchObject({ eligible: false });
    const res = await api(world, other, 'GET', '/api/v1/me/certificate/file');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('certificate_not_eligible');
    expect(res.body.error.message).toContain('学时');
  });

  it('verifies publicly (no login), showing only name, programme, date and status', async () => {
    const page = await get(verifyPath);
    expect(page.status).toBe(200);
    const html = new TextDecoder().decode(page.bytes);
    expect(html).toContain('有效证书');
    expect(html).toContain('李小明');
    expect(html).not.toContain(school.name);
    expect(html).not.toContain('126');
    const token = verifyPath.split('/').pop();
    const json = await api(world, '', 'GET', `/api/v1/verify/${token}`);
    expect(Object.keys(json.body).sort()).toEqual(['issuedOn', 'name', 'programme', 'revokedOn', 'status']);
    expect(json.body).toMatchObject({ name: '李小明', status: 'valid', revokedOn: null });
    expect((await get('/verify/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    const en = new TextDecoder().decode((await get(`${verifyPath}?lang=en`)).bytes);
    expect(en).toContain('Valid certificate');
  });

  it('produces a school batch as one PDF, a page per teacher who meets the programme', async () => {
    const queued = await api(world, county, 'POST', '/api/v1/exports', { kind: 'certificates', schoolId: school.id });
    expect(queued.status).toBe(202);
    await runDueExports({
      db: world.tool.database.db,
      storage: createBlobStore(world.tool.config),
      publicUrl: world.tool.config.publicUrl,
    });
    const job = await api(world, county, 'GET', `/api/v1/exports/${queued.body.id}`);
    expect(job.body).toMatchObject({ kind: 'certificates', status: 'done' });
    const file = await get(job.body.downloadUrl, county);
    const pages = await pdfText(file.bytes);
    expect(pages).toHaveLength(2);
    expect(pages.join('\n')).toContain('李小明');
    expect(pages.join('\n')).toContain('老师');
    expect(await audits('certificate.issue')).toHaveLength(2);
    // Another county's school is not the officer's to print.
    const outside = await api(world, county, 'POST', '/api/v1/exports', {
      kind: 'certificates',
      schoolId: '00000000-0000-4000-8000-000000000000',
    });
    expect(outside.status).toBe(404);
  });

  it('lets the county revoke (audited); verification then says revoked and the teacher cannot download', async () => {
    const list = await api(world, county, 'GET', `/api/v1/certificates?schoolId=${school.id}`);
    expect(list.status).toBe(200);
    const mine = list.body.items.find((c: { teacherName: string }) => c.teacherName === '李小明');
    expect(mine).toMatchObject({ status: 'valid', schoolId: school.id });
    expect(list.body.schools.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(world.demo.schools.map((x) => x.name)),
    );
    // Teachers and another tenant may not revoke; a short reason is refused naming the field.
    expect(
      (await api(world, teacher, 'POST', `/api/v1/certificates/${mine.id}/revoke`, { reason: '材料抄袭' })).status,
    ).toBe(403);
    const outsider = await world.launch(3, { other: true });
    expect(
      (await api(world, outsider, 'POST', `/api/v1/certificates/${mine.id}/revoke`, { reason: '材料抄袭' })).status,
    ).toBeGreaterThanOrEqual(403);
    const short = await api(world, county, 'POST', `/api/v1/certificates/${mine.id}/revoke`, { reason: 'x' });
    expect(short.status).toBe(422);
    const revoked = await api(world, county, 'POST', `/api/v1/certificates/${mine.id}/revoke`, {
      reason: '实践材料抄袭，经复核撤销',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokeReason: '实践材料抄袭，经复核撤销' });
    const [entry] = await audits('certificate.revoke');
    expect(entry).toMatchObject({ entityId: mine.id });
    const again = await api(world, county, 'POST', `/api/v1/certificates/${mine.id}/revoke`, { reason: '重复请求' });
    expect(again.body.revokeReason).toBe('实践材料抄袭，经复核撤销');
    expect(await audits('certificate.revoke')).toHaveLength(1);

    const html = new TextDecoder().decode((await get(verifyPath)).bytes);
    expect(html).toContain('证书已撤销');
    const token = verifyPath.split('/').pop();
    expect((await api(world, '', 'GET', `/api/v1/verify/${token}`)).body.status).toBe('revoked');
    const download = await api(world, teacher, 'GET', '/api/v1/me/certificate/file');
    expect(download.status).toBe(410);
    expect(download.body.error.code).toBe('certificate_revoked');
    expect((await api(world, teacher, 'GET', '/api/v1/me/certificate')).body.certificate.status).toBe('revoked');
  });

  it('refuses the county list to teachers and hides it from another county', async () => {
    expect((await api(world, teacher, 'GET', '/api/v1/certificates')).status).toBe(403);
    const elsewhere = await api(
      world,
      county,
      'GET',
      '/api/v1/certificates?schoolId=00000000-0000-4000-8000-000000000000',
    );
    expect(elsewhere.status).toBe(404);
    const outsider = await world.launch(3, { other: true });
    expect((await api(world, outsider, 'GET', '/api/v1/certificates')).status).toBeGreaterThanOrEqual(403);
  });
});
