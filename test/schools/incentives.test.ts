import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  enrolments,
  hoursLedgerEntries,
  incentiveAwards,
  organisations,
  people,
  programmeInstances,
} from '../../lti-tool/server/db/schema';
import { demoPeriod, seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import type { Actor } from '../../lti-tool/server/services/actor';
import { confirmIncentives, withdrawIncentives } from '../../lti-tool/server/services/incentives/decide';
import { incentivesOf } from '../../lti-tool/server/services/incentives/list';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { grantRole } from '../../lti-tool/server/services/role-grants/grants';
import { oversightScope } from '../../lti-tool/server/services/schools/scope';
import { teacherStatus as evaluate } from '../../lti-tool/server/services/teacher-journey/records';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { refreshTeacherStatus } from '../../lti-tool/server/services/teacher-status/refresh';
import { createBlobStore } from '../../lti-tool/server/storage';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { testTempDir } from '../helpers/temp-dir';

/** The county's incentives: candidates agree with the engine, decisions are scoped, idempotent and audited. */
let database: TestDatabase;
let demo: DemoWorld;
let officer: Actor;
let outsider: Actor;
const db = () => database.db;
const query = (kind: 'credits' | 'excellent_learner' | 'model_school' | 'excellent_principal') => ({
  kind,
  offset: 0,
  limit: 500,
});

beforeAll(async () => {
  database = await createTestDatabase();
  const tenantId = await ensureTenant(db(), 'incentives', '奖励');
  demo = await seedDemo(db(), {
    tenantId,
    storage: createBlobStore({ dataDir: await testTempDir('inc-') }),
  });
  await backfillTeacherStatus(db());
  // Two teachers log the practice hours they lacked; their rows are refreshed as every ledger write does.
  await db().transaction(async (tx) => {
    for (const t of demo.teachers.slice(0, 2)) {
      await tx.insert(hoursLedgerEntries).values({
        tenantId,
        enrolmentId: t.enrolmentId,
        category: 'practice',
        hours: '30',
        schoolYear: demoPeriod(new Date()).schoolYear,
        sourceKind: 'manual',
        recordedBySystem: 'test',
        reason: '测试',
      });
      await refreshTeacherStatus(tx, t.enrolmentId);
    }
  });
  const by = { tenantId, actor: { actorLabel: 'test', client: 'system' as const } };
  const person = async (email: string) =>
    (await db().insert(people).values({ tenantId, displayName: email, email }).returning())[0]!.id;
  // A second county of the same tenant with a school of its own, and its officer.
  const [county2] = await db()
    .insert(organisations)
    .values({ tenantId, kind: 'county', code: 'C2', name: '邻县' })
    .returning();
  await db()
    .insert(organisations)
    .values({ tenantId, kind: 'school', code: 'C2-S1', name: '邻县小学', parentId: county2!.id });
  const officerId = await person('officer@example.cn');
  await grantRole(db(), by, {
    personId: officerId,
    role: 'county_admin',
    organisationId: demo.countyId,
    source: 'admin',
  });
  const outsiderId = await person('outsider@example.cn');
  await grantRole(db(), by, {
    personId: outsiderId,
    role: 'county_admin',
    organisationId: county2!.id,
    source: 'admin',
  });
  const actor = (personId: string): Actor => ({
    tenantId,
    personId,
    roles: [],
    label: 'test',
    client: 'system',
    requestId: null,
  });
  officer = actor(officerId);
  outsider = actor(outsiderId);
});
afterAll(() => database.close());

const scopeOf = (actor: Actor) => oversightScope(db(), actor, demo.programmeInstanceId);

async function engineStatuses() {
  const rows = await db()
    .select({ enrolment: enrolments, instance: programmeInstances, school: organisations })
    .from(enrolments)
    .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .where(eq(enrolments.programmeInstanceId, demo.programmeInstanceId));
  return Promise.all(
    rows.map(async (r) => ({
      enrolment: r.enrolment,
      status: await evaluate(db(), r.enrolment, r.instance, r.school),
    })),
  );
}

async function setOverrides(overrides: Record<string, unknown>) {
  const [instance] = await db()
    .select()
    .from(programmeInstances)
    .where(eq(programmeInstances.id, demo.programmeInstanceId));
  await db()
    .update(programmeInstances)
    .set({ parameterOverrides: { ...instance!.parameterOverrides, ...overrides } })
    .where(eq(programmeInstances.id, demo.programmeInstanceId));
}

const HOURS = new Set(['hours-total', 'hours-online', 'hours-practice', 'practice-share']);

describe('incentive candidates are the engine', () => {
  it('credits go to teachers whose hour requirements the engine met; 优秀学员 to a teacher-level 优秀', async () => {
    const scope = await scopeOf(officer);
    const engine = await engineStatuses();
    const credits = await incentivesOf(db(), scope, query('credits'));
    expect(credits.rules).toMatchObject({ creditsOnHoursComplete: 50, excellentLearnerScore: 100 });
    const hoursDone = engine.filter((e) => e.status.requirements.filter((r) => HOURS.has(r.id)).every((r) => r.met));
    expect(credits.items.map((i) => i.subjectId).sort()).toEqual(hoursDone.map((e) => e.enrolment.id).sort());
    expect(hoursDone.length).toBeGreaterThan(0);
    expect(hoursDone.length).toBeLessThan(engine.length);
    const learners = await incentivesOf(db(), scope, query('excellent_learner'));
    expect(learners.items.map((i) => i.subjectId).sort()).toEqual(
      engine
        .filter((e) => e.status.excellent)
        .map((e) => e.enrolment.id)
        .sort(),
    );
    const summary = Object.fromEntries(credits.summary.map((s) => [s.kind, s.candidates]));
    expect(summary.credits).toBe(hoursDone.length);
  });

  it('示范校 and 优秀校长 follow the average of the graded research results, with the coverage rule', async () => {
    const scope = await scopeOf(officer);
    // Every graded result counts full marks, and one teacher with a graded result is enough.
    await setOverrides({
      'incentives.gradeScores': { excellent: 100, pass: 100, fail: 0 },
      'incentives.modelSchoolCoveragePercent': 1,
    });
    const engine = await engineStatuses();
    const expected = demo.schools
      .filter((s) => {
        const graded = engine
          .filter((e) => e.enrolment.schoolId === s.id)
          .flatMap((e) => e.status.abilities.filter((a) => a.grade !== null));
        return graded.length > 0 && graded.every((a) => a.grade !== 'fail');
      })
      .map((s) => s.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const schools = await incentivesOf(db(), scope, query('model_school'));
    expect(schools.items.map((i) => i.subjectId).sort()).toEqual(expected);
    expect(schools.items[0]!.basis.averageScore).toBe(100);
    // The school profile records one school's principal: the 优秀校长 list names them, the others name no one yet.
    const [principal] = await db()
      .insert(people)
      .values({ tenantId: scope.tenantId, displayName: '示范校长', email: 'head@example.cn' })
      .returning();
    await db()
      .update(organisations)
      .set({ principalPersonId: principal!.id })
      .where(eq(organisations.id, expected[0]!));
    const principals = await incentivesOf(db(), scope, query('excellent_principal'));
    expect(principals.items.map((i) => i.schoolId).sort()).toEqual(expected);
    expect(principals.items.map((i) => [i.schoolId, i.name])).toEqual(
      expect.arrayContaining([[expected[0], '示范校长'], ...expected.slice(1).map((id) => [id, null])]),
    );
    // Back to the Henan rule: every teacher must have a graded result, and the demo schools do not.
    await setOverrides({
      'incentives.gradeScores': { excellent: 100, pass: 80, fail: 0 },
      'incentives.modelSchoolCoveragePercent': 100,
    });
    expect((await incentivesOf(db(), scope, query('model_school'))).total).toBe(0);
  });
});

describe('the county officer confirms and withdraws', () => {
  it('confirms, idempotently, with an audit row per change and the credits of the rule', async () => {
    const scope = await scopeOf(officer);
    const list = await incentivesOf(db(), scope, query('credits'));
    const ids = list.items.map((i) => i.subjectId);
    expect(list.items.every((i) => i.canDecide && i.award === null)).toBe(true);
    const first = await confirmIncentives(db(), scope, officer, { kind: 'credits', subjectIds: ids });
    expect(first.changed).toBe(ids.length);
    const again = await confirmIncentives(db(), scope, officer, { kind: 'credits', subjectIds: ids });
    expect(again).toMatchObject({ changed: 0 });
    expect(again.results.every((r) => r.outcome === 'unchanged')).toBe(true);
    const awards = await db().select().from(incentiveAwards).where(eq(incentiveAwards.kind, 'credits'));
    expect(awards.map((a) => [a.status, a.credits])).toEqual(ids.map(() => ['confirmed', 50]));
    const audit = await db().select().from(auditLog).where(eq(auditLog.action, 'incentive.confirm'));
    expect(audit).toHaveLength(ids.length);
    expect(audit.every((a) => a.subjectPersonId !== null && a.actorPersonId === officer.personId)).toBe(true);
    const after = await incentivesOf(db(), scope, query('credits'));
    expect(after.summary.find((s) => s.kind === 'credits')).toMatchObject({ confirmed: ids.length, withdrawn: 0 });
    expect(after.items[0]!.award).toMatchObject({ status: 'confirmed', credits: 50, decidedBy: 'officer@example.cn' });
  });

  it('withdraws with a reason, then confirms again; a withdrawal repeated changes nothing', async () => {
    const scope = await scopeOf(officer);
    const [item] = (await incentivesOf(db(), scope, query('credits'))).items;
    const body = { kind: 'credits' as const, subjectIds: [item!.subjectId], reason: '学时记录有误' };
    expect((await withdrawIncentives(db(), scope, officer, body)).changed).toBe(1);
    expect((await withdrawIncentives(db(), scope, officer, body)).changed).toBe(0);
    const [award] = await db()
      .select()
      .from(incentiveAwards)
      .where(and(eq(incentiveAwards.kind, 'credits'), eq(incentiveAwards.enrolmentId, item!.subjectId)));
    expect([award!.status, award!.withdrawReason]).toEqual(['withdrawn', '学时记录有误']);
    const redo = await confirmIncentives(db(), scope, officer, { kind: 'credits', subjectIds: [item!.subjectId] });
    expect(redo.results).toEqual([{ subjectId: item!.subjectId, outcome: 'confirmed' }]);
    const trail = await db().select().from(auditLog).where(eq(auditLog.entityId, award!.id));
    expect(trail.map((a) => a.action)).toEqual(['incentive.confirm', 'incentive.withdraw', 'incentive.confirm']);
  });

  it('refuses a teacher who does not meet the rule (409, named), and changes nothing of the batch', async () => {
    const scope = await scopeOf(officer);
    const engine = await engineStatuses();
    const behind = engine.find((e) => !e.status.excellent)!.enrolment.id;
    const ok = (await incentivesOf(db(), scope, query('excellent_learner'))).items.map((i) => i.subjectId);
    const refused = confirmIncentives(db(), scope, officer, { kind: 'excellent_learner', subjectIds: [...ok, behind] });
    await expect(refused).rejects.toMatchObject({ code: 'incentive_not_eligible', details: { subjectIds: [behind] } });
    expect(await db().select().from(incentiveAwards).where(eq(incentiveAwards.kind, 'excellent_learner'))).toEqual([]);
  });

  it('refuses a kind the programme does not grant', async () => {
    const scope = await scopeOf(officer);
    await setOverrides({ 'incentives.excellentLearnerScore': null });
    const off = await incentivesOf(db(), scope, query('excellent_learner'));
    expect(off.summary.find((s) => s.kind === 'excellent_learner')).toMatchObject({ enabled: false, candidates: 0 });
    const refused = confirmIncentives(db(), scope, officer, {
      kind: 'excellent_learner',
      subjectIds: [demo.teachers[0]!.enrolmentId],
    });
    await expect(refused).rejects.toMatchObject({ code: 'incentives_off' });
    await setOverrides({ 'incentives.excellentLearnerScore': 100 });
  });

  it("another county's officer sees none of ours and may decide none of it", async () => {
    const scope = await scopeOf(outsider);
    const list = await incentivesOf(db(), scope, query('credits'));
    expect(list.items).toEqual([]);
    const confirmed = await db().select().from(incentiveAwards).where(eq(incentiveAwards.kind, 'credits'));
    const attempt = withdrawIncentives(db(), scope, outsider, {
      kind: 'credits',
      subjectIds: [confirmed[0]!.enrolmentId!],
      reason: 'x',
    });
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
  });
});
