import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { fileMapping } from '../../../shared/api/completions';
import type { ImportJobErrorCode } from '../../../shared/api/import-jobs';
import type { Db } from '../db/client';
import { completionImportJobs } from '../db/schema';
import type { Logger } from '../logger';
import { fileSource } from '../services/completions/files/byte-source';
import { openSheet } from '../services/completions/files/spreadsheet';
import { IMPORT_BATCH_ROWS, importCompletionFile, type ImportReport } from '../services/completions/feeds/import-file';
import type { ImportJobRow } from '../services/completions/feeds/import-jobs';
import { recordImportRun } from '../services/completions/feeds/import-run';
import { findSource } from '../services/completions/sources';
import type { BlobStore } from '../storage';
import { claimLeasedJob } from './lease';

/**
 * How long a claimed job is its worker's without a sign of life: a heartbeat renews it every quarter of it while the
 * job runs (and each batch's progress write), so a killed process's job is taken over within a minute.
 */
export const IMPORT_LEASE_SECONDS = 60;
export const IMPORT_MAX_ATTEMPTS = 3;
/** A finished job's row (its report names teachers) is kept this long for the administrator to read. */
const KEEP_FINISHED_DAYS = 7;

export interface ImportJobDeps {
  db: Db;
  storage: BlobStore;
  logger: Logger;
  /** Rows per batch (tests take small batches to see progress written more than once). */
  batchRows?: number;
  /** Hears each progress write that reached the row (tests). */
  onProgress?: (rowsDone: number, rowsTotal: number | null) => void;
}

const jobs = completionImportJobs;

/**
 * Takes the oldest queued job, or one whose worker stopped renewing its lease (a restart, a `kill -9`), and leases
 * it. `skip locked` lets several processes claim at once without ever taking the same row. A job interrupted
 * IMPORT_MAX_ATTEMPTS times fails (its file is removed by `removeFinishedFiles`).
 */
export async function claimImportJob(db: Db): Promise<ImportJobRow | undefined> {
  const id = await claimLeasedJob(db, 'completion_import_jobs', {
    seconds: IMPORT_LEASE_SECONDS,
    maxAttempts: IMPORT_MAX_ATTEMPTS,
    gaveUp: 'interrupted',
  });
  if (!id) return undefined;
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

/** Only the holder of the current lease (same attempt) may write: a worker that lost its lease changes nothing. */
const held = (job: ImportJobRow) =>
  and(eq(jobs.id, job.id), eq(jobs.attempts, job.attempts), eq(jobs.status, 'running'));

/**
 * Imports one claimed job's file with `importCompletionFile`, as the synchronous upload does (same report, same
 * operation run), recording progress after each batch, then the outcome. The file is removed when the job ends.
 */
export async function runImportJob(deps: ImportJobDeps, job: ImportJobRow): Promise<void> {
  const { db } = deps;
  const log = deps.logger.child({ requestId: job.requestId, importJobId: job.id });
  const finish = async (outcome: { error?: ImportJobErrorCode; report?: ImportReport }) => {
    const [done] = await db
      .update(jobs)
      .set({
        status: outcome.error ? 'failed' : 'succeeded',
        error: outcome.error ?? null,
        report: outcome.report ?? null,
        finishedAt: new Date(),
        leaseUntil: null,
      })
      .where(held(job))
      .returning({ id: jobs.id });
    if (done) await removeFile(deps, job);
  };
  const folder = await mkdtemp(join(tmpdir(), LOCAL_COPY_PREFIX));
  // The lease is renewed while the job runs, whatever the import is doing (reading the store, counting, a slow
  // batch); one renewal at a time. On PGlite it waits for the import's transaction, harmlessly: one process.
  let renewing = false;
  const heartbeat = setInterval(
    () => {
      if (renewing) return;
      renewing = true;
      void renewLease(db, job).finally(() => (renewing = false));
    },
    (IMPORT_LEASE_SECONDS * 1000) / 4,
  );
  try {
    const source = await findSource(db, job.tenantId, job.sourceId);
    if (!source || source.kind !== 'file') return await finish({ error: 'source_missing' });
    const object = job.blobKey ? await deps.storage.get(job.blobKey) : undefined;
    if (!object) return await finish({ error: 'file_missing' });
    // The readers take ranges of the file by position: a local copy (the store may be a bucket), never in memory.
    const path = join(folder, 'upload');
    await pipeline(object.body, createWriteStream(path));
    const file = fileSource(path);
    try {
      const report = await importFile(deps, job, source, file);
      await recordImportRun(db, { source, report, requestId: job.requestId, log });
      await finish(report.fileIssues.length > 0 ? { error: 'file_refused', report } : { report });
    } finally {
      file.close();
    }
  } catch (err) {
    // The import is one transaction: failed inside it, nothing was written; failed after its commit, the run again
    // finds every row unchanged. Tried again until the attempts run out.
    log.error('import job failed', { attempt: job.attempts, err });
    if (job.attempts >= IMPORT_MAX_ATTEMPTS) await finish({ error: 'import_failed' }).catch(() => undefined);
    else
      await db
        .update(jobs)
        .set({ status: 'queued', leaseUntil: null })
        .where(held(job))
        .catch(() => undefined);
  } finally {
    clearInterval(heartbeat);
    await rm(folder, { recursive: true, force: true });
  }
}

const renewLease = (db: Db, job: ImportJobRow) =>
  db
    .update(jobs)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${IMPORT_LEASE_SECONDS})` })
    .where(held(job))
    .catch(() => undefined);

/**
 * At start-up on the embedded database: a job still `running` was this data folder's only process's, which is gone
 * (PGlite belongs to one process), so it is due now rather than when its lease runs out. Never on PostgreSQL, where
 * another process may be running it.
 */
export async function releaseAbandonedImportJobs(db: Db): Promise<number> {
  const released = await db
    .update(jobs)
    .set({ leaseUntil: sql`now()` })
    .where(eq(jobs.status, 'running'))
    .returning({ id: jobs.id });
  return released.length;
}

async function importFile(
  deps: ImportJobDeps,
  job: ImportJobRow,
  source: NonNullable<Awaited<ReturnType<typeof findSource>>>,
  file: ReturnType<typeof fileSource>,
): Promise<ImportReport> {
  const { db } = deps;
  const batchRows = deps.batchRows ?? IMPORT_BATCH_ROWS;
  // The file's data rows, for "rows done of rows": one counting pass (the import counts them again itself).
  const counted = await openSheet(file, job.fileName).catch(() => undefined);
  const rowsTotal = counted && !counted.tooManyRows ? counted.rows : null;
  await db.update(jobs).set({ rowsTotal, rowsDone: 0 }).where(held(job));
  // One write per batch at most, never two at once (on PGlite it waits for the import's transaction to end);
  // each renews the lease.
  let batches = 0;
  let writing: Promise<unknown> = Promise.resolve();
  let pending = false;
  const onBatch = () => {
    batches++;
    if (pending) return;
    pending = true;
    writing = writing.then(async () => {
      pending = false;
      const rowsDone = Math.min(batches * batchRows, rowsTotal ?? batches * batchRows);
      const written = await db
        .update(jobs)
        .set({ rowsDone, leaseUntil: sql`now() + make_interval(secs => ${IMPORT_LEASE_SECONDS})` })
        .where(held(job))
        .returning({ id: jobs.id })
        .catch(() => []);
      if (written.length > 0) deps.onProgress?.(rowsDone, rowsTotal);
    });
  };
  const mapping = job.mapping ? fileMapping.partial().parse(job.mapping) : undefined;
  try {
    return await importCompletionFile(db, {
      tenantId: job.tenantId,
      source,
      bytes: file,
      fileName: job.fileName,
      mapping,
      dryRun: job.dryRun,
      batchRows,
      onBatch,
      recorder: { personId: job.requestedBy },
      actor: {
        actorPersonId: job.requestedBy,
        actorLabel: job.actorLabel,
        client: job.client,
        requestId: job.requestId,
      },
    });
  } finally {
    await writing;
  }
}

/** Removes a finished job's stored file, then forgets its key. */
async function removeFile(deps: ImportJobDeps, job: Pick<ImportJobRow, 'id' | 'blobKey'>) {
  if (!job.blobKey) return;
  await deps.storage.remove(job.blobKey);
  await deps.db.update(jobs).set({ blobKey: null }).where(eq(jobs.id, job.id));
}

/**
 * Files of jobs that ended without removing theirs (failed after repeated interruptions, or the process died between
 * the outcome and the removal), and finished jobs older than KEEP_FINISHED_DAYS.
 */
export async function removeFinishedFiles(deps: ImportJobDeps): Promise<number> {
  const ended = await deps.db
    .select({ id: jobs.id, blobKey: jobs.blobKey })
    .from(jobs)
    .where(and(inArray(jobs.status, ['succeeded', 'failed']), isNotNull(jobs.blobKey)))
    .limit(50);
  for (const job of ended) await removeFile(deps, job);
  await deps.db
    .delete(jobs)
    .where(
      and(
        inArray(jobs.status, ['succeeded', 'failed']),
        sql`${jobs.blobKey} is null`,
        lt(jobs.finishedAt, sql`now() - make_interval(days => ${KEEP_FINISHED_DAYS})`),
      ),
    );
  return ended.length;
}

/** The local copies of job files (the readers read by position): `<tmpdir>/import-job-…`, removed after each run. */
const LOCAL_COPY_PREFIX = 'import-job-';
let lastCopySweep = 0;

/**
 * Local copies a killed process left in the temporary folder, untouched for an hour (a job's copy is written once,
 * when it starts, and no import runs near that long). Other processes on the machine share the folder: only stale
 * entries go. At most every 15 minutes per process.
 */
export async function sweepLocalCopies(now = Date.now(), folder = tmpdir()): Promise<number> {
  if (now - lastCopySweep < 15 * 60_000) return 0;
  lastCopySweep = now;
  let removed = 0;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (!name.startsWith(LOCAL_COPY_PREFIX)) continue;
    const info = await stat(join(folder, name)).catch(() => undefined);
    if (!info || info.mtimeMs > now - 60 * 60_000) continue;
    await rm(join(folder, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** The job runner's tick: due imports one by one, then the files and rows of finished ones. */
export async function runDueImportJobs(deps: ImportJobDeps, limit = 3): Promise<number> {
  await sweepLocalCopies();
  let ran = 0;
  for (; ran < limit; ran++) {
    const job = await claimImportJob(deps.db);
    if (!job) break;
    await runImportJob(deps, job);
  }
  await removeFinishedFiles(deps);
  return ran;
}
