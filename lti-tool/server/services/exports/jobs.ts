import { and, desc, eq } from 'drizzle-orm';
import { createExportBody, type ExportJob } from '../../../../shared/api/exports';
import type { z } from 'zod';
import type { Db } from '../../db/client';
import { exportJobs, people } from '../../db/schema';
import type { BlobStore } from '../../storage';
import { DomainError } from '../errors';
import { periodRange } from './period';
import { schoolsOf, type ExportScope } from './scope';

export type ExportRequest = z.output<typeof createExportBody>;
type JobRow = typeof exportJobs.$inferSelect;

/** Queues a report for the scope's organisation; the export job runner produces it. */
export async function requestExport(db: Db, scope: ExportScope, input: ExportRequest): Promise<ExportJob> {
  const { kind, ...params } = input;
  if (input.kind === 'progress_report') periodRange(input.period); // refuse a bad range now, not in the job
  if (
    (input.kind === 'certificates' || input.kind === 'e_archive') &&
    !(await schoolsOf(db, scope)).some((s) => s.id === input.schoolId)
  ) {
    throw new DomainError('not_found', { field: 'schoolId' });
  }
  const [row] = await db
    .insert(exportJobs)
    .values({
      tenantId: scope.tenantId,
      kind,
      params,
      scopeOrganisationId: scope.organisation.id,
      programmeInstanceId: scope.programmeInstanceId,
      requestedBy: scope.personId,
    })
    .returning();
  return present(row as JobRow, null);
}

const mine = (scope: ExportScope) =>
  and(
    eq(exportJobs.tenantId, scope.tenantId),
    eq(exportJobs.scopeOrganisationId, scope.organisation.id),
    eq(exportJobs.programmeInstanceId, scope.programmeInstanceId),
  );

/** The organisation's exports, newest first (every version is kept). */
export async function listExports(
  db: Db,
  scope: ExportScope,
  filter: { scheduleId?: string | undefined } = {},
  limit = 50,
): Promise<ExportJob[]> {
  const rows = await db
    .select({ job: exportJobs, by: people.displayName })
    .from(exportJobs)
    .leftJoin(people, eq(people.id, exportJobs.requestedBy))
    .where(and(mine(scope), filter.scheduleId ? eq(exportJobs.scheduleId, filter.scheduleId) : undefined))
    .orderBy(desc(exportJobs.createdAt))
    .limit(limit);
  return rows.map((r) => present(r.job, r.by));
}

/** One export of the scope; another organisation's id is "not found", so ids leak nothing. */
export async function getExport(db: Db, scope: ExportScope, id: string): Promise<ExportJob> {
  const [row] = await db
    .select({ job: exportJobs, by: people.displayName })
    .from(exportJobs)
    .leftJoin(people, eq(people.id, exportJobs.requestedBy))
    .where(and(mine(scope), eq(exportJobs.id, id)));
  if (!row) throw new DomainError('not_found');
  return present(row.job, row.by);
}

/** The finished file of an export in scope, as a stream. */
export async function openExport(db: Db, storage: BlobStore, scope: ExportScope, id: string) {
  const [job] = await db
    .select()
    .from(exportJobs)
    .where(and(mine(scope), eq(exportJobs.id, id)));
  if (!job) throw new DomainError('not_found');
  if (job.status !== 'done' || !job.blobKey) throw new DomainError('export_not_ready', { status: job.status });
  const object = await storage.get(job.blobKey);
  if (!object) throw new DomainError('not_found');
  return {
    body: object.body,
    sizeBytes: object.sizeBytes,
    fileName: job.fileName ?? 'export',
    contentType: job.contentType ?? 'application/octet-stream',
  };
}

function present(job: JobRow, requestedBy: string | null): ExportJob {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    params: createExportBody.parse({ kind: job.kind, ...job.params }),
    progress: { done: job.progressDone, total: job.progressTotal },
    fileName: job.fileName,
    sizeBytes: job.sizeBytes,
    downloadUrl: job.status === 'done' ? `/api/v1/exports/${job.id}/file` : null,
    requestedBy,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    dataAsOf: job.dataAsOf?.toISOString() ?? null,
    error: job.error,
    scheduleId: job.scheduleId,
    schedulePeriod: job.schedulePeriod,
  };
}
