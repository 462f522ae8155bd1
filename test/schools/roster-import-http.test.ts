import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  enrolments,
  ltiIdentities,
  organisations,
  people,
  platforms,
  teacherStatus,
} from '../../lti-tool/server/db/schema';
import { seedDemo } from '../../lti-tool/server/demo/seed';
import { createBlobStore } from '../../lti-tool/server/storage';
import { api, linkCourse, startJourneyWorld, type JourneyWorld } from '../journey/world';

/**
 * A school's teacher roster from CSV and XLSX over HTTP: template, preview, a row-by-row report, an import that
 * writes only accepted rows (audited on each teacher's record), a re-import that changes nothing, the limits, the
 * scope, and the imported teacher's first launch finding their record.
 */
let world: JourneyWorld;
let admin: string;
let team: string;
let officer: string;
let otherTeam: string;
const db = () => world.tool.database.db;
const mine = () => world.demo.schools[0]!.id;
const base = () => `/api/v1/schools/${mine()}/teachers`;
const csv = (text: string) => new TextEncoder().encode(`\uFEFF${text}`);
const upload = (token: string, bytes: Uint8Array, dryRun: boolean, name = '教师名单.csv') =>
  api(world, token, 'POST', `${base()}/imports?dryRun=${dryRun}`, bytes, {
    'content-type': name.endsWith('.xlsx')
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv',
    'x-filename': encodeURIComponent(name),
  });
const schoolEnrolments = () => db().select().from(enrolments).where(eq(enrolments.schoolId, mine()));
const audits = (action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.action, action)));

// demo-teacher-01 and -04 teach at school 0 (语文组 / 语文, 数学组 / 数学); -02 at school 1.
const FILE = [
  '姓名,邮箱,工号,学科,教研组',
  '王老师,demo-teacher-01@demo.example.cn,,语文,语文组',
  '刘老师,DEMO-TEACHER-04@demo.example.cn,T004,信息技术,',
  '周新,zhou.new@example.cn,,英语,英语组',
  '吴新,,T100,科学,英语组',
  '李老师,demo-teacher-02@demo.example.cn,,,',
  ',nobody@example.cn,,,',
  '重复,zhou.new@example.cn,,,',
  '错邮箱,not-an-email,,,',
].join('\r\n');

beforeAll(async () => {
  world = await startJourneyWorld();
  const [theirs] = await db().select().from(platforms).where(eq(platforms.clientId, world.otherClientId));
  await seedDemo(db(), { tenantId: theirs!.tenantId, storage: createBlobStore(world.tool.config) });
  admin = await world.launch(2);
  for (const user of [3, 5]) await world.launch(user);
  await world.launch(6, { courseId: 3 });
  for (const [email, role, organisationId] of [
    ['assessor1@example.cn', 'school_team', mine()],
    ['teacher5@example.cn', 'school_team', world.demo.schools[1]!.id],
    ['assessor6@example.cn', 'county_admin', world.demo.countyId],
  ] as const) {
    expect((await api(world, admin, 'POST', '/api/v1/admin/role-grants', { email, role, organisationId })).status).toBe(
      201,
    );
  }
  team = await world.launch(3);
  otherTeam = await world.launch(5);
  officer = await world.launch(6, { courseId: 3 });
});
afterAll(() => world.close());

describe('teacher roster import', () => {
  it('offers the template as CSV (UTF-8 with BOM) and XLSX', async () => {
    const template = await fetch(`${world.tool.url}${base()}/template?format=csv&lang=zh`, {
      headers: { authorization: `Bearer ${team}` },
    });
    expect(template.status).toBe(200);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await template.arrayBuffer())).toBe(
      '\uFEFF姓名,邮箱,工号,学科,教研组\r\n',
    );
    const xlsx = await fetch(`${world.tool.url}${base()}/template?format=xlsx&lang=en`, {
      headers: { authorization: `Bearer ${team}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      'Name',
      'E-mail',
      'Staff number',
      'Subject',
      'Group',
    ]);
  });

  it('previews row by row and writes nothing', async () => {
    const before = await schoolEnrolments();
    const r = await upload(team, csv(FILE), true);
    expect(r.status).toBe(200);
    expect(r.body.summary).toEqual({ created: 2, updated: 1, unchanged: 1, rejected: 4, groupsCreated: ['英语组'] });
    expect(r.body.rows.map((row: { row: number; outcome: string }) => [row.row, row.outcome])).toEqual([
      [2, 'unchanged'],
      [3, 'updated'],
      [4, 'created'],
      [5, 'created'],
      [6, 'rejected'],
      [7, 'rejected'],
      [8, 'rejected'],
      [9, 'rejected'],
    ]);
    const reason = (row: number) => r.body.rows.find((x: { row: number }) => x.row === row).reasons[0].zh;
    expect(reason(3)).toBe('学科：数学 → 信息技术');
    expect(reason(6)).toContain('示范县实验中学');
    expect(reason(7)).toBe('“姓名”不能为空');
    expect(reason(8)).toBe('与第 4 行是同一位教师（邮箱或工号相同）');
    expect(reason(9)).toContain('not-an-email');
    expect(await schoolEnrolments()).toEqual(before);
  });

  it('imports the accepted rows, audited on each teacher, and a re-import changes nothing', async () => {
    const before = await schoolEnrolments();
    const r = await upload(team, csv(FILE), false);
    expect(r.body.summary).toMatchObject({ created: 2, updated: 1, unchanged: 1, rejected: 4 });
    const after = await schoolEnrolments();
    expect(after.length).toBe(before.length + 2);
    const [group] = await db()
      .select()
      .from(organisations)
      .where(and(eq(organisations.parentId, mine()), eq(organisations.name, '英语组')));
    const [zhou] = await db().select().from(people).where(eq(people.email, 'zhou.new@example.cn'));
    const zhouEnrolment = after.find((e) => e.personId === zhou!.id)!;
    expect(zhouEnrolment).toMatchObject({ subject: '英语', groupId: group!.id, status: 'active' });
    expect(after.find((e) => e.staffNumber === 'T100')).toMatchObject({ subject: '科学', groupId: group!.id });
    expect(after.find((e) => e.staffNumber === 'T004')).toMatchObject({ subject: '信息技术' });
    // Each new teacher has a status row (the school's figures count them at once).
    const [status] = await db().select().from(teacherStatus).where(eq(teacherStatus.enrolmentId, zhouEnrolment.id));
    expect(status).toMatchObject({ schoolId: mine(), groupId: group!.id, state: 'not_started' });
    expect((await audits('enrolment.create')).map((a) => a.subjectPersonId)).toContain(zhou!.id);
    expect(await audits('enrolment.update')).toHaveLength(1);
    expect(await audits('teacher_roster_import.apply')).toHaveLength(1);

    const again = await upload(team, csv(FILE), false);
    expect(again.body.summary).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 4, groupsCreated: [] });
    expect(await schoolEnrolments()).toEqual(after);
    expect(await audits('teacher_roster_import.apply')).toHaveLength(1);
    expect(await audits('enrolment.update')).toHaveLength(1);
  });

  it('reads an XLSX file the same way', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('教师名单');
    sheet.addRow(['姓名', '邮箱', '工号', '学科', '教研组']);
    sheet.addRow(['郑新', 'zheng.new@example.cn', '0077', '美术', '语文组']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const r = await upload(team, bytes, false, '名单.xlsx');
    expect(r.body.file.format).toBe('xlsx');
    expect(r.body.rows).toEqual([expect.objectContaining({ row: 2, staffNumber: '0077', outcome: 'created' })]);
  });

  it('refuses files over the limits and without the columns, naming the limit and the fix', async () => {
    const many = csv(['姓名,邮箱', ...Array.from({ length: 2001 }, (_, i) => `教师${i},t${i}@example.cn`)].join('\n'));
    const tooMany = await upload(team, many, true);
    expect([tooMany.status, tooMany.body.error.code]).toEqual([413, 'teacher_import_too_large']);
    expect(tooMany.body.error.details).toMatchObject({ limitRows: 2000, rows: 2001 });
    expect(tooMany.body.error.message).toContain('2001');
    const big = await upload(team, new Uint8Array(1024 * 1024 + 1).fill(0x41), true);
    expect([big.status, big.body.error.code]).toEqual([413, 'teacher_import_too_large']);
    const header = await upload(team, csv('学科,教研组\n语文,语文组'), true);
    expect([header.status, header.body.error.code]).toEqual([422, 'teacher_import_header']);
    const binary = await upload(team, new Uint8Array([0, 1, 2, 3]), true);
    expect([binary.status, binary.body.error.code]).toEqual([422, 'teacher_import_unreadable']);
  });

  it('the county reads nothing here and changes nothing; another school or tenant gets 404', async () => {
    const file = csv('姓名,邮箱\n外人,outsider@example.cn');
    const county = await upload(officer, file, false);
    expect([county.status, county.body.error.code]).toEqual([403, 'school_profile_forbidden']);
    expect((await upload(otherTeam, file, false)).status).toBe(404);
    expect((await upload(await world.launch(2, { other: true }), file, false)).status).toBe(404);
    const teacher = await upload(await world.launch(4), file, false);
    expect([teacher.status, teacher.body.error.code]).toEqual([403, 'oversight_forbidden']);
    expect(await db().select().from(people).where(eq(people.email, 'outsider@example.cn'))).toEqual([]);
  });

  it("an imported teacher's first launch from the course finds their record, not a new one", async () => {
    await linkCourse(world, admin, 'XXZX2024', mine());
    world.sim.addUser({ id: 40, given_name: '新', family_name: '周', username: 'zhou', email: 'Zhou.New@example.cn' });
    world.sim.enrol(2, 40, 'Learner');
    const token = await world.launch(40);
    const me = await api(world, token, 'GET', '/api/v1/me/enrolment');
    const [zhou] = await db().select().from(people).where(eq(people.email, 'Zhou.New@example.cn'));
    const [enrolment] = await db().select().from(enrolments).where(eq(enrolments.personId, zhou!.id));
    expect(me.body).toMatchObject({ state: 'enrolled', enrolment: { id: enrolment!.id } });
    expect(await db().select().from(people).where(eq(people.displayName, '周新'))).toHaveLength(1);
  });

  it('a teacher imported with a staff number only is found at first launch by the idnumber the LMS sends', async () => {
    // 吴新 was imported as 工号 T100 with no e-mail; Moodle sends the user's idnumber as lis.person_sourcedid.
    const [imported] = await db()
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.schoolId, mine()), eq(enrolments.staffNumber, 'T100')));
    expect(await db().select().from(ltiIdentities).where(eq(ltiIdentities.personId, imported!.personId))).toEqual([]);
    world.sim.addUser({
      id: 42,
      given_name: '新',
      family_name: '吴',
      username: 'wu',
      email: 'wu.xin@lms.example.cn',
      idnumber: 'T100',
    });
    world.sim.enrol(2, 42, 'Learner');
    const token = await world.launch(42);
    const me = await api(world, token, 'GET', '/api/v1/me/enrolment');
    expect(me.body).toMatchObject({ state: 'enrolled', enrolment: { id: imported!.id } });
    const [identity] = await db().select().from(ltiIdentities).where(eq(ltiIdentities.subject, '42'));
    expect(identity!.personId).toBe(imported!.personId);
    const [person] = await db().select().from(people).where(eq(people.id, imported!.personId));
    expect(person).toMatchObject({ displayName: '吴新', email: 'wu.xin@lms.example.cn' });
  });

  it('never takes over by staff number a person who came from the LMS, nor one at a school the course does not serve', async () => {
    // T100 now belongs to a person with an LMS identity: another LMS user with that idnumber gets a person of their own.
    const before = await db().select({ id: people.id }).from(people);
    world.sim.addUser({
      id: 43,
      given_name: '冒',
      family_name: '工号',
      username: 'dup',
      email: 'dup@lms.example.cn',
      idnumber: 'T100',
    });
    world.sim.enrol(2, 43, 'Learner');
    await world.launch(43);
    const [taken] = await db().select().from(ltiIdentities).where(eq(ltiIdentities.subject, '43'));
    expect(before.map((p) => p.id)).not.toContain(taken!.personId);
    const [t100] = await db()
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.schoolId, mine()), eq(enrolments.staffNumber, 'T100')));
    const me = await api(world, await world.launch(43), 'GET', '/api/v1/me/enrolment');
    expect(me.body.enrolment?.id).not.toBe(t100!.id);
    expect(t100!.personId).not.toBe(taken!.personId);
    // Another school's teacher imported with a staff number only is not found from this school's course.
    const [elsewhere] = await db().insert(people).values({ tenantId: world.tenantId, displayName: '郑远' }).returning();
    await db().insert(enrolments).values({
      tenantId: world.tenantId,
      programmeInstanceId: world.demo.programmeInstanceId,
      personId: elsewhere!.id,
      schoolId: world.demo.schools[1]!.id,
      staffNumber: 'T200',
    });
    world.sim.addUser({
      id: 44,
      given_name: '远',
      family_name: '郑',
      username: 'zheng',
      email: 'zheng@lms.example.cn',
      idnumber: 'T200',
    });
    world.sim.enrol(2, 44, 'Learner');
    await world.launch(44);
    const [zheng] = await db().select().from(ltiIdentities).where(eq(ltiIdentities.subject, '44'));
    expect(zheng!.personId).not.toBe(elsewhere!.id);
  });

  it('never takes over a person who already came from the LMS, even with the same e-mail', async () => {
    const before = await db().select().from(people).where(eq(people.email, 'assessor1@example.cn'));
    world.sim.addUser({
      id: 41,
      given_name: '冒',
      family_name: '名',
      username: 'other',
      email: 'assessor1@example.cn',
    });
    world.sim.enrol(2, 41, 'Learner');
    await world.launch(41);
    const after = await db().select().from(people).where(eq(people.email, 'assessor1@example.cn'));
    expect(after).toHaveLength(before.length + 1);
  });
});
