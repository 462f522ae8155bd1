import { and, eq, sql } from 'drizzle-orm';
import { createExportBody } from '../../../shared/api/exports';
import type { Db } from '../db/client';
import { exportJobs, organisations } from '../db/schema';
import { produceCertificates } from '../services/certificates/batch';
import { produceEArchive } from '../services/exports/e-archive';
import { produceProgressReport } from '../services/exports/report-produce';
import { queueDueReports } from '../services/exports/schedules';
import type { BlobStore } from '../storage';
import { claimLeasedJob } from './lease';

export const LEASE_SECONDS = 120;
export const MAX_ATTEMPTS = 3;

type JobRow = typeof exportJobs.$inferSelect;

/** What the runner needs; `publicUrl` goes into certificates' verification links. */
export interface ExportDeps {
  db: Db;
  storage: BlobStore;
  publicUrl: string;
  /** The clock (tests drive it); the default is the real one. */
  now?: () => Date;
}

/**
 * Takes the oldest queued job, or one whose worker stopped renewing its lease (a restart), and leases it.
 * `skip locked` lets several processes claim at once without ever taking the same row.
 */
export async function claimExportJob(db: Db): Promise<JobRow | undefined> {
  const id = await claimLeasedJob(db, 'export_jobs', {
    seconds: LEASE_SECONDS,
    maxAttempts: MAX_ATTEMPTS,
    gaveUp: 'gave up after repeated interruptions',
  });
  if (!id) return undefined;
  const [row] = await db.select().from(exportJobs).where(eq(exportJobs.id, id));
  return row;
}

/** Only the holder of the current lease (same attempt) may write: a worker that lost its lease changes nothing. */
const held = (job: JobRow) => and(eq(exportJobs.id, job.id), eq(exportJobs.attempts, job.attempts));

/** Produces one claimed job's file into the blob store and marks it done (or failed, with the reason). */
export async function runExportJob(deps: ExportDeps, job: JobRow): Promise<void> {
  const { db } = deps;
  try {
    const params = createExportBody.parse({ kind: job.kind, ...job.params });
    const [organisation] = await db.select().from(organisations).where(eq(organisations.id, job.scopeOrganisationId));
    if (!organisation) throw new Error('organisation missing');
    const now = deps.now ?? (() => new Date());
    const dataAsOf = now();
    let lastWrite = 0;
    const progress = async (done: number, total: number) => {
      if (done !== total && done - lastWrite < 50) return;
      lastWrite = done;
      await db
        .update(exportJobs)
        .set({
          progressDone: done,
          progressTotal: total,
          leaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
        })
        .where(held(job));
    };
    const common = {
      db,
      storage: deps.storage,
      publicUrl: deps.publicUrl,
      tenantId: job.tenantId,
      programmeInstanceId: job.programmeInstanceId,
      requestedBy: job.requestedBy,
      organisation,
      progress,
      now: dataAsOf,
    };
    const produced =
      params.kind === 'progress_report'
        ? await produceProgressReport({ ...common, params })
        : params.kind === 'e_archive'
          ? await produceEArchive({ ...common, params })
          : await produceCertificates({ ...common, params });
    await db
      .update(exportJobs)
      .set({
        status: 'done',
        blobKey: produced.object.key,
        sizeBytes: produced.object.sizeBytes,
        fileName: produced.fileName,
        contentType: produced.contentType,
        dataAsOf: produced.dataAsOf ?? dataAsOf,
        finishedAt: now(),
        leaseUntil: null,
        error: null,
      })
      .where(held(job));
  } catch (err) {
    await db
      .update(exportJobs)
      .set({ status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date() })
      .where(held(job));
  }
}

/** The job runner's tick: queue the schedules' due reports, then produce due exports one by one. */
export async function runScheduledAndDueExports(deps: ExportDeps, limit = 5): Promise<number> {
  await queueDueReports(deps.db, deps.now?.());
  return runDueExports(deps, limit);
}

/** Produce due exports one by one; returns how many it ran. */
export async function runDueExports(deps: ExportDeps, limit = 5): Promise<number> {
  let ran = 0;
  for (; ran < limit; ran++) {
    const job = await claimExportJob(deps.db);
    if (!job) break;
    await runExportJob(deps, job);
  }
  return ran;
}
