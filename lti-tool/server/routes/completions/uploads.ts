import express, { type RequestHandler } from 'express';
import { COMPLETION_FILE_TYPES, fileMapping, importQuery } from '../../../../shared/api/completions';
import { DomainError } from '../../services/errors';
import type { AuditActor } from '../../services/audit';
import { importCompletionFile } from '../../services/completions/feeds/import-file';
import type { Recorder } from '../../services/completions/record';
import type { CompletionSource } from '../../services/completions/sources';
import type { Db } from '../../db/client';
import { parse } from '../../http/validate';
import type { Logger } from '../../logger';
import { recordImportRun } from '../../services/completions/feeds/import-run';

/** Completion export files: 10 MB is ~100,000 rows of a Moodle report. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The file as the raw body: accepted types only (415 otherwise), at most MAX_UPLOAD_BYTES (413 above). */
export const uploadBody: RequestHandler[] = [
  (req, _res, next) => {
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(COMPLETION_FILE_TYPES as readonly string[]).includes(type))
      return next(new DomainError('unsupported_media_type', { accepted: COMPLETION_FILE_TYPES }));
    next();
  },
  express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES }),
];

/**
 * Runs one import of the request's file for a file source; the reply is the validation report. Every import is
 * logged; every real one (not a preview) is also listed on the administrator's deliveries screen.
 */
export async function importUpload(
  db: Db,
  input: {
    tenantId: string;
    source: CompletionSource;
    body: unknown;
    query: unknown;
    recorder: Recorder;
    actor: AuditActor;
    log: Logger;
  },
) {
  const report = await runImport(db, input);
  await recordImportRun(db, { source: input.source, report, requestId: input.actor.requestId, log: input.log });
  return report;
}

async function runImport(
  db: Db,
  input: {
    tenantId: string;
    source: CompletionSource;
    body: unknown;
    query: unknown;
    recorder: Recorder;
    actor: AuditActor;
  },
) {
  const query = parse(importQuery, input.query);
  let mapping: unknown = undefined;
  if (query.mapping) {
    try {
      mapping = JSON.parse(query.mapping);
    } catch {
      throw new DomainError('validation_failed', [{ field: 'mapping', problem: 'not JSON' }]);
    }
  }
  if (!Buffer.isBuffer(input.body) || input.body.length === 0) {
    throw new DomainError('validation_failed', [{ field: 'body', problem: 'empty file' }]);
  }
  return importCompletionFile(db, {
    tenantId: input.tenantId,
    source: input.source,
    bytes: new Uint8Array(input.body),
    fileName: query.fileName ?? 'upload',
    mapping: mapping === undefined ? undefined : parse(fileMapping.partial(), mapping),
    dryRun: query.dryRun === 'true' || query.dryRun === '1',
    recorder: input.recorder,
    actor: input.actor,
  });
}
