import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  enrolments,
  organisations,
  platforms,
  programmeInstances,
  teacherStatus,
} from '../../lti-tool/server/db/schema';
import { seedDemo } from '../../lti-tool/server/demo/seed';
import { statusFigures } from '../../lti-tool/server/services/teacher-status/row';
import { teacherStatus as evaluate } from '../../lti-tool/server/services/teacher-journey/records';
import { createBlobStore } from '../../lti-tool/server/storage';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';

/**
 * The school profile over HTTP, role by role: the school team edits its own school (the principal also its team),
 * the institution admin may step in, the county reads, and another school's team, a teacher and another tenant's
 * admin see and change nothing. Every change is audited; environment and shortlist reach the teachers' status rows.
 */
let world: JourneyWorld;
let admin: string;
let team: string;
let officer: string;
let otherTeam: string;
let teamPersonId: string;
const db = () => world.tool.database.db;
const mine = () => world.demo.schools[0]!.id;
const base = () => `/api/v1/schools/${mine()}`;
const audits = async (action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.action, action)));
const schoolTeachers = () =>
  db()
    .select({ id: enrolments.id, personId: enrolments.personId })
    .from(enrolments)
    .where(eq(enrolments.schoolId, mine()))
    .orderBy(enrolments.id);

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
    const r = await api(world, admin, 'POST', '/api/v1/admin/role-grants', { email, role, organisationId });
    expect(r.status).toBe(201);
  }
  team = await world.launch(3);
  otherTeam = await world.launch(5);
  officer = await world.launch(6, { courseId: 3 });
});
afterAll(() => world.close());

describe('the school team keeps its profile', () => {
  it('shows the profile with the team, the groups, the teachers and what the person may do', async () => {
    const r = await api(world, team, 'GET', `${base()}/profile`);
    expect(r.status).toBe(200);
    expect(r.body.school.name).toBe('示范县第一小学');
    expect(r.body.can).toEqual({ edit: true, manageTeam: false });
    expect(r.body.environment).toEqual({ value: 'multimedia', diagnosedOn: null, basis: null });
    expect(r.body.team).toEqual([expect.objectContaining({ name: '王老师', principal: false })]);
    teamPersonId = r.body.team[0].personId;
    expect(r.body.groups.map((g: { name: string }) => g.name).sort()).toEqual(['数学组', '语文组']);
    expect(r.body.teachers).toHaveLength((await schoolTeachers()).length);
    // Multimedia schools choose from dimension A only.
    expect(r.body.abilityOptions.every((o: { code: string }) => o.code.startsWith('A'))).toBe(true);
  });

  it('sets the environment with its diagnosis and a shortlist; the status rows follow; a retry changes nothing', async () => {
    const body = {
      environment: { value: 'blended', diagnosedOn: '2026-09-15', basis: '县教师发展中心 2026 年秋季环境调研' },
      abilityShortlist: ['B2', 'A1', 'A5', 'A1'],
    };
    const r = await api(world, team, 'PATCH', `${base()}/profile`, body);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      changed: true,
      environment: { value: 'blended', diagnosedOn: '2026-09-15' },
      // Deduplicated, in catalogue order.
      abilityShortlist: ['A1', 'A5', 'B2'],
    });
    // The demo teachers chose A1, A2 and A5: with the shortlist enforced A2 no longer counts, and every row says so,
    // exactly as the engine does on the records now.
    const rows = await db()
      .select({ row: teacherStatus, enrolment: enrolments, instance: programmeInstances, school: organisations })
      .from(teacherStatus)
      .innerJoin(enrolments, eq(enrolments.id, teacherStatus.enrolmentId))
      .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
      .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
      .where(eq(enrolments.schoolId, mine()));
    expect(rows.length).toBe((await schoolTeachers()).length);
    for (const { row, enrolment, instance, school } of rows) {
      expect(row.abilitiesChosen).toBe(2);
      expect(row).toMatchObject(statusFigures(await evaluate(db(), enrolment, instance, school)));
    }
    expect(await audits('school_profile.environment')).toEqual([
      expect.objectContaining({
        entityId: mine(),
        actorPersonId: teamPersonId,
        before: expect.objectContaining({ environment: 'multimedia' }),
        after: expect.objectContaining({ environment: 'blended', basis: body.environment.basis }),
      }),
    ]);
    expect(await audits('school_profile.shortlist')).toHaveLength(1);

    const again = await api(world, team, 'PATCH', `${base()}/profile`, body);
    expect([again.status, again.body.changed]).toEqual([200, false]);
    expect(await audits('school_profile.environment')).toHaveLength(1);
    expect(await audits('school_profile.shortlist')).toHaveLength(1);
  });

  it('refuses a future diagnosis date and an ability the environment does not offer, naming the field', async () => {
    const future = await api(world, team, 'PATCH', `${base()}/profile`, {
      environment: { value: 'smart', diagnosedOn: '2999-01-01', basis: '调研' },
    });
    expect([future.status, future.body.error.code]).toEqual([422, 'school_environment_date']);
    expect(future.body.error.details).toEqual({ field: 'environment.diagnosedOn' });
    const wrong = await api(world, team, 'PATCH', `${base()}/profile`, { abilityShortlist: ['A1', 'C2'] });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'school_shortlist_invalid']);
    expect(wrong.body.error.details).toMatchObject({ field: 'abilityShortlist', refused: ['C2'] });
    expect(wrong.body.error.message).toContain('C2');
    const empty = await api(world, team, 'PATCH', `${base()}/profile`, {});
    expect(empty.status).toBe(422);
  });

  it('the institution admin marks the principal; the principal then manages the team, and cannot leave it', async () => {
    const refused = await api(world, team, 'POST', `${base()}/team`, { email: 'teacher4@example.cn' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'school_principal_required']);
    const self = await api(world, team, 'PUT', `${base()}/principal`, { personId: teamPersonId });
    expect(self.status).toBe(403);

    const marked = await api(world, admin, 'PUT', `${base()}/principal`, { personId: teamPersonId });
    expect(marked.body).toMatchObject({ changed: true, team: [{ personId: teamPersonId, principal: true }] });
    expect(await audits('school_profile.principal')).toHaveLength(1);

    await world.launch(4);
    const added = await api(world, team, 'POST', `${base()}/team`, { email: 'teacher4@example.cn' });
    expect(added.status).toBe(201);
    expect(added.body.can).toEqual({ edit: true, manageTeam: true });
    expect(added.body.team.map((m: { name: string; principal: boolean }) => [m.name, m.principal])).toEqual([
      ['王老师', true],
      ['李小明', false],
    ]);
    const retry = await api(world, team, 'POST', `${base()}/team`, { email: 'teacher4@example.cn' });
    expect([retry.status, retry.body.changed]).toEqual([200, false]);
    const unknown = await api(world, team, 'POST', `${base()}/team`, { email: 'nobody@example.cn' });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'role_person_unknown']);

    const leave = await api(world, team, 'DELETE', `${base()}/team/${teamPersonId}`);
    expect([leave.status, leave.body.error.code]).toEqual([422, 'school_principal_not_member']);
    const newcomer = added.body.team[1].personId as string;
    const removed = await api(world, team, 'DELETE', `${base()}/team/${newcomer}`);
    expect([removed.status, removed.body.changed, removed.body.team.length]).toEqual([200, true, 1]);
    const again = await api(world, team, 'DELETE', `${base()}/team/${newcomer}`);
    expect([again.status, again.body.changed]).toEqual([200, false]);
    expect(await audits('role.grant')).toEqual(
      expect.arrayContaining([expect.objectContaining({ actorPersonId: teamPersonId })]),
    );
    expect(await audits('role.revoke')).toEqual([expect.objectContaining({ actorPersonId: teamPersonId })]);
    // A principal's mark goes only to a member of the team.
    const outsider = await api(world, team, 'PUT', `${base()}/principal`, { personId: newcomer });
    expect([outsider.status, outsider.body.error.code]).toEqual([422, 'school_principal_not_member']);
  });

  it('opens, renames and fills a 教研组, moving teachers (audited on their record), and deletes it once empty', async () => {
    const made = await api(world, team, 'POST', `${base()}/groups`, { name: '英语组' });
    expect(made.status).toBe(201);
    const retry = await api(world, team, 'POST', `${base()}/groups`, { name: ' 英语组' });
    expect([retry.status, retry.body.groupId]).toEqual([200, made.body.groupId]);
    const groupId = made.body.groupId as string;
    const clash = await api(world, team, 'PATCH', `${base()}/groups/${groupId}`, { name: '语文组' });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'school_group_exists']);
    const renamed = await api(world, team, 'PATCH', `${base()}/groups/${groupId}`, { name: '英语教研组' });
    expect(renamed.body.groups.map((g: { name: string }) => g.name)).toContain('英语教研组');

    const [first, second] = await schoolTeachers();
    const members = `${base()}/groups/${groupId}/members`;
    const set = await api(world, team, 'PUT', members, { enrolmentIds: [first!.id, second!.id] });
    expect(set.body.changed).toBe(true);
    expect(set.body.groups.find((g: { id: string }) => g.id === groupId).members).toBe(2);
    const status = await db()
      .select({ groupId: teacherStatus.groupId })
      .from(teacherStatus)
      .where(inArray(teacherStatus.enrolmentId, [first!.id, second!.id]));
    expect(status.map((s) => s.groupId)).toEqual([groupId, groupId]);
    const moves = await audits('enrolment.group');
    expect(moves).toHaveLength(2);
    expect(moves.map((m) => m.subjectPersonId).sort()).toEqual([first!.personId, second!.personId].sort());
    const same = await api(world, team, 'PUT', members, { enrolmentIds: [second!.id, first!.id] });
    expect(same.body.changed).toBe(false);
    expect(await audits('enrolment.group')).toHaveLength(2);

    const [elsewhere] = await db()
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(eq(enrolments.schoolId, world.demo.schools[1]!.id))
      .limit(1);
    const notOurs = await api(world, team, 'PUT', members, { enrolmentIds: [elsewhere!.id] });
    expect([notOurs.status, notOurs.body.error.code]).toEqual([422, 'school_teacher_not_enrolled']);

    const busy = await api(world, team, 'DELETE', `${base()}/groups/${groupId}`);
    expect([busy.status, busy.body.error.code]).toEqual([409, 'school_group_in_use']);
    await api(world, team, 'PUT', members, { enrolmentIds: [] });
    const deleted = await api(world, team, 'DELETE', `${base()}/groups/${groupId}`);
    expect([deleted.status, deleted.body.groups.some((g: { id: string }) => g.id === groupId)]).toEqual([200, false]);
    expect(await audits('school_group.delete')).toHaveLength(1);
  });
});

describe('scope: who sees and changes what', () => {
  it('the county officer reads but changes nothing', async () => {
    const read = await api(world, officer, 'GET', `${base()}/profile`);
    expect([read.status, read.body.can]).toEqual([200, { edit: false, manageTeam: false }]);
    const patch = await api(world, officer, 'PATCH', `${base()}/profile`, { abilityShortlist: null });
    expect([patch.status, patch.body.error.code]).toEqual([403, 'school_profile_forbidden']);
    const group = await api(world, officer, 'POST', `${base()}/groups`, { name: '区县组' });
    expect(group.status).toBe(403);
  });

  it("another school's team, a teacher and another tenant's admin see and change nothing", async () => {
    const before = await api(world, admin, 'GET', `${base()}/profile`);
    for (const [token, status] of [
      [otherTeam, 404],
      [await world.launch(2, { other: true }), 404],
    ] as const) {
      expect((await api(world, token, 'GET', `${base()}/profile`)).status).toBe(status);
      expect((await api(world, token, 'PATCH', `${base()}/profile`, { abilityShortlist: null })).status).toBe(status);
      expect((await api(world, token, 'POST', `${base()}/groups`, { name: '外校组' })).status).toBe(status);
      expect((await api(world, token, 'PUT', `${base()}/principal`, { personId: teamPersonId })).status).toBe(status);
      expect((await api(world, token, 'DELETE', `${base()}/team/${teamPersonId}`)).status).toBe(status);
    }
    const teacher = await world.launch(4, { courseId: 2 });
    // User 4 was added to the team and removed above: a teacher again, without any grant.
    const refused = await api(world, teacher, 'GET', `${base()}/profile`);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'oversight_forbidden']);
    const after = await api(world, admin, 'GET', `${base()}/profile`);
    expect(after.body).toEqual(before.body);
    expect(after.body.can).toEqual({ edit: true, manageTeam: true });
  });
});
