import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { hoursRegistrationRows, ltiContexts } from '../../lti-tool/server/db/schema';
import { createBlobStore } from '../../lti-tool/server/storage';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { makePassing } from './passing';

// The registry file is read back with SheetJS, not with exceljs that wrote it.
let world: JourneyWorld;
let institution: string;
let county: string;
/** The engine's counted hours of the teacher who meets the programme: the file must carry exactly these. */
let engine: { online: number; practice: number; total: number };
const base = '/api/v1/hours-registrations';

beforeAll(async () => {
  world = await startJourneyWorld();
  const db = world.tool.database.db;
  institution = await world.launch(2);
  const courses = await db.select().from(ltiContexts).where(eq(ltiContexts.tenantId, world.tenantId));
  const course = courses.find((c) => c.label === 'XXZX2024')!.id;
  const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId: world.demo.countyId };
  expect((await api(world, institution, 'PUT', `/api/v1/admin/contexts/${course}`, body)).status).toBe(200);
  institution = await world.launch(2);
  county = await world.launch(3);
  const t = world.demo.teachers[9]!;
  const status = await makePassing(db, createBlobStore(world.tool.config), {
    ...t,
    assessorId: world.demo.assessorId,
    index: 9,
  });
  expect(status?.state).toBe('ready_to_certify');
  const counted = status!.hours.counted;
  engine = { online: counted.online.hours, practice: counted.practice.hours, total: counted.total.hours };
});

const cents = (h: number) => Math.round(h * 100) / 100;
/** The programme's cross-year rule: each year its share, the last year the remainder so the years add up exactly. */
const split = (hours: number, shares: number[]) => {
  const firsts = shares.slice(0, -1).map((p) => cents((hours * p) / 100));
  return [...firsts, cents(hours - firsts.reduce((a, b) => a + b, 0))];
};
afterAll(() => world.close());

describe('hours registration (学时登记)', () => {
  it('runs prepare → submit → return → prepare → submit → lock, follows the allocation, refuses change once locked', async () => {
    expect((await api(world, institution, 'POST', base, {})).body.error.code).toBe('hours_allocation_required');
    // The county sets the ratio, within the programme's years, summing to 100.
    // The demo programme runs from last school year to next (dated from today): three years.
    const years: number[] = (await api(world, county, 'GET', base)).body.years;
    expect(years).toHaveLength(3);
    const [y0, y1, y2] = years as [number, number, number];
    const shares = { [y0]: 30, [y1]: 50, [y2]: 20 };
    expect((await api(world, county, 'PUT', `${base}/allocation`, { shares: { [y0]: 50 } })).status).toBe(422);
    expect((await api(world, county, 'PUT', `${base}/allocation`, { shares: { [y0 - 2]: 100 } })).status).toBe(422);
    expect((await api(world, county, 'PUT', `${base}/allocation`, { shares })).status).toBe(200);

    const prepared = await api(world, institution, 'POST', base, { idHeader: '教师编号', idSource: 'email' });
    expect(prepared.status).toBe(201);
    expect(engine.total).toBeGreaterThan(0);
    expect(prepared.body).toMatchObject({ version: 1, status: 'prepared', teachers: 1, totalHours: engine.total });
    const id = prepared.body.id;
    expect((await api(world, county, 'POST', `${base}/${id}/lock`)).status).toBe(409);
    expect((await api(world, county, 'POST', `${base}/${id}/submit`)).status).toBe(403);
    expect((await api(world, institution, 'POST', `${base}/${id}/submit`)).body.status).toBe('submitted');
    expect((await api(world, institution, 'POST', `${base}/${id}/lock`)).status).toBe(403);
    const returned = await api(world, county, 'POST', `${base}/${id}/return`, { reason: '学时类别填写有误' });
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '学时类别填写有误' });
    expect((await api(world, institution, 'POST', base, {})).body).toMatchObject({
      id,
      version: 1,
      status: 'prepared',
    });
    await api(world, institution, 'POST', `${base}/${id}/submit`);
    expect((await api(world, county, 'POST', `${base}/${id}/lock`)).body.status).toBe('locked');

    // The file: the mapped id column, hours per year after the 30/50/20 split, totals equal to the engine's.
    const res = await fetch(`${world.tool.url}${base}/${id}/file`, { headers: { authorization: `Bearer ${county}` } });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain('学时登记_示范县_v1_已锁定.xlsx');
    const book = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['学时登记']!);
    expect(Object.keys(rows[0]!)).toEqual(['序号', '教师编号', '姓名', '学校', '培训项目', '学年', '学时类别', '学时']);
    expect(rows[0]!['教师编号']).toBe(world.demo.teachers[9]!.email);
    const by = (year: number, category: string) =>
      rows.find((r) => r['学年'] === year && r['学时类别'] === category)?.['学时'];
    expect([by(y0, '网络研修'), by(y1, '网络研修'), by(y2, '网络研修')]).toEqual(split(engine.online, [30, 50, 20]));
    expect([by(y0, '校本实践'), by(y1, '校本实践'), by(y2, '校本实践')]).toEqual(split(engine.practice, [30, 50, 20]));
    expect(rows.reduce((a, r) => a + Number(r['学时']), 0)).toBeCloseTo(engine.total, 2);

    // Locked: the API refuses, and so does the database itself.
    expect((await api(world, county, 'POST', `${base}/${id}/return`, { reason: '再次退回' })).status).toBe(409);
    await expect(
      world.tool.database.db
        .update(hoursRegistrationRows)
        .set({ hours: '1.00' })
        .where(eq(hoursRegistrationRows.registrationId, id)),
    ).rejects.toThrow();

    // A correction after the lock is a new, audited version the county must lock again.
    const correction = await api(world, institution, 'POST', base, {});
    expect(correction.body).toMatchObject({ version: 2, correctsId: id, status: 'prepared' });
    const list = await api(world, county, 'GET', base);
    expect(list.body.items.map((r: { status: string }) => r.status)).toEqual(['prepared', 'locked']);
    expect(list.body.allocation.shares).toEqual(shares);
  });

  it('refuses teachers and hides a county’s registrations from another tenant', async () => {
    const teacher = await world.launch(5);
    expect((await api(world, teacher, 'GET', base)).status).toBe(403);
    const outsider = await world.launch(3, { other: true });
    expect((await api(world, outsider, 'GET', base)).status).toBeGreaterThanOrEqual(403);
  });
});
