import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, enrolments, ltiIdentities, teacherStatus } from '../../lti-tool/server/db/schema';
import { api, linkCourse, startJourneyWorld, type JourneyWorld } from '../journey/world';

/**
 * The school team syncs its roster from the LMS course linked to its school (NRPS): a preview that writes nothing,
 * the same row-by-row report as the file import, enrolments with the learners' LMS identities (so their first launch
 * finds them), audited, and a second sync that changes nothing; its own school only.
 */
let world: JourneyWorld;
let admin: string;
let team: string;
const db = () => world.tool.database.db;
const school = () => world.demo.schools[1]!.id;
const sync = (token: string, body: unknown, schoolId = school()) =>
  api(world, token, 'POST', `/api/v1/schools/${schoolId}/teachers/lms-sync`, body);
const schoolEnrolments = () => db().select().from(enrolments).where(eq(enrolments.schoolId, school()));
const audits = (action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.action, action)));

beforeAll(async () => {
  world = await startJourneyWorld();
  admin = await world.launch(2);
  await world.launch(3);
  await world.launch(6, { courseId: 3 });
  await linkCourse(world, admin, 'S2-2024', school());
  for (const [email, organisationId] of [
    ['assessor6@example.cn', school()],
    ['assessor1@example.cn', world.demo.schools[0]!.id],
  ] as const) {
    const grant = await api(world, admin, 'POST', '/api/v1/admin/role-grants', {
      email,
      role: 'school_team',
      organisationId,
    });
    expect(grant.status).toBe(201);
  }
  // Course 3's learners: a new teacher with an idnumber, one with no e-mail, and a teacher of another school.
  world.sim.addUser({
    id: 50,
    given_name: '新',
    family_name: '林',
    username: 'lin',
    email: 'lin@lms.example.cn',
    idnumber: 'T501',
  });
  world.sim.addUser({ id: 51, given_name: '静', family_name: '何', username: 'he', email: '' });
  world.sim.addUser({
    id: 52,
    given_name: '老师',
    family_name: '王',
    username: 'wang',
    email: 'demo-teacher-01@demo.example.cn',
  });
  for (const id of [50, 51, 52]) world.sim.enrol(3, id, 'Learner');
  team = await world.launch(6, { courseId: 3 });
});
afterAll(() => world.close());

describe('school roster from the LMS course (NRPS)', () => {
  it('previews the learners row by row and writes nothing', async () => {
    const before = await schoolEnrolments();
    const preview = await sync(team, { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.course).toMatchObject({ title: '实验中学 校本研修', members: 4, learners: 3, complete: true });
    type Row = { name: string; outcome: string; staffNumber: string; reasons: { zh: string }[] };
    const rows = new Map((preview.body.rows as Row[]).map((r) => [r.name, r]));
    expect(Object.fromEntries([...rows].map(([name, r]) => [name, r.outcome]))).toEqual({
      林新: 'created',
      何静: 'created',
      王老师: 'rejected',
    });
    expect(rows.get('林新')!.staffNumber).toBe('T501');
    expect(rows.get('王老师')!.reasons[0]!.zh).toContain(world.demo.schools[0]!.name);
    expect(await schoolEnrolments()).toEqual(before);
    expect(
      await db()
        .select()
        .from(ltiIdentities)
        .where(inArray(ltiIdentities.subject, ['50', '51'])),
    ).toEqual([]);
  });

  it('enrols the learners with their LMS identities, audited, and a second sync changes nothing', async () => {
    const before = await schoolEnrolments();
    const done = await sync(team, { dryRun: false });
    expect(done.body.summary).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1, groupsCreated: [] });
    const after = await schoolEnrolments();
    expect(after).toHaveLength(before.length + 2);
    const identities = await db()
      .select()
      .from(ltiIdentities)
      .where(inArray(ltiIdentities.subject, ['50', '51']));
    const added = after.filter((e) => !before.some((b) => b.id === e.id));
    expect(added.map((e) => e.personId).sort()).toEqual(identities.map((i) => i.personId).sort());
    expect(added.find((e) => e.staffNumber === 'T501')).toBeDefined();
    const created = (await audits('enrolment.create')).filter((a) => added.some((e) => e.id === a.entityId));
    expect(created.map((a) => a.subjectPersonId).sort()).toEqual(added.map((e) => e.personId).sort());
    expect(await audits('teacher_roster_sync.apply')).toHaveLength(1);
    expect(
      await db()
        .select()
        .from(teacherStatus)
        .where(
          inArray(
            teacherStatus.enrolmentId,
            added.map((e) => e.id),
          ),
        ),
    ).toHaveLength(2);
    const again = await sync(team, { dryRun: false });
    expect(again.body.summary).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 1, groupsCreated: [] });
    expect(await schoolEnrolments()).toHaveLength(after.length);
    expect(await audits('teacher_roster_sync.apply')).toHaveLength(1);
  });

  it("a synced teacher's first launch finds their enrolment", async () => {
    const [identity] = await db().select().from(ltiIdentities).where(eq(ltiIdentities.subject, '50'));
    const [enrolment] = await db()
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.personId, identity!.personId), eq(enrolments.schoolId, school())));
    const me = await api(world, await world.launch(50, { courseId: 3 }), 'GET', '/api/v1/me/enrolment');
    expect(me.body).toMatchObject({ state: 'enrolled', enrolment: { id: enrolment!.id } });
  });

  it('its own school only, from a course linked to it; teachers are refused; bad input is 422', async () => {
    expect((await sync(team, { dryRun: true }, world.demo.schools[0]!.id)).status).toBe(404);
    const elsewhere = await sync(await world.launch(3), { dryRun: true }, world.demo.schools[0]!.id);
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([409, 'course_not_linked']);
    expect(elsewhere.body.error.message).toContain('本校');
    const teacher = await sync(await world.launch(4), { dryRun: true });
    expect(teacher.status).toBe(403);
    expect((await sync(team, { dryRun: 'yes' })).status).toBe(422);
  });
});
