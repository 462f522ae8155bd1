import { Readable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  enrolments,
  hoursLedgerEntries,
  organisations,
  people,
  programmeInstances,
  teacherStatus,
} from '../../lti-tool/server/db/schema';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import type { Actor } from '../../lti-tool/server/services/actor';
import { teacherLedger } from '../../lti-tool/server/services/completions/ledger';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { grantRole } from '../../lti-tool/server/services/role-grants/grants';
import {
  createActivity,
  schoolActivitiesOf,
  setAttendance,
  updateActivity,
} from '../../lti-tool/server/services/schools/activities';
import { listSchoolActivities } from '../../lti-tool/server/services/schools/activity-records';
import { removeActivityFile, uploadActivityFile } from '../../lti-tool/server/services/schools/activity-files';
import { oversightScope } from '../../lti-tool/server/services/schools/scope';
import { teacherStatus as evaluate } from '../../lti-tool/server/services/teacher-journey/records';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { createBlobStore, type BlobStore } from '../../lti-tool/server/storage';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { testTempDir } from '../helpers/temp-dir';

/**
 * 校本研修活动 against the engine: attendance credits practice hours only where the programme says so, within its
 * cap, with the activity as the ledger's provenance, reversed by a new entry when attendance is removed, and the
 * teacher's status row (what the school and county screens read) equals the engine after every change.
 */
let database: TestDatabase;
let demo: DemoWorld;
let storage: BlobStore;
let tenantId: string;
let team: Actor;
let county: Actor;
let school: string;
let teachers: string[];
const db = () => database.db;

async function person(name: string, role: 'school_team' | 'county_admin', organisationId: string): Promise<Actor> {
  const [p] = await db()
    .insert(people)
    .values({ tenantId, displayName: name, email: `${name}@example.cn` })
    .returning();
  const by = { tenantId, actor: { actorLabel: 'test', client: 'system' as const } };
  await grantRole(db(), by, { personId: p!.id, role, organisationId, source: 'admin' });
  return { tenantId, personId: p!.id, roles: [], label: name, client: 'web', requestId: null };
}

const scopeOf = (actor: Actor) => oversightScope(db(), actor, demo.programmeInstanceId);

async function setCredit(overrides: Record<string, unknown>) {
  const [instance] = await db()
    .select()
    .from(programmeInstances)
    .where(eq(programmeInstances.id, demo.programmeInstanceId));
  await db()
    .update(programmeInstances)
    .set({ parameterOverrides: { ...instance!.parameterOverrides, ...overrides } })
    .where(eq(programmeInstances.id, demo.programmeInstanceId));
}

/** The ledger's activity hours of a teacher, and the status row next to the engine run afresh. */
async function teacherNow(enrolmentId: string) {
  const activity = await db()
    .select({ hours: hoursLedgerEntries.hours })
    .from(hoursLedgerEntries)
    .where(and(eq(hoursLedgerEntries.enrolmentId, enrolmentId), eq(hoursLedgerEntries.sourceKind, 'activity')));
  const [row] = await db()
    .select({ enrolment: enrolments, instance: programmeInstances, school: organisations })
    .from(enrolments)
    .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .where(eq(enrolments.id, enrolmentId));
  const engine = await evaluate(db(), row!.enrolment, row!.instance, row!.school);
  const [stored] = await db().select().from(teacherStatus).where(eq(teacherStatus.enrolmentId, enrolmentId));
  return {
    activityHours: Math.round(activity.reduce((s, r) => s + Number(r.hours), 0) * 100) / 100,
    entries: activity.length,
    recordedPracticeMinutes: engine.hours.recorded.practice.minutes,
    engine: { practiceMinutes: engine.hours.counted.practice.minutes, state: engine.state },
    stored: { practiceMinutes: stored!.practiceMinutes, state: stored!.state },
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = await ensureTenant(database.db, 'activities', '校本研修活动');
  storage = createBlobStore({ dataDir: await testTempDir('activities-') });
  demo = await seedDemo(database.db, { tenantId, storage });
  await backfillTeacherStatus(database.db);
  school = demo.schools[0]!.id;
  team = await person('教研主任', 'school_team', school);
  county = await person('区县', 'county_admin', demo.countyId);
  const rows = await db()
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.schoolId, school), eq(enrolments.programmeInstanceId, demo.programmeInstanceId)))
    .orderBy(asc(enrolments.id));
  teachers = rows.map((r) => r.id);
  expect(teachers.length).toBeGreaterThanOrEqual(2);
});
afterAll(() => database.close());

const activity = async (topic: string, practiceHours: number, heldOn = '2026-11-20') =>
  createActivity(db(), await scopeOf(team), team, school, {
    heldOn,
    topic,
    organiser: '李组长',
    groupId: demo.schools[0]!.groupIds[0]!,
    practiceHours,
  });

describe('attendance and practice hours', () => {
  it('credits nothing by default (the programme parameter is off), but records and audits the attendance', async () => {
    const [a] = teachers;
    const before = await teacherNow(a!);
    const act = await activity('课堂观察：信息技术支持的学情分析', 2);
    const set = await setAttendance(db(), await scopeOf(team), team, school, act.id, [a!]);
    expect(set.participants).toEqual([expect.objectContaining({ enrolmentId: a, creditedHours: 0 })]);
    const after = await teacherNow(a!);
    expect(after.entries).toBe(0);
    expect(after.recordedPracticeMinutes).toBe(before.recordedPracticeMinutes);
    expect(after.stored).toEqual(after.engine);
    const view = await schoolActivitiesOf(db(), await scopeOf(team), school);
    expect(view.credit).toEqual({ fromActivities: false, activityMax: null });
    const audit = await db()
      .select({ action: auditLog.action, subject: auditLog.subjectPersonId })
      .from(auditLog)
      .where(eq(auditLog.entityId, act.id))
      .orderBy(asc(auditLog.id));
    expect(audit.map((x) => x.action)).toEqual(['school_activity.create', 'school_activity.attend']);
    expect(audit[1]!.subject).not.toBeNull();
  });

  it('credits attendance when the programme says so, capped, reversed by a new entry, status equal to the engine', async () => {
    await setCredit({ 'practiceCredit.fromActivities': true, 'practiceCredit.activityMax': 5 });
    const [a, b] = teachers as [string, string];
    const start = await teacherNow(a);
    const first = await activity('同课异构：交互式课件', 3, '2026-11-27');
    const set = await setAttendance(db(), await scopeOf(team), team, school, first.id, [a, b]);
    expect(set.participants.map((p) => p.creditedHours)).toEqual([3, 3]);
    let now = await teacherNow(a);
    expect(now.activityHours).toBe(3);
    expect(now.recordedPracticeMinutes - start.recordedPracticeMinutes).toBe(180);
    expect(now.stored).toEqual(now.engine);

    // The same list again (a retry) writes nothing.
    const again = await setAttendance(db(), await scopeOf(team), team, school, first.id, [b, a]);
    expect(again.changed).toBe(false);
    expect((await teacherNow(a)).entries).toBe(1);

    // A second activity fits only 2 of its 3 hours under the 5-hour cap.
    const second = await activity('主题研讨：智能评价', 3, '2026-12-01');
    await setAttendance(db(), await scopeOf(team), team, school, second.id, [a]);
    now = await teacherNow(a);
    expect(now.activityHours).toBe(5);
    expect(now.stored).toEqual(now.engine);

    // Removing the first attendance reverses its hours with a new (negative) entry; the ledger only grows.
    await setAttendance(db(), await scopeOf(team), team, school, first.id, [b]);
    now = await teacherNow(a);
    expect([now.activityHours, now.entries]).toEqual([2, 3]);
    expect(now.recordedPracticeMinutes - start.recordedPracticeMinutes).toBe(120);
    expect(now.stored).toEqual(now.engine);
    const ledger = await teacherLedger(db(), tenantId, a);
    const lines = ledger!.lines.filter((l) => l.source.kind === 'activity');
    expect(lines.map((l) => [l.hours, l.source])).toEqual([
      [3, { kind: 'activity', activityId: first.id }],
      [2, { kind: 'activity', activityId: second.id }],
      [-3, { kind: 'activity', activityId: first.id }],
    ]);
    expect(lines[2]!.correctsEntryId).toBe(lines[0]!.entryId);
    expect(lines[0]!.reason).toContain('同课异构');

    // Lowering the first activity's hours settles its remaining attendee with a correction too.
    await updateActivity(db(), await scopeOf(team), team, school, first.id, { practiceHours: 1.5 });
    const bNow = await teacherNow(b);
    expect(bNow.activityHours).toBe(1.5);
    expect(bNow.stored).toEqual(bNow.engine);

    const actions = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'hours_ledger_entry'), eq(auditLog.tenantId, tenantId)));
    expect(actions.map((x) => x.action).sort()).toEqual([
      'hours.activity_credit',
      'hours.activity_credit',
      'hours.activity_credit',
      'hours.activity_reverse',
      'hours.activity_reverse',
    ]);
  });

  it('refuses teachers of another school, and people who are not the school team', async () => {
    const act = await activity('跨校？', 1, '2026-12-02');
    const [stranger] = await db()
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(eq(enrolments.schoolId, demo.schools[1]!.id))
      .limit(1);
    await expect(setAttendance(db(), await scopeOf(team), team, school, act.id, [stranger!.id])).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'enrolmentIds' },
    });
    await expect(
      setAttendance(db(), await scopeOf(county), county, school, act.id, [teachers[0]!]),
    ).rejects.toMatchObject({ code: 'school_team_required' });
    await expect(schoolActivitiesOf(db(), await scopeOf(team), demo.schools[1]!.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    // The county reads the school's activities.
    expect((await schoolActivitiesOf(db(), await scopeOf(county), school)).can).toEqual({ edit: false });
  });
});

describe('the activity record', () => {
  it('a retried create finds the same activity; minutes and photos are uploaded with limits', async () => {
    const one = await activity('读书分享', 0, '2026-12-03');
    const two = await activity('读书分享', 0, '2026-12-03');
    expect([two.id, two.changed]).toEqual([one.id, false]);
    const upload = async (kind: 'minutes' | 'photo', filename: string, bytes: Buffer) =>
      uploadActivityFile(db(), storage, await scopeOf(team), team, {
        schoolId: school,
        activityId: one.id,
        kind,
        filename,
        body: Readable.from([bytes]),
        declaredBytes: bytes.length,
      });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const withPhoto = await upload('photo', '现场.png', png);
    expect(withPhoto.files.map((f) => [f.kind, f.originalName])).toEqual([['photo', '现场.png']]);
    expect((await upload('photo', '现场.png', png)).changed).toBe(false);
    await upload('minutes', '纪要.pdf', Buffer.from('%PDF-1.4\n纪要\n'));
    await expect(upload('photo', '纪要.pdf', Buffer.from('%PDF-1.4\n'))).rejects.toMatchObject({
      code: 'file_type_not_allowed',
    });
    await expect(
      uploadActivityFile(db(), storage, await scopeOf(team), team, {
        schoolId: school,
        activityId: one.id,
        kind: 'photo',
        filename: 'big.png',
        body: Readable.from([png]),
        declaredBytes: 11 * 1024 * 1024,
      }),
    ).rejects.toMatchObject({ maxBytes: 10 * 1024 * 1024 });
    const removed = await removeActivityFile(db(), await scopeOf(team), team, school, one.id, withPhoto.files[0]!.id);
    expect(removed.files.map((f) => f.kind)).toEqual(['minutes']);
    // The e-archive reads activities with attendance and the files' blob keys.
    const records = await listSchoolActivities(db(), {
      tenantId,
      programmeInstanceId: demo.programmeInstanceId,
      schoolId: school,
    });
    const record = records.find((r) => r.id === one.id)!;
    expect(record.files[0]!.storageKey).toMatch(/^sha256\//);
    expect(records.find((r) => r.topic === '同课异构：交互式课件')!.participants).toHaveLength(1);
  });
});
