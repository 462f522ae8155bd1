import type { Db } from '../../../db/client';
import type { Logger } from '../../../logger';
import { importStatus, recordOperation } from '../../operation-runs';
import type { CompletionSource } from '../sources';
import type { ImportReport } from './import-file';

/**
 * Logs one file import as one structured line (ids and counts only, never a teacher's e-mail) and lists a real one
 * (not a preview) on the administrator's screen of recent deliveries and failures. The API upload and
 * `npm run import` both end here, so an import looks the same whichever way it came.
 */
export async function recordImportRun(
  db: Db,
  input: { source: CompletionSource; report: ImportReport; requestId?: string | null; log: Logger; via?: 'cli' },
): Promise<void> {
  const { source, report } = input;
  const rowsWithIssues = report.summary.with_issues;
  const { status, errorCode } = importStatus({ fileIssues: report.fileIssues, rowsWithIssues });
  const fields = {
    tenantId: source.tenantId,
    sourceId: source.id,
    importId: report.importId,
    ...(input.via ? { via: input.via } : {}),
    dryRun: report.dryRun,
    rows: report.summary.rows,
    created: report.summary.created,
    rejected: report.summary.rejected,
    rowsWithIssues,
    outcome: status,
    code: errorCode,
  };
  if (status === 'failed') input.log.warn('completion import', fields);
  else input.log.info('completion import', fields);
  if (report.dryRun) return;
  await recordOperation(db, {
    tenantId: source.tenantId,
    kind: 'completion_import',
    status,
    errorCode,
    target: source.name,
    rows: report.summary.rows,
    counts: { created: report.summary.created, rejected: report.summary.rejected, rowsWithIssues },
    requestId: input.requestId,
  });
}
