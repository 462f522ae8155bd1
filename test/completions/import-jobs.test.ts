import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { mkdir, readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogue } from '../../shared/domain';
import { importReportReply, type ImportReportReply } from '../../shared/api/completions';
import { importJobReply, type ImportJobReply } from '../../shared/api/import-jobs';
import { createApp } from '../../lti-tool/server/app';
import { auditLog, completionImportJobs, operationRuns } from '../../lti-tool/server/db/schema';
import {
  claimImportJob,
  releaseAbandonedImportJobs,
  runDueImportJobs,
  runImportJob,
  sweepLocalCopies,
} from '../../lti-tool/server/jobs/import-jobs';
import { teacherLedger } from '../../lti-tool/server/services/completions/ledger';
import { createCompletionSource } from '../../lti-tool/server/services/completions/sources';
import { createBlobStore, jobKey } from '../../lti-tool/server/storage';
import { createLogger } from '../../lti-tool/server/logger';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { testTempDir } from '../helpers/temp-dir';
import { fixtureSession } from './fixture-session';
import { EXPECTED_COMPLETIONS, exportFile, seedFixtureWorld, type FixtureWorld } from './seed';

// Uploads from 1 KiB on run as jobs here (the fixture export is 3.4 KB); the default is 1 MiB.
const JOB_FROM_BYTES = 1024;
const csv: Uint8Array<ArrayBuffer> = exportFile('course-completion.csv') as Uint8Array<ArrayBuffer>;
const expected = Object.values(EXPECTED_COMPLETIONS).reduce((x, y) => x + y, 0);

let tool: ToolServer;
/** The same database behind an app that imports every file inside the request (the synchronous path). */
let inline: { url: string; server: Server };
let a: FixtureWorld;
let b: FixtureWorld;
let sourceA: string;
let sourceB: string;
let adminA: string;
let adminB: string;
let teacherA: string;

beforeAll(async () => {
  tool = await startToolServer({
    env: { IMPORT_JOB_FROM_BYTES: String(JOB_FROM_BYTES), DATA_DIR: await testTempDir('import-jobs-') },
  });
  const db = tool.database.db;
  a = await seedFixtureWorld(db, 'tenant-a');
  b = await seedFixtureWorld(db, 'tenant-b');
  sourceA = (await createCompletionSource(db, a.tenantId, { name: 'moodle-files', kind: 'file' })).source.id;
  sourceB = (await createCompletionSource(db, b.tenantId, { name: 'moodle-files', kind: 'file' })).source.id;
  adminA = await fixtureSession(db, a, a.adminPersonId, ['institution_admin']);
  adminB = await fixtureSession(db, b, b.adminPersonId, ['institution_admin']);
  teacherA = await fixtureSession(db, a, a.teachers.get('t001')!.personId, ['teacher']);
  const server = createServer(
    createApp({
      config: { ...tool.config, importJobFromBytes: Number.MAX_SAFE_INTEGER },
      logger: createLogger('silent'),
      database: tool.database,
      version: 'test',
      toolKeys: tool.toolKeys,
      catalogue: getCatalogue('national-2.0'),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  inline = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
});
afterAll(async () => {
  inline.server.closeAllConnections();
  await new Promise<void>((resolve) => inline.server.close(() => resolve()));
  await tool.close();
});

const storage = () => createBlobStore(tool.config);
const deps = (extra: Partial<Parameters<typeof runImportJob>[0]> = {}) => ({
  db: tool.database.db,
  storage: storage(),
  logger: createLogger('silent'),
  ...extra,
});

const upload = (base: string, sourceId: string, token: string, body: BodyInit, query = '') =>
  fetch(`${base}/api/v1/completions/sources/${sourceId}/imports?fileName=course-completion.csv${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
  });

const status = (id: string, token: string) =>
  fetch(`${tool.url}/api/v1/completions/import-jobs/${id}`, { headers: { authorization: `Bearer ${token}` } });

async function jobOf(id: string, token = adminA): Promise<ImportJobReply> {
  const response = await status(id, token);
  expect(response.status).toBe(200);
  return importJobReply.parse(await response.json());
}

const online = async (world: FixtureWorld) => {
  const totals: Record<string, number> = {};
  for (const [name, t] of world.teachers)
    totals[name] = (await teacherLedger(tool.database.db, world.tenantId, t.enrolmentId))!.totals.online;
  return totals;
};

/** A report without what differs between two imports of one file (their ids). */
const comparable = (report: ImportReportReply) => ({ ...report, importId: null, batchRows: 0 });

describe('large completion imports run as jobs', () => {
  let jobId: string;

  it('answers 202 with the job and its status URL; the file waits in the store; the job is audited', async () => {
    const response = await upload(tool.url, sourceA, adminA, csv);
    expect(response.status).toBe(202);
    const job = importJobReply.parse(await response.json());
    jobId = job.id;
    expect(job).toMatchObject({
      status: 'queued',
      dryRun: false,
      fileName: 'course-completion.csv',
      sizeBytes: csv.length,
      progress: { rowsDone: 0, rowsTotal: null },
      report: null,
      error: null,
      statusUrl: `/api/v1/completions/import-jobs/${job.id}`,
    });
    expect(response.headers.get('location')).toBe(job.statusUrl);
    expect(await storage().exists(jobKey(job.id))).toBe(true);
    // Nothing is imported until the job runs.
    expect(Object.values(await online(a)).every((h) => h === 0)).toBe(true);
    const [audit] = await tool.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, a.tenantId), eq(auditLog.action, 'completion_import_job.create')));
    expect(audit).toMatchObject({
      actorPersonId: a.adminPersonId,
      client: 'web',
      entityId: job.id,
      requestId: response.headers.get('x-request-id'),
    });
  });

  it('shows the job to its tenant’s administrators only', async () => {
    expect((await status(jobId, adminB)).status).toBe(404);
    expect((await status(jobId, teacherA)).status).toBe(403);
    expect((await status(jobId, 'not-a-token')).status).toBe(401);
    expect((await status('not-a-uuid', adminA)).status).toBe(404);
  });

  it('imports as the synchronous path does: same report, same ledger, progress recorded, file removed', async () => {
    const progress: Array<[number, number | null]> = [];
    // Batches of 10 rows, so progress is written after each of several batches.
    expect(await runDueImportJobs(deps({ batchRows: 10, onProgress: (d, t) => progress.push([d, t]) }))).toBe(1);
    const job = await jobOf(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.finishedAt).not.toBeNull();
    const report = job.report!;
    expect(report.summary.created).toBe(expected);
    expect(job.progress).toEqual({ rowsDone: report.summary.rows, rowsTotal: report.summary.rows });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual([report.summary.rows, report.summary.rows]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((x, y) => x - y));
    expect(await storage().exists(jobKey(jobId))).toBe(false);
    const [row] = await tool.database.db.select().from(completionImportJobs).where(eq(completionImportJobs.id, jobId));
    expect(row!.blobKey).toBeNull();

    // The same file through the synchronous path, into tenant B: the same report and the same hours per teacher.
    const sync = await upload(inline.url, sourceB, adminB, csv);
    expect(sync.status).toBe(200);
    const syncReport = importReportReply.parse(await sync.json());
    expect(comparable(report)).toEqual(comparable(syncReport));
    expect(await online(a)).toEqual(await online(b));
    expect((await online(a)).t001).toBeGreaterThan(0);
    // Listed among the deliveries like the synchronous import, under the upload's request id.
    const runs = await tool.database.db.select().from(operationRuns).where(eq(operationRuns.tenantId, a.tenantId));
    expect(runs).toEqual([expect.objectContaining({ kind: 'completion_import', status: 'partial' })]);
    // The import's writes are the uploading administrator's.
    const credits = await tool.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, a.tenantId), eq(auditLog.action, 'hours.credit')));
    expect(credits.length).toBeGreaterThan(0);
    expect(credits.every((c) => c.actorPersonId === a.adminPersonId)).toBe(true);
  });

  it('a job run again after its lease expired (a process killed after the commit) finds the file unchanged', async () => {
    const before = await online(a);
    // What a `kill -9` between the import's commit and the job's outcome leaves: the row running, its lease over,
    // its file still stored.
    await storage().put(Readable.from([Buffer.from(csv)]), { maxBytes: csv.length, key: jobKey(jobId) });
    await tool.database.db
      .update(completionImportJobs)
      .set({
        status: 'running',
        report: null,
        finishedAt: null,
        blobKey: jobKey(jobId),
        leaseUntil: new Date(Date.now() - 1000),
      })
      .where(eq(completionImportJobs.id, jobId));
    const claimed = await claimImportJob(tool.database.db);
    expect(claimed).toMatchObject({ id: jobId, attempts: 2 });
    await runImportJob(deps(), claimed!);
    const job = await jobOf(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.report!.summary).toMatchObject({ created: 0, unchanged: expected });
    expect(await online(a)).toEqual(before);
    expect(await storage().exists(jobKey(jobId))).toBe(false);
  });

  it('a worker whose lease was taken over writes nothing', async () => {
    const response = await upload(tool.url, sourceA, adminA, csv, '&dryRun=true');
    const queued = importJobReply.parse(await response.json());
    const first = (await claimImportJob(tool.database.db))!;
    await tool.database.db
      .update(completionImportJobs)
      .set({ leaseUntil: new Date(Date.now() - 1000) })
      .where(eq(completionImportJobs.id, queued.id));
    const second = (await claimImportJob(tool.database.db))!;
    expect(second).toMatchObject({ id: queued.id, attempts: 2 });
    await runImportJob(deps(), first);
    expect((await jobOf(queued.id)).status).toBe('running');
    await runImportJob(deps(), second);
    const job = await jobOf(queued.id);
    expect(job).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(job.report!.summary.would_create).toBe(0);
  });

  it('on the embedded database a restart takes up its dead process’s job at once, not when the lease ends', async () => {
    const response = await upload(tool.url, sourceA, adminA, csv, '&dryRun=true');
    const queued = importJobReply.parse(await response.json());
    const claimed = (await claimImportJob(tool.database.db))!;
    expect(claimed.id).toBe(queued.id);
    // The process that claimed it is gone (kill -9); its lease still runs for a minute.
    expect(await claimImportJob(tool.database.db)).toBeUndefined();
    expect(await releaseAbandonedImportJobs(tool.database.db)).toBe(1);
    expect(await runDueImportJobs(deps())).toBe(1);
    expect(await jobOf(queued.id)).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(await storage().exists(jobKey(queued.id))).toBe(false);
  });

  it('a file that cannot be imported ends as failed, with the reasons in Chinese and the report; its file removed', async () => {
    const broken = new Uint8Array(4096).fill(0x50);
    broken.set([0x50, 0x4b, 0x03, 0x04]);
    const response = await fetch(
      `${tool.url}/api/v1/completions/sources/${sourceA}/imports?fileName=${encodeURIComponent('成绩.xlsx')}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${adminA}`,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: broken,
      },
    );
    expect(response.status).toBe(202);
    const { id } = importJobReply.parse(await response.json());
    const before = await online(a);
    await runDueImportJobs(deps());
    const job = await jobOf(id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'file_refused', zh: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(job.report!.fileIssues[0]).toMatch(/^无法读取文件/);
    expect(await online(a)).toEqual(before);
    expect(await storage().exists(jobKey(id))).toBe(false);
  });

  it('XLSX and ODS (zipped: far more rows a byte) become jobs from an eighth of the size; a compressed body too', async () => {
    const post = (name: string, body: BodyInit, headers: Record<string, string>) =>
      fetch(`${tool.url}/api/v1/completions/sources/${sourceA}/imports?dryRun=true&fileName=${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminA}`, ...headers },
        body,
      });
    const small = new Uint8Array(JOB_FROM_BYTES / 8).fill(0x41);
    const xlsx = await post('r.xlsx', small, { 'content-type': 'application/octet-stream' });
    expect(xlsx.status).toBe(202);
    const csvSized = await post('r.csv', small, { 'content-type': 'text/csv' });
    // The synchronous reply: a report (this one refuses the file, as a 422 does).
    expect(csvSized.status).toBe(422);
    expect(importReportReply.parse(await csvSized.json()).fileIssues.length).toBeGreaterThan(0);
    // Sent gzip-encoded (smaller than the threshold on the wire): inflated by the body parser, then a job by its size.
    const gzipped = gzipSync(csv);
    expect(gzipped.length).toBeLessThan(JOB_FROM_BYTES * 2);
    const encoded = await post('c.csv', gzipped, { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
    expect(encoded.status).toBe(202);
    expect(importJobReply.parse(await encoded.json()).sizeBytes).toBe(csv.length);
    await runDueImportJobs(deps(), 5);
  });

  it('small files keep the synchronous reply; bad options are refused before anything is stored', async () => {
    // The export's first lines, under the threshold.
    const small = csv.slice(0, csv.lastIndexOf(0x0a, JOB_FROM_BYTES - 1) + 1);
    const response = await upload(tool.url, sourceA, adminA, small, '&dryRun=true');
    expect(response.status).toBe(200);
    expect(importReportReply.parse(await response.json()).dryRun).toBe(true);
    const badMapping = await upload(tool.url, sourceA, adminA, csv, '&mapping=nope');
    expect(badMapping.status).toBe(422);
    expect((await upload(tool.url, sourceA, adminB, csv)).status).toBe(404);
    expect((await upload(tool.url, sourceA, teacherA, csv)).status).toBe(403);
    const jobs = await tool.database.db
      .select()
      .from(completionImportJobs)
      .where(eq(completionImportJobs.tenantId, b.tenantId));
    expect(jobs).toEqual([]);
  });

  it('removes local copies a killed process left behind, never a fresh one or anything else', async () => {
    const folder = await testTempDir('import-copies-');
    const now = Date.now() + 60 * 60_000;
    for (const name of ['import-job-stale', 'import-job-fresh', 'other-stale']) await mkdir(join(folder, name));
    const twoHoursBefore = new Date(now - 2 * 60 * 60_000);
    await utimes(join(folder, 'import-job-stale'), twoHoursBefore, twoHoursBefore);
    await utimes(join(folder, 'other-stale'), twoHoursBefore, twoHoursBefore);
    const fresh = new Date(now - 60_000);
    await utimes(join(folder, 'import-job-fresh'), fresh, fresh);
    expect(await sweepLocalCopies(now, folder)).toBe(1);
    expect((await readdir(folder)).sort()).toEqual(['import-job-fresh', 'other-stale']);
  });
});
