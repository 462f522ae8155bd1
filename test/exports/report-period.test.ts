import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { enrolments, hoursLedgerEntries, ltiContexts, people } from '../../lti-tool/server/db/schema';
import { runDueExports } from '../../lti-tool/server/jobs/exports';
import { createBlobStore } from '../../lti-tool/server/storage';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { makePassing } from './passing';

// The period filters the report: status as it stood at the period's end, completions counted within it.
// Files are read back with SheetJS, not exceljs.
let world: JourneyWorld;
let county: string;
let passedName: string;
let earlyName: string;
// Report days are China's (UTC+8): between 16:00 and 24:00 UTC, China is already on the next day.
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const today = chinaDay(Date.now());
const yesterday = chinaDay(Date.now() - 86_400_000);
let lateName: string;

type Row = Record<string, unknown>;

async function report(period: object, language = 'zh') {
  const queued = await api(world, county, 'POST', '/api/v1/exports', { kind: 'progress_report', language, period });
  expect(queued.status).toBe(202);
  await runDueExports({
    db: world.tool.database.db,
    storage: createBlobStore(world.tool.config),
    publicUrl: world.tool.config.publicUrl,
  });
  const job = (await api(world, county, 'GET', `/api/v1/exports/${queued.body.id}`)).body;
  expect(job.status).toBe('done');
  const res = await fetch(`${world.tool.url}${job.downloadUrl}`, { headers: { authorization: `Bearer ${county}` } });
  const book = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
  const sheet = (name: string) => XLSX.utils.sheet_to_json<Row>(book.Sheets[name]!);
  return { job, book, sheet };
}

const hoursOf = (rows: Row[], name: string, column = '总学时') => rows.find((r) => r['教师'] === name)?.[column];

beforeAll(async () => {
  world = await startJourneyWorld();
  const db = world.tool.database.db;
  const admin = await world.launch(2);
  const courses = await db.select().from(ltiContexts).where(eq(ltiContexts.tenantId, world.tenantId));
  const course = courses.find((c) => c.label === 'XXZX2024')!.id;
  const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId: world.demo.countyId };
  expect((await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course}`, body)).status).toBe(200);
  county = await world.launch(3);
  const storage = createBlobStore(world.tool.config);
  const passing = world.demo.teachers[9]!;
  expect((await makePassing(db, storage, { ...passing, assessorId: world.demo.assessorId, index: 9 }))?.state).toBe(
    'ready_to_certify',
  );
  const early = world.demo.teachers[3]!;
  const nameOf = async (enrolmentId: string) => {
    const [row] = await db
      .select({ name: people.displayName })
      .from(enrolments)
      .innerJoin(people, eq(people.id, enrolments.personId))
      .where(eq(enrolments.id, enrolmentId));
    return row!.name;
  };
  passedName = await nameOf(passing.enrolmentId);
  earlyName = await nameOf(early.enrolmentId);
  // Five online hours recorded in October: the ledger is append-only, so an entry dated then is history.
  await db.insert(hoursLedgerEntries).values({
    tenantId: world.tenantId,
    enrolmentId: early.enrolmentId,
    category: 'online',
    hours: '5',
    schoolYear: 2026,
    sourceKind: 'manual',
    recordedBySystem: 'test:period',
    reason: '十月网络研修',
    createdAt: new Date('2026-10-15T08:00:00Z'),
  });
  // Two entries either side of November's end in China: 23:59 on 30 November Beijing time, and 01:00 on 1 December
  // Beijing time (17:00 UTC on 30 November, still November in UTC).
  const late = world.demo.teachers[5]!;
  lateName = await nameOf(late.enrolmentId);
  for (const [hours, at] of [
    ['2', '2026-11-30T15:59:00Z'],
    ['3', '2026-11-30T17:00:00Z'],
  ] as const) {
    await db.insert(hoursLedgerEntries).values({
      tenantId: world.tenantId,
      enrolmentId: late.enrolmentId,
      category: 'online',
      hours,
      schoolYear: 2026,
      sourceKind: 'manual',
      recordedBySystem: 'test:period',
      reason: '月末网络研修',
      createdAt: new Date(at),
    });
  }
});
afterAll(() => world.close());

describe('progress report period', () => {
  it('reports a past month as it stood at the month’s end', async () => {
    const october = await report({ kind: 'monthly', month: '2026-10' });
    // The month ends at midnight in China: 16:00 UTC.
    expect(october.job.dataAsOf).toBe('2026-10-31T15:59:59.999Z');
    const teachers = october.sheet('教师明细');
    expect(hoursOf(teachers, earlyName, '网络研修学时')).toBe(5);
    // Everything else was recorded after October: nobody had hours, a grade or a completion then.
    const others = teachers.filter((r) => r['教师'] !== earlyName);
    expect(others.every((r) => r['总学时'] === 0 && r['完成状态'] !== '已完成')).toBe(true);
    expect(others.flatMap((r) => Object.keys(r).filter((k) => /状态$/.test(k) && r[k] === '合格'))).toEqual([]);
    const county = october.sheet('学校汇总').at(-1)!;
    expect(county).toMatchObject({ 学校: '合计', 已完成人数: 0, 本期完成人数: 0, 总学时: 5 });
    const info = Object.fromEntries(october.sheet('说明').map((r) => [r['项目'], r['内容']]));
    expect(info).toMatchObject({
      统计周期: '2026-10',
      起始日期: '2026-10-01',
      截止日期: '2026-10-31',
      数据截至: '2026-10-31 23:59（北京时间）',
    });
    expect(String(info['生成方式'])).toContain('（手动）');
    // September precedes even the October entry.
    const september = await report({ kind: 'monthly', month: '2026-09' });
    expect(september.sheet('学校汇总').at(-1)).toMatchObject({ 总学时: 0 });
  });

  it('ends a month at midnight in China: 17:00 UTC on 30 November is already December', async () => {
    const november = await report({ kind: 'monthly', month: '2026-11' });
    expect(november.job.dataAsOf).toBe('2026-11-30T15:59:59.999Z');
    expect(hoursOf(november.sheet('教师明细'), lateName, '网络研修学时')).toBe(2);
    const before = await report({ kind: 'range', from: '2026-11-01', to: '2026-11-30' });
    expect(hoursOf(before.sheet('教师明细'), lateName, '网络研修学时')).toBe(2);
  });

  it('counts a completion in the period that holds its date, and not in one that ended before it', async () => {
    const current = await report({ kind: 'range', from: today, to: today });
    const row = current.sheet('教师明细').find((r) => r['教师'] === passedName)!;
    expect(row).toMatchObject({ 完成状态: '已完成', 完成日期: today, 本期完成: '是' });
    const inPeriod = current.sheet('教师明细').filter((r) => r['本期完成'] === '是').length;
    expect(current.sheet('学校汇总').at(-1)).toMatchObject({ 本期完成人数: inPeriod });
    expect(inPeriod).toBeGreaterThanOrEqual(1);

    const before = await report({ kind: 'range', from: '2026-10-01', to: yesterday });
    const then = before.sheet('教师明细').find((r) => r['教师'] === passedName)!;
    expect(then['完成状态']).not.toBe('已完成');
    expect(then['本期完成']).toBe('否');
    expect(hoursOf(before.sheet('教师明细'), earlyName, '网络研修学时')).toBe(5);
  });

  it('labels the period in English on request', async () => {
    const english = await report({ kind: 'weekly', weekOf: '2026-10-14' }, 'en');
    expect(english.book.SheetNames).toEqual(['Schools', 'Teachers', 'About']);
    const info = Object.fromEntries(english.sheet('About').map((r) => [r['Item'], r['Value']]));
    expect(info).toMatchObject({ From: '2026-10-12', To: '2026-10-18' });
    expect(Object.keys(english.sheet('Teachers')[0]!)).toContain('Completed in period');
  });
});
