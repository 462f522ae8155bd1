import { and, desc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { gradeOutbox, operationRuns, platforms, type OperationKind, type OperationStatus } from '../db/schema';

export interface OperationRunInput {
  tenantId: string;
  kind: OperationKind;
  status: OperationStatus;
  target: string;
  platformId?: string | null;
  errorCode?: string | null;
  rows?: number | null;
  counts?: Record<string, number | boolean>;
  requestId?: string | null;
}

/** Records one roster sync or import for the administrator's screen of recent deliveries and failures. */
export async function recordOperation(db: Db, input: OperationRunInput): Promise<void> {
  await db.insert(operationRuns).values({
    tenantId: input.tenantId,
    kind: input.kind,
    status: input.status,
    target: input.target.slice(0, 300) || '—',
    platformId: input.platformId ?? null,
    errorCode: input.errorCode ?? null,
    rows: input.rows ?? null,
    counts: input.counts ?? {},
    requestId: input.requestId ?? null,
  });
}

/** How a completion or organisation import ended, from its report. */
export function importStatus(report: { fileIssues?: string[]; applied?: boolean; rowsWithIssues: number }): {
  status: OperationStatus;
  errorCode: string | null;
} {
  if ((report.fileIssues?.length ?? 0) > 0) return { status: 'failed', errorCode: 'file_unreadable' };
  if (report.applied === false) return { status: 'failed', errorCode: 'rows_with_issues' };
  if (report.rowsWithIssues > 0) return { status: 'partial', errorCode: 'rows_with_issues' };
  return { status: 'ok', errorCode: null };
}

export interface ActivityFilter {
  /** Only what went wrong: failed, rejected, still retrying, or partial. */
  failuresOnly?: boolean;
  limit?: number;
}

/**
 * The tenant's recent grade deliveries (the outbox), roster syncs and imports, newest first. Ids, status, attempts,
 * error codes and times only: no scores' comments, no response bodies.
 */
export async function recentActivity(db: Db, tenantId: string, filter: ActivityFilter = {}) {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const failingOutbox = or(
    inArray(gradeOutbox.status, ['failed', 'rejected']),
    // Still pending after a failed attempt: retrying.
    and(eq(gradeOutbox.status, 'pending'), isNotNull(gradeOutbox.lastErrorCode)),
  );
  const deliveries = await db
    .select({
      id: gradeOutbox.id,
      platformId: gradeOutbox.platformId,
      platformName: platforms.name,
      personId: gradeOutbox.personId,
      status: gradeOutbox.status,
      attempts: gradeOutbox.attempts,
      lastStatus: gradeOutbox.lastStatus,
      errorCode: gradeOutbox.lastErrorCode,
      createdAt: gradeOutbox.createdAt,
      deliveredAt: gradeOutbox.deliveredAt,
      nextAttemptAt: gradeOutbox.nextAttemptAt,
    })
    .from(gradeOutbox)
    .innerJoin(platforms, eq(platforms.id, gradeOutbox.platformId))
    .where(and(eq(gradeOutbox.tenantId, tenantId), filter.failuresOnly ? failingOutbox : undefined))
    .orderBy(desc(gradeOutbox.createdAt))
    .limit(limit);
  const runs = await db
    .select()
    .from(operationRuns)
    .where(
      and(
        eq(operationRuns.tenantId, tenantId),
        filter.failuresOnly ? inArray(operationRuns.status, ['failed', 'partial']) : undefined,
      ),
    )
    .orderBy(desc(operationRuns.createdAt))
    .limit(limit);
  return {
    deliveries: deliveries.map((d) => ({
      id: d.id,
      platformId: d.platformId,
      platformName: d.platformName,
      personId: d.personId,
      status: d.status,
      attempts: d.attempts,
      lastStatus: d.lastStatus,
      errorCode: d.errorCode,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    })),
    runs: runs.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      target: r.target,
      platformId: r.platformId,
      errorCode: r.errorCode,
      rows: r.rows,
      counts: r.counts,
      requestId: r.requestId,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
