import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { enrolments, organisations, programmeInstances } from '../../lti-tool/server/db/schema';
import type { DemoWorld } from '../../lti-tool/server/demo/seed';
import type { Actor } from '../../lti-tool/server/services/actor';
import { produceCertificates } from '../../lti-tool/server/services/certificates/batch';
import { produceEArchive } from '../../lti-tool/server/services/exports/e-archive';
import type { ProduceInput } from '../../lti-tool/server/services/exports/produce';
import { abilityReportStatus, loadReportRows } from '../../lti-tool/server/services/exports/report-data';
import { produceProgressReport } from '../../lti-tool/server/services/exports/report-produce';
import { schoolsOf } from '../../lti-tool/server/services/exports/scope';
import { programmeYears, setAllocation } from '../../lti-tool/server/services/hours-registration/allocation';
import { writeRegistrationXlsx } from '../../lti-tool/server/services/hours-registration/file';
import { prepareRegistration } from '../../lti-tool/server/services/hours-registration/workflow';
import { teacherStatus as evaluate } from '../../lti-tool/server/services/teacher-journey/records';
import { createBlobStore, type BlobStore } from '../../lti-tool/server/storage';
import type { TestDatabase } from '../helpers/db';
import { createDemoDatabase } from '../helpers/demo-db';
import { pdfPageTexts } from '../helpers/pdf-text';
import { engineRows, engineStatuses, sameOneAtATime, STATE_ZH, totals, type Engine } from './county-engine';
import { makePassing } from './passing';
import { testTempDir } from '../helpers/temp-dir';

/**
 * The seeded demo county (40 schools, 2,047 teachers in every state): the files' totals against the engine run
 * afresh, teacher by teacher, on the same records. Files are read with other libraries than wrote them: the CSV
 * with csv-parse, the zip with fflate, the workbooks (the report, the archive's summary, the hours registration)
 * with SheetJS (exceljs wrote them), the certificates' text with pdfjs (pdfkit wrote them).
 */
let database: TestDatabase;
let demo: DemoWorld;
let storage: BlobStore;
let organisation: typeof organisations.$inferSelect;
beforeAll(async () => {
  // The demo as seeded once per run (seedDemo, the status backfill, seedDemoCounty, seedDemoOversight), copied.
  const dataDir = await testTempDir('county-totals-');
  const copy = await createDemoDatabase(dataDir);
  ({ database, world: demo } = copy);
  storage = createBlobStore({ dataDir });
  const [county] = await database.db.select().from(organisations).where(eq(organisations.id, demo.countyId));
  organisation = county!;
});
afterAll(() => database.close());

/** The engine as seeded (the first two tests change nothing): computed once for the file. */
let seeded: Promise<Engine[]> | undefined;
const engineAtSeed = () => (seeded ??= engineStatuses(database.db, demo.programmeInstanceId));

function input<K extends 'progress_report' | 'e_archive'>(params: ProduceInput<K>['params']): ProduceInput<K> {
  return {
    db: database.db,
    storage,
    publicUrl: 'http://totals.invalid',
    tenantId: organisation.tenantId,
    programmeInstanceId: demo.programmeInstanceId,
    requestedBy: null,
    organisation,
    params,
    progress: async () => {},
    now: new Date(),
  };
}

async function bytesOf(key: string): Promise<Buffer> {
  const object = await storage.get(key);
  if (!object) throw new Error(`missing ${key}`);
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe('every export of the seeded county totals to the engine', () => {
  it("the CSV report (read with csv-parse): per school and county, teachers, completed and hours are the engine's", async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const produced = await produceProgressReport(
      input<'progress_report'>({
        kind: 'progress_report',
        format: 'csv',
        language: 'zh',
        period: { kind: 'monthly', month },
      }),
    );
    const text = (await bytesOf(produced.object.key)).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const records = parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const file = records.map((r) => ({
      school: r['学校']!,
      state: r['完成状态']!,
      online: Number(r['网络研修学时']),
      practice: Number(r['校本实践学时']),
      total: Number(r['总学时']),
    }));
    const engine = await engineAtSeed();
    expect(engine.length).toBeGreaterThanOrEqual(2000);
    expect(await sameOneAtATime(database.db, demo.programmeInstanceId, engine)).toBeGreaterThan(25);
    expect(file).toHaveLength(engine.length);
    const mine = totals(file);
    const theirs = totals(engineRows(engine));
    expect(mine.size).toBeGreaterThanOrEqual(38);
    expect(mine).toEqual(theirs);
    // Not a vacuous match: the county has hours, completions and teachers still short of them.
    const county = theirs.get('合计')!;
    expect(county.total).toBeGreaterThan(0);
    expect(county.completed).toBeGreaterThan(0);
    expect(county.completed).toBeLessThan(county.teachers);
    // Teacher by teacher too: the same multiset of (school, state, hours) lines.
    const line = (r: (typeof file)[number]) => `${r.school}|${r.state}|${r.online}|${r.practice}|${r.total}`;
    expect(file.map(line).sort()).toEqual(engineRows(engine).map(line).sort());
  });

  it("the XLSX report's 学校汇总 sheet (read with SheetJS): each school's and the county's figures are the engine's", async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const produced = await produceProgressReport(
      input<'progress_report'>({
        kind: 'progress_report',
        format: 'xlsx',
        language: 'zh',
        period: { kind: 'monthly', month },
      }),
    );
    const book = XLSX.read(await bytesOf(produced.object.key), { type: 'buffer' });
    const summary = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['学校汇总']!);
    const engine = await engineAtSeed();
    const expected = totals(engineRows(engine));
    const excellent = (school: string) =>
      engine.filter((e) => (school === '合计' || e.school === school) && e.status.excellent).length;
    // One line per school, the county's 合计 last.
    expect(summary.at(-1)!['学校']).toBe('合计');
    expect(summary.map((r) => String(r['学校'])).sort()).toEqual([...expected.keys()].sort());
    for (const row of summary) {
      const school = String(row['学校']);
      const want = expected.get(school)!;
      expect({
        teachers: row['参训教师数'],
        completed: row['已完成人数'],
        excellent: row['优秀人数'],
        online: row['网络研修学时'],
        practice: row['校本实践学时'],
        total: row['总学时'],
      }).toEqual({ ...want, excellent: excellent(school) });
    }
    expect(excellent('合计')).toBeGreaterThan(0);
  });

  it("the e-archive's summary sheet (zip listed with fflate, workbook read with SheetJS) is the engine's, teacher by teacher", async () => {
    // The seeded school with the most teachers.
    const engineAll = await engineAtSeed();
    const counts = new Map<string, number>();
    for (const e of engineAll) counts.set(e.schoolId, (counts.get(e.schoolId) ?? 0) + 1);
    const [schoolId] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const [school] = await database.db.select().from(organisations).where(eq(organisations.id, schoolId));
    const schoolName = school!.name;
    const produced = await produceEArchive(
      input<'e_archive'>({ kind: 'e_archive', schoolId: school!.id, language: 'zh' }),
    );
    const zip = unzipSync(new Uint8Array(await bytesOf(produced.object.key)));
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['汇总表.xlsx', '说明.txt', '证据索引.html']));
    expect(strFromU8(zip['说明.txt']!)).toContain(schoolName);
    const book = XLSX.read(zip['汇总表.xlsx']!, { type: 'array' });
    const sheet = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['教师汇总']!);
    const engine = engineAll.filter((e) => e.schoolId === schoolId);
    expect(engine.length).toBeGreaterThan(40);
    expect(sheet).toHaveLength(engine.length);
    const line = (name: string, state: string, online: number, practice: number, total: number) =>
      `${name}|${state}|${online}|${practice}|${total}`;
    expect(
      sheet
        .map((r) =>
          line(
            String(r['教师']),
            String(r['完成状态']),
            Number(r['网络研修学时']),
            Number(r['校本实践学时']),
            Number(r['总学时']),
          ),
        )
        .sort(),
    ).toEqual(
      engine
        .map((e) =>
          line(
            e.name,
            STATE_ZH[e.status.state],
            e.status.hours.counted.online.hours,
            e.status.hours.counted.practice.hours,
            e.status.hours.counted.total.hours,
          ),
        )
        .sort(),
    );
    const file = totals(
      sheet.map((r) => ({
        school: schoolName,
        state: String(r['完成状态']),
        online: Number(r['网络研修学时']),
        practice: Number(r['校本实践学时']),
        total: Number(r['总学时']),
      })),
    );
    expect(file.get(schoolName)).toEqual(totals(engineRows(engine)).get(schoolName));
    expect(file.get(schoolName)!.total).toBeGreaterThan(0);
  });

  it("the school's certificates (text extracted with pdfjs): a page per teacher who meets the programme, with the engine's hours and grade", async () => {
    const engine = await engineAtSeed();
    const meets = (e: Engine) => e.status.state === 'ready_to_certify' || e.status.state === 'certified';
    // The school with the most teachers who meet the programme.
    const counts = new Map<string, number>();
    for (const e of engine.filter(meets)) counts.set(e.schoolId, (counts.get(e.schoolId) ?? 0) + 1);
    const [schoolId, eligible] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(eligible).toBeGreaterThan(5);
    const produced = await produceCertificates({
      ...input<'e_archive'>({ kind: 'e_archive', schoolId, language: 'zh' }),
      params: { kind: 'certificates', schoolId },
    });
    const pages = await pdfPageTexts(new Uint8Array(await bytesOf(produced.object.key)));
    const mine = engine.filter((e) => e.schoolId === schoolId && meets(e));
    expect(pages).toHaveLength(mine.length);
    const left = [...pages];
    for (const e of mine) {
      const grade = e.status.excellent ? '优秀' : '合格';
      const hours = e.status.hours.counted.total.hours.toFixed(2);
      const at = left.findIndex((p) => p.includes(e.name) && p.includes(hours) && p.includes(grade));
      expect(at, `${e.name} ${hours} ${grade}`).toBeGreaterThanOrEqual(0);
      left.splice(at, 1);
    }
  });

  it("the hours registration (read with SheetJS): every teacher who meets the programme, the engine's hours split by the county's ratio", async () => {
    const db = database.db;
    const scope = {
      tenantId: organisation.tenantId,
      personId: demo.assessorId,
      organisation,
      programmeInstanceId: demo.programmeInstanceId,
    };
    const actor: Actor = {
      tenantId: organisation.tenantId,
      personId: demo.assessorId,
      roles: ['assessor', 'institution_admin'],
      label: 'test',
      client: 'system',
      requestId: null,
    };
    const years = await programmeYears(db, scope);
    expect(years).toHaveLength(3);
    const percents = [30, 50, 20];
    await setAllocation(db, scope, actor, { shares: Object.fromEntries(years.map((y, i) => [y, percents[i]!])) });
    const registration = await prepareRegistration(db, scope, actor, { idHeader: '教师编号', idSource: 'email' });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeRegistrationXlsx(db, scope, registration.id, 'zh', out, () => {});
    const book = XLSX.read(Buffer.concat(chunks), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['学时登记']!);
    // Per teacher (school, name, id column): hours per year and category; a year without hours has no line.
    const cents = (h: number) => Math.round(h * 100) / 100;
    const split = (hours: number) => {
      const firsts = percents.slice(0, -1).map((p) => cents((hours * p) / 100));
      return [...firsts, cents(hours - firsts.reduce((a, b) => a + b, 0))];
    };
    const file = new Map<string, number[]>();
    for (const r of rows) {
      const key = `${String(r['学校'])}|${String(r['姓名'])}|${String(r['教师编号'] ?? '')}`;
      const line = file.get(key) ?? [0, 0, 0, 0, 0, 0];
      const at = (r['学时类别'] === '网络研修' ? 0 : 3) + years.indexOf(Number(r['学年']));
      line[at] = cents(line[at]! + Number(r['学时']));
      file.set(key, line);
    }
    const meets = (await engineAtSeed()).filter(
      (e) => e.status.state === 'ready_to_certify' || e.status.state === 'certified',
    );
    expect(meets.length).toBeGreaterThan(100);
    expect(file.size).toBe(meets.length);
    const engine = new Map(
      meets.map((e) => [
        `${e.school}|${e.name}|${e.email ?? ''}`,
        [...split(e.status.hours.counted.online.hours), ...split(e.status.hours.counted.practice.hours)],
      ]),
    );
    expect(file).toEqual(engine);
    const sum = (m: Map<string, number[]>) => cents([...m.values()].flat().reduce((a, b) => a + b, 0));
    expect(sum(file)).toBe(cents(meets.reduce((n, e) => n + e.status.hours.counted.total.hours, 0)));
    expect(registration).toMatchObject({ teachers: meets.length });
  });

  it('a past moment, rebuilt from the history a chunk of teachers at a time, is the engine as it stood then', async () => {
    const db = database.db;
    const schools = await schoolsOf(db, { tenantId: organisation.tenantId, organisation });
    const report = async (asOf?: Date) =>
      (
        await loadReportRows(db, {
          tenantId: organisation.tenantId,
          programmeInstanceId: demo.programmeInstanceId,
          schools,
          ...(asOf ? { asOf } : {}),
        })
      )
        .map((r) => [r.school, r.teacher, r.abilities.map((a) => `${a.code}:${a.status}`), r.totalHours, r.state])
        .map((line) => JSON.stringify(line))
        .sort();
    // What the engine says, teacher by teacher, in the report's words.
    const inReportWords = (list: Engine[]) =>
      list
        .map((e) => [
          e.school,
          e.name,
          e.status.abilities.map((a) => `${a.code}:${abilityReportStatus(a)}`),
          e.status.hours.counted.total.hours,
          e.status.state,
        ])
        .map((line) => JSON.stringify(line))
        .sort();
    const before = inReportWords(await engineAtSeed());
    const moment = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Then three demo teachers complete the programme (evidence submitted and graded, hours added; the demo dates
    // the submit and grading events 28–30 days back, so they are history by now).
    for (const [i, t] of demo.teachers.slice(0, 3).entries()) {
      expect((await makePassing(db, storage, { ...t, assessorId: demo.assessorId, index: i }))?.state).toBe(
        'ready_to_certify',
      );
    }
    // As of the moment before, from the history: every teacher as the engine said then (the seeded county's
    // submissions included, through their submit and grading events).
    expect(await report(moment)).toEqual(before);
    // And as of now the three have moved, as the engine says.
    // The engine after: the three teachers evaluated afresh, one at a time; nobody else's records changed.
    const moved = new Set(demo.teachers.slice(0, 3).map((t) => t.enrolmentId));
    const [instance] = await db
      .select()
      .from(programmeInstances)
      .where(eq(programmeInstances.id, demo.programmeInstanceId));
    const seeded = await engineAtSeed();
    const after = inReportWords(
      await Promise.all(
        seeded.map(async (e) => {
          if (!moved.has(e.enrolmentId)) return e;
          const [enrolment] = await db.select().from(enrolments).where(eq(enrolments.id, e.enrolmentId));
          const [school] = await db.select().from(organisations).where(eq(organisations.id, e.schoolId));
          return { ...e, status: await evaluate(db, enrolment!, instance!, school!) };
        }),
      ),
    );
    expect(after).not.toEqual(before);
    expect(await report(new Date())).toEqual(after);
  });
});
