import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { importReportReply } from '../../../../../shared/api/completions';
import { IMPORT_JOB_ERRORS, type ImportJobReply } from '../../../../../shared/api/import-jobs';
import type { Db } from '../../../db/client';
import { completionImportJobs } from '../../../db/schema';
import { FileTooLargeError, jobKey, type BlobStore } from '../../../storage';
import { recordAudit, type AuditActor } from '../../audit';
import { DomainError } from '../../errors';
import type { FileMapping } from '../files/layouts';
import type { CompletionSource } from '../sources';

export type ImportJobRow = typeof completionImportJobs.$inferSelect;

/** Uploads from this size on are imported by a job (202) rather than inside the request; see docs/reliability.md. */
export const IMPORT_JOB_FROM_BYTES = 1024 * 1024;

export const importJobUrl = (id: string) => `/api/v1/completions/import-jobs/${id}`;

/**
 * Stores the upload under the job's own key (streamed, counted, at most `maxBytes`) and records the job with an
 * audit event of the administrator who uploaded, in one transaction. The job runner (jobs/import-jobs.ts) imports it.
 */
export async function queueImportJob(
  db: Db,
  storage: BlobStore,
  input: {
    source: CompletionSource;
    body: Readable;
    maxBytes: number;
    fileName: string;
    mapping: Partial<FileMapping> | undefined;
    dryRun: boolean;
    actor: AuditActor & { actorPersonId: string };
  },
): Promise<ImportJobReply> {
  const id = randomUUID();
  const key = jobKey(id);
  let stored;
  try {
    stored = await storage.put(input.body, { maxBytes: input.maxBytes, key });
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new DomainError('payload_too_large', { maxBytes: err.maxBytes });
    throw err;
  }
  try {
    if (stored.sizeBytes === 0) throw new DomainError('validation_failed', [{ field: 'body', problem: 'empty file' }]);
    const row = await db.transaction(async (tx) => {
      const [job] = await tx
        .insert(completionImportJobs)
        .values({
          id,
          tenantId: input.source.tenantId,
          sourceId: input.source.id,
          requestedBy: input.actor.actorPersonId,
          actorLabel: input.actor.actorLabel,
          client: input.actor.client,
          requestId: input.actor.requestId ?? null,
          fileName: input.fileName.slice(0, 500),
          sizeBytes: stored.sizeBytes,
          dryRun: input.dryRun,
          mapping: input.mapping ?? null,
          blobKey: key,
        })
        .returning();
      await recordAudit(tx, {
        tenantId: input.source.tenantId,
        ...input.actor,
        action: 'completion_import_job.create',
        entityType: 'completion_import_job',
        entityId: id,
        after: {
          sourceId: input.source.id,
          fileName: input.fileName,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          dryRun: input.dryRun,
        },
      });
      return job!;
    });
    return presentImportJob(row);
  } catch (err) {
    // No job row, so no job will ever remove the file.
    await storage.remove(key).catch(() => undefined);
    throw err;
  }
}

/** One import job of the tenant; another tenant's id is "not found", so ids leak nothing. */
export async function getImportJob(db: Db, tenantId: string, id: string): Promise<ImportJobReply> {
  const [row] = await db
    .select()
    .from(completionImportJobs)
    .where(and(eq(completionImportJobs.tenantId, tenantId), eq(completionImportJobs.id, id)));
  if (!row) throw new DomainError('not_found');
  return presentImportJob(row);
}

export function presentImportJob(job: ImportJobRow): ImportJobReply {
  return {
    id: job.id,
    sourceId: job.sourceId,
    status: job.status,
    dryRun: job.dryRun,
    fileName: job.fileName,
    sizeBytes: job.sizeBytes,
    progress: { rowsDone: job.rowsDone, rowsTotal: job.rowsTotal },
    report: job.report ? importReportReply.parse(job.report) : null,
    error: job.error ? { code: job.error, ...IMPORT_JOB_ERRORS[job.error] } : null,
    statusUrl: importJobUrl(job.id),
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
