import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { auditLog, exportJobs, ltiContexts, organisations } from '../../lti-tool/server/db/schema';
import { runScheduledAndDueExports } from '../../lti-tool/server/jobs/exports';
import type { Actor } from '../../lti-tool/server/services/actor';
import {
  createSchedule,
  listSchedules,
  nextRun,
  queueDueReports,
  runOf,
} from '../../lti-tool/server/services/exports/schedules';
import type { ExportScope } from '../../lti-tool/server/services/exports/scope';
import { createBlobStore } from '../../lti-tool/server/storage';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';

// The clock is injected everywhere: ticks at chosen moments, never a sleep.
let world: JourneyWorld;
let county: string;
let scope: ExportScope;
let actor: Actor;
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  world = await startJourneyWorld();
  const db = world.tool.database.db;
  const admin = await world.launch(2);
  const courses = await db.select().from(ltiContexts).where(eq(ltiContexts.tenantId, world.tenantId));
  const course = courses.find((c) => c.label === 'XXZX2024')!.id;
  const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId: world.demo.countyId };
  expect((await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course}`, body)).status).toBe(200);
  county = await world.launch(3);
  const [organisation] = await db.select().from(organisations).where(eq(organisations.id, world.demo.countyId));
  scope = {
    tenantId: world.tenantId,
    personId: world.demo.assessorId,
    organisation: organisation!,
    programmeInstanceId: world.demo.programmeInstanceId,
  };
  actor = {
    tenantId: world.tenantId,
    personId: world.demo.assessorId,
    roles: ['assessor'],
    label: 'test',
    client: 'web',
    requestId: null,
  };
});
afterAll(() => world.close());

const tick = (now: Date) =>
  runScheduledAndDueExports({
    db: world.tool.database.db,
    storage: createBlobStore(world.tool.config),
    publicUrl: world.tool.config.publicUrl,
    now: () => now,
  });

describe('schedule arithmetic', () => {
  const monthly = { frequency: 'monthly' as const, dayOfMonth: 3, weekday: null };
  const weekly = { frequency: 'weekly' as const, dayOfMonth: null, weekday: 1 };

  it('closes a month on the 1st and makes it due on the chosen day', () => {
    expect(runOf(monthly, at('2027-03-15T10:00:00Z'))).toMatchObject({
      period: { kind: 'monthly', month: '2027-02' },
      // 00:00 on 1 March in Beijing.
      generateAt: at('2027-02-28T16:00:00Z'),
      dueOn: '2027-03-03',
    });
    // 17:00 UTC on 30 November is 01:00 on 1 December in China: November has closed; an hour earlier it had not.
    expect(runOf(monthly, at('2026-11-30T17:00:00Z'))).toMatchObject({
      label: '2026-11',
      generateAt: at('2026-11-30T16:00:00Z'),
      dueOn: '2026-12-03',
    });
    expect(runOf(monthly, at('2026-11-30T15:59:59Z'))).toMatchObject({ label: '2026-10', dueOn: '2026-11-03' });
    // Across the year's end.
    expect(runOf(monthly, at('2027-01-02T00:00:00Z'))).toMatchObject({ label: '2026-12', dueOn: '2027-01-03' });
    expect(runOf(monthly, at('2027-12-20T00:00:00Z'), 1)).toMatchObject({ label: '2027-12', dueOn: '2028-01-03' });
  });

  it('closes an ISO week on Monday and makes it due on the chosen weekday', () => {
    expect(runOf(weekly, at('2027-01-13T12:00:00Z'))).toMatchObject({
      period: { kind: 'weekly', weekOf: '2027-01-04' },
      generateAt: at('2027-01-10T16:00:00Z'),
      dueOn: '2027-01-11',
    });
    expect(runOf({ ...weekly, weekday: 5 }, at('2027-01-11T00:00:00Z')).dueOn).toBe('2027-01-15');
    // Sunday 16:00 UTC is Monday in China: the week has closed.
    expect(runOf(weekly, at('2027-01-10T16:00:00Z')).period).toEqual({ kind: 'weekly', weekOf: '2027-01-04' });
    expect(runOf(weekly, at('2027-01-10T15:59:59Z')).period).toEqual({ kind: 'weekly', weekOf: '2026-12-28' });
  });

  it('names the next deadline: today’s still counts, a passed one gives way to the next', () => {
    const row = { ...monthly, createdAt: at('2027-01-01T00:00:00Z') } as Parameters<typeof nextRun>[0];
    // 23:59 on the 3rd in Beijing still counts; a minute later the deadline has passed.
    expect(nextRun(row, at('2027-02-03T15:59:00Z')).dueOn).toBe('2027-02-03');
    expect(nextRun(row, at('2027-02-03T16:00:00Z')).dueOn).toBe('2027-03-03');
    // Set up after the month's deadline had passed: that month is not owed.
    const late = { ...row, createdAt: at('2027-02-10T00:00:00Z') };
    expect(nextRun(late, at('2027-02-10T00:00:00Z'))).toMatchObject({ label: '2027-02', dueOn: '2027-03-03' });
  });
});

describe('report schedules', () => {
  it('produces each closed month once, as a version that names the schedule and the data’s moment', async () => {
    const db = world.tool.database.db;
    const schedule = await createSchedule(
      db,
      scope,
      actor,
      { frequency: 'monthly', dayOfMonth: 3, format: 'xlsx', language: 'zh' },
      at('2027-01-10T00:00:00Z'),
    );
    // December was due on 3 January, before the schedule existed: not owed.
    expect(await queueDueReports(db, at('2027-01-10T00:00:00Z'))).toBe(0);
    expect(await queueDueReports(db, at('2027-01-31T15:59:59Z'))).toBe(0);
    // Two processes tick as January closes in China (16:00 UTC): one queues it, the other does nothing.
    const both = await Promise.all([
      queueDueReports(db, at('2027-01-31T16:00:00Z')),
      queueDueReports(db, at('2027-01-31T16:00:00Z')),
    ]);
    expect(both.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await tick(at('2027-01-31T16:00:05Z'))).toBe(1);
    expect(await tick(at('2027-02-02T09:00:00Z'))).toBe(0);

    const versions = await api(world, county, 'GET', `/api/v1/exports?scheduleId=${schedule.id}`);
    expect(versions.status).toBe(200);
    expect(versions.body.items).toHaveLength(1);
    const [job] = versions.body.items;
    expect(job).toMatchObject({
      status: 'done',
      requestedBy: null,
      scheduleId: schedule.id,
      schedulePeriod: '2027-01',
      dataAsOf: '2027-01-31T15:59:59.999Z',
      params: { kind: 'progress_report', period: { kind: 'monthly', month: '2027-01' } },
    });
    const res = await fetch(`${world.tool.url}${job.downloadUrl}`, { headers: { authorization: `Bearer ${county}` } });
    expect(res.status).toBe(200);
    const book = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    const info = Object.fromEntries(
      XLSX.utils.sheet_to_json<Record<string, string>>(book.Sheets['说明']!).map((r) => [r['项目'], r['内容']]),
    );
    expect(info).toMatchObject({ 统计周期: '2027-01', 生成方式: '定时生成' });

    // The overview's deadline: February's report, due 3 March, not produced yet; then produced and linked.
    const before = await listSchedules(db, scope, at('2027-02-20T00:00:00Z'));
    expect(before.nextDeadline).toMatchObject({ scheduleId: schedule.id, dueOn: '2027-03-03', job: null });
    expect(await tick(at('2027-03-01T00:00:00Z'))).toBe(1);
    const after = await listSchedules(db, scope, at('2027-03-02T00:00:00Z'));
    expect(after.nextDeadline).toMatchObject({ periodLabel: '2027-02', job: { status: 'done' } });
    expect(after.nextDeadline?.job?.downloadUrl).toMatch(/^\/api\/v1\/exports\/.+\/file$/);
    const rows = await db.select().from(exportJobs).where(eq(exportJobs.scheduleId, schedule.id));
    expect(rows.map((r) => r.schedulePeriod).sort()).toEqual(['2027-01', '2027-02']);
  });

  it('produces last week’s report on Monday for a weekly schedule', async () => {
    const db = world.tool.database.db;
    const schedule = await createSchedule(
      db,
      scope,
      actor,
      { frequency: 'weekly', weekday: 1, format: 'csv', language: 'en' },
      at('2027-01-06T00:00:00Z'),
    );
    const before = await queueDueReports(db, at('2027-01-10T15:59:00Z'));
    const monday = await queueDueReports(db, at('2027-01-10T16:00:00Z'));
    expect(monday - before).toBe(1);
    const [job] = await db
      .select()
      .from(exportJobs)
      .where(and(eq(exportJobs.scheduleId, schedule.id)));
    expect(job).toMatchObject({
      schedulePeriod: '2027-01-04周',
      params: { format: 'csv', language: 'en', period: { kind: 'weekly', weekOf: '2027-01-04' } },
    });
  });

  it('is set up and listed by county officials only, with the field and its limit on a bad value', async () => {
    const created = await api(world, county, 'POST', '/api/v1/report-schedules', {
      frequency: 'monthly',
      dayOfMonth: 5,
    });
    expect(created.status).toBe(201);
    // A retried request returns the same schedule.
    const again = await api(world, county, 'POST', '/api/v1/report-schedules', { frequency: 'monthly', dayOfMonth: 5 });
    expect(again.body.id).toBe(created.body.id);
    expect(created.body.next.dueOn).toMatch(/-05$/);
    expect(created.body.next.dueOn >= new Date().toISOString().slice(0, 10)).toBe(true);
    const bad = await api(world, county, 'POST', '/api/v1/report-schedules', { frequency: 'monthly', dayOfMonth: 31 });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('dayOfMonth');
    const teacher = await world.launch(5);
    expect((await api(world, teacher, 'GET', '/api/v1/report-schedules')).status).toBe(403);
    expect(
      (await api(world, teacher, 'POST', '/api/v1/report-schedules', { frequency: 'weekly', weekday: 1 })).status,
    ).toBe(403);
    const list = await api(world, county, 'GET', '/api/v1/report-schedules');
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
    // Stopping keeps the versions but ends the runs; it is audited.
    expect((await api(world, county, 'DELETE', `/api/v1/report-schedules/${created.body.id}`)).status).toBe(204);
    expect((await api(world, county, 'DELETE', `/api/v1/report-schedules/${created.body.id}`)).status).toBe(404);
    const listed = await api(world, county, 'GET', '/api/v1/report-schedules');
    expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(created.body.id);
    const audits = await world.tool.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.entityId, created.body.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(['report_schedule.create', 'report_schedule.stop']);
  });
});
