import type { Readable } from 'node:stream';
import type { Db } from '../../db/client';
import { DomainError } from '../errors';
import { extensionOf, FileTooLargeError, sniffUpload, type BlobStore } from '../../storage';
import type { AuditActor } from '../audit';
import { abilityOf, slotOf, type Enrolled } from './editing';
import { saveItem } from './evidence';
import { checkVideoLength } from './evidence-limits';
import { watchVideoDuration } from '../../storage/video-duration';
import { findSubmission } from './submission-data';

const FILE_KINDS = new Set(['document', 'slides', 'video', 'image']);
const MIB = 1024 * 1024;

export interface UploadInput {
  abilityCode: string;
  slotId: string;
  filename: string;
  body: Readable;
  /** Content-Length when the client sent one: a body declared too large is refused before it is read. */
  declaredBytes: number | undefined;
  version?: number | undefined;
}

/**
 * Stores an uploaded file for a slot: checked against the slot (kind, extensions, size) before reading, streamed
 * into the blob store under its hash with the size cap (a video's length read from its container on the way, so one
 * over the slot's limit is refused before it is stored), sniffed against its name, then attached to the draft.
 */
export async function uploadEvidenceFile(
  db: Db,
  storage: BlobStore,
  enrolled: Enrolled,
  input: UploadInput,
  actor: AuditActor,
  maxUploadBytes: number,
) {
  const slot = slotOf(abilityOf(enrolled, input.abilityCode), input.slotId);
  if (!FILE_KINDS.has(slot.kind)) throw new DomainError('validation_failed', { field: 'kind', expected: slot.kind });
  const existing = await findSubmission(db, enrolled.enrolment.id, input.abilityCode);
  if (existing && existing.state !== 'draft' && existing.state !== 'returned') {
    throw new DomainError('submission_not_editable');
  }
  const extension = extensionOf(input.filename);
  const allowed = slot.limits.extensions;
  if (allowed && !allowed.includes(extension)) {
    throw new DomainError('file_type_not_allowed', { reason: 'extension-not-allowed', extension, allowed });
  }
  const slotMax = slot.limits.maxSizeMb === undefined ? Infinity : Math.floor(slot.limits.maxSizeMb * MIB);
  const maxBytes = Math.min(maxUploadBytes, slotMax);
  if (input.declaredBytes !== undefined && input.declaredBytes > maxBytes) throw new FileTooLargeError(maxBytes);

  const video =
    slot.kind === 'video' ? watchVideoDuration(input.body, extension, (s) => checkVideoLength(slot, s)) : undefined;
  const stored = await storage.put(video?.body ?? input.body, { maxBytes });
  const seconds = video?.seconds();
  const sniffed = sniffUpload(input.filename, stored.head);
  if (!sniffed.ok) throw new DomainError('file_type_not_allowed', { reason: sniffed.reason, extension });
  return saveItem(
    db,
    enrolled,
    {
      abilityCode: input.abilityCode,
      slotId: input.slotId,
      version: input.version,
      content: {
        kind: 'file',
        file: {
          storageKey: stored.key,
          sha256: stored.sha256,
          sizeBytes: stored.sizeBytes,
          mime: sniffed.mime,
          originalName: input.filename,
          // Whole seconds, rounded up: a length just over a limit never reads as within it.
          videoDurationSeconds: seconds === undefined ? null : Math.ceil(seconds),
        },
      },
    },
    actor,
  );
}
