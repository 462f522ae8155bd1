import { Readable } from 'node:stream';
import express, { type Request, type RequestHandler } from 'express';
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
import { queueImportJob } from '../../services/completions/feeds/import-jobs';
import type { BlobStore } from '../../storage';

/** Completion export files: 10 MB is ~100,000 rows of a Moodle report. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const acceptedType: RequestHandler = (req, _res, next) => {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(COMPLETION_FILE_TYPES as readonly string[]).includes(type))
    return next(new DomainError('unsupported_media_type', { accepted: COMPLETION_FILE_TYPES }));
  next();
};
const rawBody = express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES });

/** The file as the raw body: accepted types only (415 otherwise), at most MAX_UPLOAD_BYTES (413 above). */
export const uploadBody: RequestHandler[] = [acceptedType, rawBody];

const ZIPPED_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
];

/**
 * The size from which this upload becomes a job. XLSX and ODS are zipped: a row costs 15–50 bytes there against
 * 100–230 in a CSV (100,000 generated rows: 1.3 MB as XLSX, 6.5 MB as CSV), so they go from an eighth of the size.
 * Told by the declared name or type (the body is not read yet); a mislabelled CSV only becomes a job sooner.
 */
export function jobThreshold(req: Request, jobFromBytes: number): number {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const name = typeof req.query.fileName === 'string' ? req.query.fileName : '';
  const zipped = ZIPPED_TYPES.includes(type) || /\.(xlsx|ods)$/i.test(name);
  return zipped ? Math.max(1, Math.floor(jobFromBytes / 8)) : jobFromBytes;
}

/** The upload's declared length, when it declares one. */
const declaredBytes = (req: Request) => {
  const length = Number(req.get('content-length'));
  return Number.isSafeInteger(length) ? length : undefined;
};

/**
 * As `uploadBody`, except that an upload declaring its `jobThreshold` or more (and at most MAX_UPLOAD_BYTES) is left
 * unread: `importUploadOrJob` streams it into the blob store for a job, without holding it in memory.
 */
export function importBody(jobFromBytes: number): RequestHandler[] {
  return [
    acceptedType,
    (req, res, next) => {
      const length = declaredBytes(req);
      // A compressed body is inflated by the raw parser (and still becomes a job if large): the store keeps bytes.
      const plain = (req.get('content-encoding') ?? 'identity').toLowerCase() === 'identity';
      const from = jobThreshold(req, jobFromBytes);
      if (plain && length !== undefined && length >= from && length <= MAX_UPLOAD_BYTES) return next();
      return rawBody(req, res, next);
    },
  ];
}

/** An upload to import: the file source it is for, the request's body and query, who records it. */
interface UploadInput {
  tenantId: string;
  source: CompletionSource;
  body: unknown;
  query: unknown;
  recorder: Recorder;
  actor: AuditActor;
}

/**
 * Runs one import of the request's file for a file source; the reply is the validation report. Every import is
 * logged; every real one (not a preview) is also listed on the administrator's deliveries screen.
 */
export async function importUpload(db: Db, input: UploadInput & { log: Logger }) {
  const report = await runImport(db, input);
  await recordImportRun(db, { source: input.source, report, requestId: input.actor.requestId, log: input.log });
  return report;
}

export type ImportUploadInput = Parameters<typeof importUpload>[1] & { req: Request };

/**
 * A file of its `jobThreshold` or more becomes an import job (stored, then imported in the background): the reply is
 * `{ job }`, for a 202. A smaller one is imported now, as `importUpload`: the reply is `{ report }`.
 */
export async function importUploadOrJob(
  db: Db,
  input: ImportUploadInput & {
    storage: BlobStore;
    jobFromBytes: number;
    actor: AuditActor & { actorPersonId: string };
  },
) {
  const buffered = Buffer.isBuffer(input.req.body) ? input.req.body : undefined;
  // A body that declared no length was read whole (up to MAX_UPLOAD_BYTES): a large one still becomes a job.
  if (buffered && buffered.length < jobThreshold(input.req, input.jobFromBytes))
    return { kind: 'report' as const, report: await importUpload(db, input) };
  const options = importOptions(input.query);
  const job = await queueImportJob(db, input.storage, {
    source: input.source,
    body: buffered ? Readable.from([buffered]) : input.req,
    maxBytes: MAX_UPLOAD_BYTES,
    ...options,
    actor: input.actor,
  });
  return { kind: 'job' as const, job };
}

/** The upload's query: its file name, mapping override (JSON, validated) and whether it is a preview. */
function importOptions(rawQuery: unknown) {
  const query = parse(importQuery, rawQuery);
  let mapping: unknown = undefined;
  if (query.mapping) {
    try {
      mapping = JSON.parse(query.mapping);
    } catch {
      throw new DomainError('validation_failed', [{ field: 'mapping', problem: 'not JSON' }]);
    }
  }
  return {
    fileName: query.fileName ?? 'upload',
    mapping: mapping === undefined ? undefined : parse(fileMapping.partial(), mapping),
    dryRun: query.dryRun === 'true' || query.dryRun === '1',
  };
}

async function runImport(db: Db, input: UploadInput) {
  const options = importOptions(input.query);
  if (!Buffer.isBuffer(input.body) || input.body.length === 0) {
    throw new DomainError('validation_failed', [{ field: 'body', problem: 'empty file' }]);
  }
  return importCompletionFile(db, {
    tenantId: input.tenantId,
    source: input.source,
    bytes: new Uint8Array(input.body),
    ...options,
    recorder: input.recorder,
    actor: input.actor,
  });
}
