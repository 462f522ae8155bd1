import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoursLedgerEntries, organisations, platforms } from '../../lti-tool/server/db/schema';
import { demoPeriod, seedDemo } from '../../lti-tool/server/demo/seed';
import { refreshTeacherStatus } from '../../lti-tool/server/services/teacher-status/refresh';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { createBlobStore } from '../../lti-tool/server/storage';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';

/**
 * Incentives over HTTP, role by role: the county officer lists and decides its county's; a school team member, the
 * officer of another county of the tenant and the admin of another tenant see and decide nothing of it.
 */
let world: JourneyWorld;
let admin: string;
let team: string;
let officer: string;
let neighbour: string;
const db = () => world.tool.database.db;
type Item = { subjectId: string; schoolId: string; canDecide: boolean };

beforeAll(async () => {
  world = await startJourneyWorld();
  const [theirs] = await db().select().from(platforms).where(eq(platforms.clientId, world.otherClientId));
  await seedDemo(db(), { tenantId: theirs!.tenantId, storage: createBlobStore(world.tool.config) });
  await backfillTeacherStatus(db());
  // Two teachers of the first school complete their hours (a ledger write refreshes their rows).
  await db().transaction(async (tx) => {
    for (const t of world.demo.teachers.filter((_, i) => i % 3 === 0).slice(0, 2)) {
      await tx.insert(hoursLedgerEntries).values({
        tenantId: world.tenantId,
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
  const [county2] = await db()
    .insert(organisations)
    .values({ tenantId: world.tenantId, kind: 'county', code: 'C2', name: '邻县' })
    .returning();
  admin = await world.launch(2);
  for (const u of [3, 5]) await world.launch(u);
  await world.launch(6, { courseId: 3 });
  for (const [email, role, organisationId] of [
    ['assessor1@example.cn', 'school_team', world.demo.schools[0]!.id],
    ['assessor6@example.cn', 'county_admin', world.demo.countyId],
    ['teacher5@example.cn', 'county_admin', county2!.id],
  ] as const) {
    const r = await api(world, admin, 'POST', '/api/v1/admin/role-grants', { email, role, organisationId });
    expect(r.status).toBe(201);
  }
  team = await world.launch(3);
  officer = await world.launch(6, { courseId: 3 });
  neighbour = await world.launch(5);
});
afterAll(() => world.close());

describe('incentives over HTTP', () => {
  let ours: Item[];

  it('the county officer lists its candidates and confirms them, a retry changing nothing', async () => {
    const list = await api(world, officer, 'GET', '/api/v1/incentives?kind=credits');
    expect(list.status).toBe(200);
    ours = list.body.items;
    expect(ours).toHaveLength(2);
    expect(ours.every((i) => i.canDecide && i.schoolId === world.demo.schools[0]!.id)).toBe(true);
    const body = { kind: 'credits', subjectIds: ours.map((i) => i.subjectId) };
    const done = await api(world, officer, 'POST', '/api/v1/incentives/confirm', body);
    expect([done.status, done.body.changed]).toEqual([200, 2]);
    const again = await api(world, officer, 'POST', '/api/v1/incentives/confirm', body);
    expect([again.status, again.body.changed]).toEqual([200, 0]);
    const empty = await api(world, officer, 'POST', '/api/v1/incentives/confirm', { kind: 'credits', subjectIds: [] });
    expect(empty.status).toBe(422);
    const noReason = await api(world, officer, 'POST', '/api/v1/incentives/withdraw', body);
    expect(noReason.status).toBe(422);
  });

  it('a school team member sees its own school only and decides nothing', async () => {
    const list = await api(world, team, 'GET', '/api/v1/incentives?kind=credits');
    expect(list.body.items.every((i: Item) => i.schoolId === world.demo.schools[0]!.id && !i.canDecide)).toBe(true);
    const other = await api(world, team, 'GET', '/api/v1/incentives?kind=model_school');
    expect(other.body.items.every((i: Item) => i.schoolId === world.demo.schools[0]!.id)).toBe(true);
    const refused = await api(world, team, 'POST', '/api/v1/incentives/withdraw', {
      kind: 'credits',
      subjectIds: [ours[0]!.subjectId],
      reason: '撤销',
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'incentive_county_required']);
  });

  it("another county's officer sees none of ours and cannot reach it", async () => {
    const list = await api(world, neighbour, 'GET', '/api/v1/incentives?kind=credits');
    expect([list.status, list.body.total, list.body.summary[0].confirmed]).toEqual([200, 0, 0]);
    const scoped = await api(world, neighbour, 'GET', `/api/v1/incentives?organisationId=${world.demo.countyId}`);
    expect(scoped.status).toBe(404);
    const attempt = await api(world, neighbour, 'POST', '/api/v1/incentives/withdraw', {
      kind: 'credits',
      subjectIds: [ours[0]!.subjectId],
      reason: '撤销',
    });
    expect(attempt.status).toBe(404);
  });

  it("another tenant's admin sees its own tenant only and cannot reach ours", async () => {
    const theirs = await world.launch(2, { other: true });
    const list = await api(world, theirs, 'GET', '/api/v1/incentives?kind=credits');
    expect(list.status).toBe(200);
    expect(list.body.items.some((i: Item) => ours.some((o) => o.subjectId === i.subjectId))).toBe(false);
    const attempt = await api(world, theirs, 'POST', '/api/v1/incentives/confirm', {
      kind: 'credits',
      subjectIds: [ours[0]!.subjectId],
    });
    expect(attempt.status).toBe(404);
  });

  it('a teacher without a grant is refused', async () => {
    const teacher = await world.launch(4);
    const refused = await api(world, teacher, 'GET', '/api/v1/incentives');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'oversight_forbidden']);
  });
});
