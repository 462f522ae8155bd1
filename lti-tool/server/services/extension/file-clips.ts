import type { Readable } from 'node:stream';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { extClips } from '../../db/schema';
import type { BlobStore } from '../../storage';
import type { AuditActor } from '../audit';
import { uploadEvidenceFile } from '../teacher-journey/upload';
import { canonicalJson, claimKey, type ClipOutcome } from './clips';
import { requireEnrolmentOfDevice } from './device-session';
import type { DeviceRow } from './refresh';
import { sha256 } from './secrets';

export interface FileClipInput {
  key: string;
  abilityCode: string;
  slotId: string;
  filename: string;
  /** The client's SHA-256 of the bytes: with the target and name it identifies the request for its key. */
  contentSha256: string;
  body: Readable;
  declaredBytes: number | undefined;
}

/**
 * A file (a PDF open in the browser, or one the teacher picked) into a file evidence slot, once per
 * `Idempotency-Key`: the same checks and storage as the web app's upload (slot kind, extensions, size, sniffed type),
 * audited as the extension. A replay answers from the first answer without reading the body again.
 */
export async function storeFileClip(
  db: Db,
  storage: BlobStore,
  device: DeviceRow,
  input: FileClipInput,
  actor: AuditActor,
  maxUploadBytes: number,
  now = new Date(),
): Promise<ClipOutcome> {
  const { abilityCode, slotId, filename, contentSha256 } = input;
  const requestHash = sha256(canonicalJson({ file: { abilityCode, slotId, filename, contentSha256 } }));
  const claim = await claimKey(db, device, input.key, requestHash, 'evidence', now);
  if ('replay' in claim) return claim.replay;
  try {
    const enrolled = await requireEnrolmentOfDevice(db, device);
    const saved = await uploadEvidenceFile(
      db,
      storage,
      enrolled,
      { abilityCode, slotId, filename, body: input.body, declaredBytes: input.declaredBytes },
      actor,
      maxUploadBytes,
    );
    const body = { clip: { id: claim.id, destination: 'evidence', evidence: { abilityCode, slotId, ...saved } } };
    await db.update(extClips).set({ response: body, completedAt: new Date() }).where(eq(extClips.id, claim.id));
    return { status: 201, replayed: false, body };
  } catch (err) {
    await db.delete(extClips).where(and(eq(extClips.id, claim.id), isNull(extClips.completedAt)));
    throw err;
  }
}
