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
  submissions,
} from '../../lti-tool/server/db/schema';
import { runDueExports } from '../../lti-tool/server/jobs/exports';
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
      expect.arrayContaining(['说明.txt', '证据索引.html', '汇总表.xlsx', '学校计划与研修活动/说明.txt']),
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
    const plans = strFromU8(zip['学校计划与研修活动/说明.txt']!);
    expect(plans).toContain('校本研修主题');
    expect(plans).toContain('本工具尚未保存');
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
