import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import {
  enrolments,
  exportJobs,
  ltiContexts,
  organisations,
  programmeInstances,
} from '../../lti-tool/server/db/schema';
import { claimExportJob, runDueExports, runExportJob } from '../../lti-tool/server/jobs/exports';
import { teacherStatus } from '../../lti-tool/server/services/teacher-journey/records';
import { createBlobStore } from '../../lti-tool/server/storage';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';

// SheetJS reads what exceljs wrote: an independent reader, not the writer's own parser.
let world: JourneyWorld;
let county: string;
let otherCounty: string;
let schoolAssessor: string;
const run = () =>
  runDueExports({
    db: world.tool.database.db,
    storage: createBlobStore(world.tool.config),
    publicUrl: world.tool.config.publicUrl,
  });

async function download(token: string, id: string) {
  const res = await fetch(`${world.tool.url}/api/v1/exports/${id}/file`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** The engine's counted hours for every active enrolment of the county, summed. */
async function engineTotals() {
  const db = world.tool.database.db;
  const [instance] = await db
    .select()
    .from(programmeInstances)
    .where(eq(programmeInstances.id, world.demo.programmeInstanceId));
  const schools = await db
    .select()
    .from(organisations)
    .where(
      inArray(
        organisations.id,
        world.demo.schools.map((s) => s.id),
      ),
    );
  const rows = await db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.programmeInstanceId, world.demo.programmeInstanceId)));
  let total = 0;
  let completed = 0;
  for (const e of rows.filter((r) => r.status !== 'withdrawn')) {
    const s = await teacherStatus(
      db,
      e,
      instance!,
      schools.find((x) => x.id === e.schoolId)!,
    );
    total += s.hours.counted.total.hours;
    if (s.state === 'ready_to_certify' || s.state === 'certified') completed++;
  }
  return {
    teachers: rows.filter((r) => r.status !== 'withdrawn').length,
    total: Math.round(total * 100) / 100,
    completed,
  };
}

beforeAll(async () => {
  world = await startJourneyWorld();
  const admin = await world.launch(2);
  county = await world.launch(3);
  schoolAssessor = await world.launch(6, { courseId: 3 });
  const db = world.tool.database.db;
  const courses = await db.select().from(ltiContexts).where(eq(ltiContexts.tenantId, world.tenantId));
  const link = async (label: string, organisationId: string) => {
    const id = courses.find((c) => c.label === label)?.id;
    const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId };
    expect((await api(world, admin, 'PUT', `/api/v1/admin/contexts/${id}`, body)).status).toBe(200);
  };
  await link('XXZX2024', world.demo.countyId);
  await link('S2-2024', world.demo.schools[1]!.id);
});
afterAll(() => world.close());

describe('progress report (完成情况表)', () => {
  it('produces an XLSX whose totals equal the engine, with Chinese headers and a frozen header row', async () => {
    const queued = await api(world, county, 'POST', '/api/v1/exports', {
      kind: 'progress_report',
      // The current month: a past one would be reported as it stood at its end, before the demo's data.
      period: { kind: 'monthly', month: new Date().toISOString().slice(0, 7) },
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued', downloadUrl: null });
    expect((await download(county, queued.body.id)).status).toBe(409);
    expect(await run()).toBe(1);
    const done = await api(world, county, 'GET', `/api/v1/exports/${queued.body.id}`);
    expect(done.body).toMatchObject({ status: 'done', downloadUrl: `/api/v1/exports/${queued.body.id}/file` });
    expect(done.body.progress.done).toBe(done.body.progress.total);

    const file = await download(county, queued.body.id);
    expect(file.status).toBe(200);
    expect(decodeURIComponent(file.headers.get('content-disposition')!)).toContain('完成情况表');
    const book = XLSX.read(file.bytes, { type: 'array', cellStyles: true });
    expect(book.SheetNames).toEqual(['学校汇总', '教师明细', '说明']);
    const teachers = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['教师明细']!);
    const summary = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['学校汇总']!);
    const engine = await engineTotals();
    expect(teachers).toHaveLength(engine.teachers);
    const sum = Math.round(teachers.reduce((a, r) => a + Number(r['总学时']), 0) * 100) / 100;
    expect(engine.total).toBeGreaterThan(0);
    expect(sum).toBe(engine.total);
    const countyLine = summary.at(-1)!;
    expect(countyLine).toMatchObject({ 学校: '合计', 参训教师数: engine.teachers, 已完成人数: engine.completed });
    expect(countyLine['总学时']).toBe(engine.total);
    expect(Object.keys(teachers[0]!)).toEqual(expect.arrayContaining(['学校', '教师', '学科', '教学环境', '审核人']));
    const statuses = new Set(
      teachers.flatMap((r) =>
        Object.entries(r)
          .filter(([k]) => /状态$/.test(k))
          .map(([, v]) => v),
      ),
    );
    for (const s of statuses)
      expect([
        '未提交',
        '已提交',
        '合格',
        '优秀',
        '不合格',
        '进行中',
        '未开始',
        '待审核',
        '已完成',
        '已认定',
      ]).toContain(s);
    const sheet = book.Sheets['教师明细']!;
    expect(sheet['!cols']?.[0]?.width).toBeGreaterThan(20);
    const header = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 })[0]!;
    const onlineCol = header.indexOf('网络研修学时');
    expect(onlineCol).toBeGreaterThan(0);
    expect(sheet[XLSX.utils.encode_cell({ r: 1, c: onlineCol })]?.z).toBe('0.00');
    // SheetJS does not read panes: check the sheet XML for the frozen pane with a second, plain reader.
    const { unzipSync, strFromU8 } = await import('fflate');
    const xml = strFromU8(unzipSync(file.bytes)['xl/worksheets/sheet2.xml']!);
    expect(xml).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/);
  });

  it('writes CSV in UTF-8 with a BOM, and English headers on request', async () => {
    const queued = await api(world, county, 'POST', '/api/v1/exports', {
      kind: 'progress_report',
      format: 'csv',
      language: 'en',
      period: { kind: 'weekly', weekOf: new Date().toISOString().slice(0, 10) },
    });
    await run();
    const file = await download(county, queued.body.id);
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(file.bytes.slice(3));
    expect(text.split('\r\n')[0]).toMatch(/^School,Teacher,Subject,Environment,Abilities,/);
    const book = XLSX.read(text, { type: 'string' });
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!);
    expect(rows.length).toBe((await engineTotals()).teachers);
    expect(rows.some((r) => /[\u4e00-\u9fff]/.test(String(r['Teacher'])))).toBe(true);
  });

  it('refuses a range that ends before it starts, naming the limit', async () => {
    const bad = await api(world, county, 'POST', '/api/v1/exports', {
      kind: 'progress_report',
      period: { kind: 'range', from: '2026-12-01', to: '2026-11-01' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('export_period_invalid');
  });
});

describe('export jobs', () => {
  it('never hands one job to two workers, and picks up a job whose worker stopped', async () => {
    const db = world.tool.database.db;
    const queued = await api(world, county, 'POST', '/api/v1/exports', {
      kind: 'progress_report',
      period: { kind: 'monthly', month: '2026-10' },
    });
    const [a, b] = await Promise.all([claimExportJob(db), claimExportJob(db)]);
    expect([a?.id, b?.id].filter(Boolean)).toEqual([queued.body.id]);
    // The worker "dies": its lease runs out and the next claim takes the job again.
    await db
      .update(exportJobs)
      .set({ leaseUntil: new Date(Date.now() - 1000) })
      .where(eq(exportJobs.id, queued.body.id));
    const again = await claimExportJob(db);
    expect(again?.id).toBe(queued.body.id);
    expect(again?.attempts).toBe(2);
    // The first worker comes back late: its write is ignored, the current holder's counts.
    const storage = createBlobStore(world.tool.config);
    await runExportJob({ db, storage, publicUrl: '' }, { ...a!, ...b, id: queued.body.id, attempts: 1 });
    expect((await api(world, county, 'GET', `/api/v1/exports/${queued.body.id}`)).body.status).toBe('running');
    await runExportJob({ db, storage, publicUrl: '' }, again!);
    expect((await api(world, county, 'GET', `/api/v1/exports/${queued.body.id}`)).body.status).toBe('done');
  });
});

describe('export scope', () => {
  it('refuses teachers and school-level assessors, and hides a county’s files from another county', async () => {
    const teacher = await world.launch(5);
    const list = await api(world, county, 'GET', '/api/v1/exports');
    const id = list.body.items[0].id;
    expect((await api(world, teacher, 'GET', '/api/v1/exports')).status).toBe(403);
    expect((await download(teacher, id)).status).toBe(403);
    expect((await api(world, schoolAssessor, 'POST', '/api/v1/exports', { kind: 'progress_report' })).status).toBe(403);
    expect((await download(schoolAssessor, id)).status).toBe(403);
    const outsider = await world.launch(3, { other: true });
    expect((await download(outsider, id)).status).toBeGreaterThanOrEqual(403);

    // Course 3 now linked to another county of the same tenant: its officer sees none of the first county's files.
    const db = world.tool.database.db;
    const [other] = await db
      .insert(organisations)
      .values({ tenantId: world.tenantId, kind: 'county', code: 'OTHER-CTY', name: '另一县' })
      .returning();
    otherCounty = other!.id;
    const admin = await world.launch(2);
    const courses = await db.select().from(ltiContexts).where(eq(ltiContexts.tenantId, world.tenantId));
    const course = courses.find((c) => c.label === 'S2-2024')!.id;
    const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId: otherCounty };
    expect((await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course}`, body)).status).toBe(200);
    const otherOfficer = await world.launch(6, { courseId: 3 });
    expect((await api(world, otherOfficer, 'GET', '/api/v1/exports')).body.items).toEqual([]);
    expect((await api(world, otherOfficer, 'GET', `/api/v1/exports/${id}`)).status).toBe(404);
    expect((await download(otherOfficer, id)).status).toBe(404);
  });
});
