import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import {
  enrolments,
  evidenceItems,
  hoursLedgerEntries,
  ltiContexts,
  organisations,
  people,
  submissions,
} from '../../lti-tool/server/db/schema';
import { runDueExports } from '../../lti-tool/server/jobs/exports';
import type { Actor } from '../../lti-tool/server/services/actor';
import { grantRole } from '../../lti-tool/server/services/role-grants/grants';
import { createActivity, setAttendance } from '../../lti-tool/server/services/schools/activities';
import { uploadActivityFile } from '../../lti-tool/server/services/schools/activity-files';
import { decideArtefact, openArtefact, submitArtefact } from '../../lti-tool/server/services/schools/artefacts';
import { uploadArtefactVersion } from '../../lti-tool/server/services/schools/artefact-versions';
import { oversightScope } from '../../lti-tool/server/services/schools/scope';
import { createBlobStore, type BlobStore } from '../../lti-tool/server/storage';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';

// The zip is listed with fflate (not archiver, which wrote it), the summary with SheetJS (not exceljs), and every
// link is followed to bytes whose SHA-256 is recomputed here.
let world: JourneyWorld;
let county: string;
let school: { id: string; name: string };
const BIG = 48 * 1024 * 1024;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Pseudo-random bytes, made a chunk at a time (never whole in memory), so nothing compresses them away. */
function video(size: number) {
  let made = 0;
  let seed = 7;
  return Readable.from(
    (function* () {
      while (made < size) {
        const chunk = Buffer.alloc(Math.min(1024 * 1024, size - made));
        for (let i = 0; i < chunk.length; i += 4) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          chunk.writeUInt32LE(seed, i);
        }
        made += chunk.length;
        yield chunk;
      }
    })(),
  );
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);
const RETURN_REASON = '请补充信息化发展目标与年度计划';
let attendees: string[];

async function person(name: string, role: 'school_team' | 'county_admin', organisationId: string): Promise<Actor> {
  const db = world.tool.database.db;
  const [p] = await db
    .insert(people)
    .values({ tenantId: world.tenantId, displayName: name, email: `${name}@archive.example.cn` })
    .returning();
  const by = { tenantId: world.tenantId, actor: { actorLabel: 'test', client: 'system' as const } };
  await grantRole(db, by, { personId: p!.id, role, organisationId, source: 'admin' });
  return { tenantId: world.tenantId, personId: p!.id, roles: [], label: name, client: 'web', requestId: null };
}

/**
 * What the school holds of its own, made through the services: a development plan returned with a reason and
 * approved at its second version, a group plan in draft, an activity with sign-in, minutes and a photo.
 */
async function schoolRecords() {
  const db = world.tool.database.db;
  const storage = createBlobStore(world.tool.config);
  const team = await person('档案校长', 'school_team', school.id);
  const officer = await person('档案区县审核员', 'county_admin', world.demo.countyId);
  const scope = (actor: Actor) => oversightScope(db, actor, world.demo.programmeInstanceId);
  const upload = async (artefactId: string, text: string, filename: string) =>
    uploadArtefactVersion(db, storage, await scope(team), team, {
      schoolId: school.id,
      artefactId,
      filename,
      body: Readable.from([Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`)]),
      declaredBytes: undefined,
    });
  const plan = await openArtefact(db, await scope(team), team, school.id, { kind: 'development_plan' });
  const v1 = (await upload(plan.id, 'first', '信息化发展规划.pdf')).versions[0]!.id;
  await submitArtefact(db, await scope(team), team, school.id, plan.id, v1);
  await decideArtefact(db, await scope(officer), officer, school.id, plan.id, {
    versionId: v1,
    approve: false,
    reason: RETURN_REASON,
  });
  const v2 = (await upload(plan.id, 'second', '信息化发展规划（修订）.pdf')).versions[0]!.id;
  await submitArtefact(db, await scope(team), team, school.id, plan.id, v2);
  await decideArtefact(db, await scope(officer), officer, school.id, plan.id, { versionId: v2, approve: true });
  const group = await openArtefact(db, await scope(team), team, school.id, {
    kind: 'group_plan',
    groupId: world.demo.schools[0]!.groupIds[0]!,
  });
  await upload(group.id, 'group', '教研组计划.pdf');

  const activity = await createActivity(db, await scope(team), team, school.id, {
    heldOn: '2026-11-20',
    topic: '同课异构：交互式课件',
    organiser: '李组长',
    groupId: world.demo.schools[0]!.groupIds[0]!,
    practiceHours: 2,
  });
  const rows = await db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.schoolId, school.id), eq(enrolments.programmeInstanceId, world.demo.programmeInstanceId)))
    .limit(2);
  attendees = rows.map((r) => r.id);
  await setAttendance(db, await scope(team), team, school.id, activity.id, attendees);
  for (const [kind, filename, bytes] of [
    ['minutes', '活动纪要.pdf', Buffer.from('%PDF-1.4\n纪要\n%%EOF\n')],
    ['photo', '现场.png', PNG],
  ] as const) {
    await uploadActivityFile(db, storage, await scope(team), team, {
      schoolId: school.id,
      activityId: activity.id,
      kind,
      filename,
      body: Readable.from([bytes]),
      declaredBytes: bytes.length,
    });
  }
}

beforeAll(async () => {
  world = await startJourneyWorld();
  const db = world.tool.database.db;
  const admin = await world.launch(2);
  const courses = await db.select().from(ltiContexts).where(eq(ltiContexts.tenantId, world.tenantId));
  const course = courses.find((c) => c.label === 'XXZX2024')!.id;
  const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId: world.demo.countyId };
  expect((await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course}`, body)).status).toBe(200);
  county = await world.launch(3);
  school = world.demo.schools[0]!;
  // One of the school's files becomes a 48 MB classroom video.
  const [item] = await db
    .select({ id: evidenceItems.id })
    .from(evidenceItems)
    .innerJoin(submissions, eq(submissions.id, evidenceItems.submissionId))
    .innerJoin(enrolments, eq(enrolments.id, submissions.enrolmentId))
    .where(and(eq(enrolments.schoolId, school.id), isNotNull(evidenceItems.storageKey)))
    .limit(1);
  expect(item).toBeDefined();
  const stored = await createBlobStore(world.tool.config).put(video(BIG), { maxBytes: BIG });
  await db
    .update(evidenceItems)
    .set({
      kind: 'video',
      storageKey: stored.key,
      fileSha256: stored.sha256,
      fileSizeBytes: stored.sizeBytes,
      fileMime: 'video/mp4',
      fileOriginalName: '课堂实录.mp4',
    })
    .where(eq(evidenceItems.id, item!.id));
  await schoolRecords();
});
afterAll(() => world.close());

describe('e-archive (电子档案)', () => {
  let zip: Record<string, Uint8Array>;

  it('streams a school’s zip: a 48 MB video passes through a few buffers at a time', async () => {
    const queued = await api(world, county, 'POST', '/api/v1/exports', { kind: 'e_archive', schoolId: school.id });
    expect(queued.status).toBe(202);
    // Count the bytes read out of the blob store and the bytes that reached the stored zip: built in memory, the
    // whole video would be read before the zip got anything; streamed, only a few buffers are ever in between.
    const real = createBlobStore(world.tool.config);
    let read = 0;
    let stored = 0;
    let inFlight = 0;
    const count = (stream: Readable, add: (n: number) => void) =>
      stream.pipe(
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            add(chunk.length);
            inFlight = Math.max(inFlight, read - stored);
            done(null, chunk);
          },
        }),
      );
    const storage: BlobStore = {
      exists: (key) => real.exists(key),
      remove: (key) => real.remove(key),
      sweepTemporary: (options) => real.sweepTemporary(options),
      put: (body, options) =>
        real.put(
          count(body, (n) => (stored += n)),
          options,
        ),
      async get(key) {
        const object = await real.get(key);
        return object && { ...object, body: count(object.body, (n) => (read += n)) };
      },
    };
    expect(await runDueExports({ db: world.tool.database.db, storage, publicUrl: world.tool.config.publicUrl })).toBe(
      1,
    );
    expect(read).toBeGreaterThan(BIG);
    expect(inFlight).toBeLessThan(4 * 1024 * 1024);
    const job = (await api(world, county, 'GET', `/api/v1/exports/${queued.body.id}`)).body;
    expect(job).toMatchObject({ status: 'done', kind: 'e_archive' });
    expect(job.sizeBytes).toBeGreaterThan(BIG);
    const res = await fetch(`${world.tool.url}${job.downloadUrl}`, { headers: { authorization: `Bearer ${county}` } });
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(`电子档案_${school.name}.zip`);
    zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining([
        '说明.txt',
        '证据索引.html',
        '汇总表.xlsx',
        '学校计划与研修活动/说明.txt',
        '学校计划与研修活动/文件索引.html',
      ]),
    );
  });

  it('indexes every evidence file with its hash and a relative link that opens the same bytes', () => {
    const html = strFromU8(zip['证据索引.html']!);
    const links = [...html.matchAll(/<a href="([^"]+)">[^<]*<\/a><\/td><td>(\d+)<\/td><td><code>([0-9a-f]{64})/g)];
    expect(links.length).toBeGreaterThan(1);
    for (const [, href, size, hash] of links) {
      const bytes = zip[decodeURIComponent(href!)];
      expect(bytes, href).toBeDefined();
      expect(bytes!.length).toBe(Number(size));
      expect(sha(bytes!)).toBe(hash);
    }
    const files = Object.keys(zip).filter((n) => n.startsWith('证据/'));
    expect(files.sort()).toEqual(links.map(([, href]) => decodeURIComponent(href!)).sort());
    expect(files.some((n) => n.endsWith('_课堂实录.mp4') && zip[n]!.length === BIG)).toBe(true);
  });

  it('holds the summary, team, groups, choices, grades and the hours ledger in an XLSX', async () => {
    const db = world.tool.database.db;
    const book = XLSX.read(zip['汇总表.xlsx']!, { type: 'array' });
    expect(book.SheetNames).toEqual([
      '教师汇总',
      '管理团队',
      '教研组',
      '能力点选择',
      '成绩',
      '学时台账',
      '证据索引',
      '学校计划',
      '计划审批',
      '研修活动',
      '活动签到',
      '活动文件',
      '学校信息',
    ]);
    const rows = (name: string) => XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[name]!);
    const teachers = await db
      .select()
      .from(enrolments)
      .where(
        and(eq(enrolments.schoolId, school.id), eq(enrolments.programmeInstanceId, world.demo.programmeInstanceId)),
      );
    const active = teachers.filter((t) => t.status !== 'withdrawn');
    expect(rows('教师汇总')).toHaveLength(active.length);
    const ledger = await db
      .select()
      .from(hoursLedgerEntries)
      .where(
        inArray(
          hoursLedgerEntries.enrolmentId,
          active.map((t) => t.id),
        ),
      );
    const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
    expect(rows('学时台账')).toHaveLength(ledger.length);
    expect(sum(rows('学时台账').map((r) => Number(r['学时'])))).toBe(sum(ledger.map((e) => Number(e.hours))));
    const groups = await db.select().from(organisations).where(eq(organisations.parentId, school.id));
    expect(
      rows('教研组')
        .map((r) => r['教研组'])
        .sort(),
    ).toEqual(groups.map((g) => g.name).sort());
    expect(rows('管理团队').length).toBeGreaterThan(0);
    // The sheet's links point at the same files as the HTML index.
    const sheet = book.Sheets['证据索引']!;
    const targets = Object.entries(sheet)
      .filter(([ref]) => !ref.startsWith('!'))
      .map(([, cell]) => (cell as XLSX.CellObject).l?.Target)
      .filter((x): x is string => !!x);
    expect(targets.length).toBe(Object.keys(zip).filter((n) => n.startsWith('证据/')).length);
    for (const target of targets) expect(zip[decodeURIComponent(target)], target).toBeDefined();
  });

  it('holds the school’s plan versions with their decisions, and its activities with sign-in, minutes and photos', async () => {
    const folder = '学校计划与研修活动/';
    // Every file of the section is linked from its index (relative to the folder), with its size and hash.
    const html = strFromU8(zip[`${folder}文件索引.html`]!);
    const links = [...html.matchAll(/<a href="([^"]+)">([^<]*)<\/a><\/td><td>(\d+)<\/td><td><code>([0-9a-f]{64})/g)];
    const linked = links.map(([, href]) => folder + decodeURIComponent(href!));
    for (const [i, [, , , size, hash]] of links.entries()) {
      const bytes = zip[linked[i]!];
      expect(bytes, linked[i]).toBeDefined();
      expect(bytes!.length).toBe(Number(size));
      expect(sha(bytes!)).toBe(hash);
    }
    const files = Object.keys(zip).filter(
      (n) => n.startsWith(folder) && !n.endsWith('/说明.txt') && !n.endsWith('/文件索引.html'),
    );
    expect(files.sort()).toEqual([...linked].sort());
    expect(links.map(([, , name]) => name).sort()).toEqual(
      ['信息化发展规划.pdf', '信息化发展规划（修订）.pdf', '教研组计划.pdf', '活动纪要.pdf', '现场.png'].sort(),
    );
    expect(files.find((n) => n.endsWith('现场.png')) && sha(zip[files.find((n) => n.endsWith('现场.png'))!]!)).toBe(
      sha(PNG),
    );
    expect(html).toContain(RETURN_REASON);

    const book = XLSX.read(zip['汇总表.xlsx']!, { type: 'array' });
    const rows = (name: string) => XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[name]!);
    expect(rows('学校计划').map((r) => [r['计划'], r['版本'], r['本版本'], r['状态']])).toEqual([
      ['学校信息化发展规划', 1, undefined, '已通过'],
      ['学校信息化发展规划', 2, '已通过', '已通过'],
      [expect.stringMatching(/^教研组研修计划（.+）$/), 1, undefined, '草稿'],
    ]);
    expect(rows('计划审批').map((r) => [r['操作'], r['版本'], r['操作人'], r['退回原因']])).toEqual([
      ['提交', 'v1', '档案校长', undefined],
      ['退回', 'v1', '档案区县审核员', RETURN_REASON],
      ['提交', 'v2', '档案校长', undefined],
      ['通过', 'v2', '档案区县审核员', undefined],
    ]);
    expect(rows('研修活动')).toEqual([
      expect.objectContaining({
        日期: '2026-11-20',
        '议程/主题': '同课异构：交互式课件',
        组织者: '李组长',
        签到人数: 2,
        纪要: 1,
        照片: 1,
      }),
    ]);
    const names = await world.tool.database.db
      .select({ name: people.displayName })
      .from(enrolments)
      .innerJoin(people, eq(people.id, enrolments.personId))
      .where(inArray(enrolments.id, attendees));
    expect(
      rows('活动签到')
        .map((r) => r['教师'])
        .sort(),
    ).toEqual(names.map((n) => n.name).sort());
    // The sheets' links open the same bytes as the index says.
    for (const sheetName of ['学校计划', '活动文件']) {
      const sheet = book.Sheets[sheetName]!;
      const cells = Object.entries(sheet).filter(([ref]) => !ref.startsWith('!'));
      const targets = cells.map(([, cell]) => (cell as XLSX.CellObject).l?.Target).filter((x): x is string => !!x);
      expect(targets.length).toBe(sheetName === '学校计划' ? 3 : 2);
      for (const target of targets) expect(linked).toContain(decodeURIComponent(target));
    }
    const hashes = rows('活动文件').map((r) => r['SHA-256']);
    expect(hashes).toContain(sha(PNG));

    const readme = strFromU8(zip[`${folder}说明.txt`]!);
    expect(readme).toContain('校本研修主题');
    expect(readme).toContain('学校信息化发展规划：已通过，共 2 个版本，已通过版本 v2');
    expect(readme).toContain('2026-11-20 同课异构：交互式课件（组织者：李组长；签到 2 人；纪要与照片 2 个）');
    expect(readme).not.toContain('尚未保存');
    expect(strFromU8(zip['说明.txt']!)).not.toContain('尚未保存');
  });

  it('is for county officials only, and only for a school in their scope', async () => {
    const teacher = await world.launch(5);
    expect(
      (await api(world, teacher, 'POST', '/api/v1/exports', { kind: 'e_archive', schoolId: school.id })).status,
    ).toBe(403);
    const db = world.tool.database.db;
    const [elsewhere] = await db
      .insert(organisations)
      .values({ tenantId: world.tenantId, kind: 'school', code: 'ELSEWHERE', name: '别处学校' })
      .returning();
    const outside = await api(world, county, 'POST', '/api/v1/exports', { kind: 'e_archive', schoolId: elsewhere!.id });
    expect(outside.status).toBe(404);
  });
});
