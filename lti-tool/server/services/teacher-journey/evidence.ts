import { and, eq } from 'drizzle-orm';
import type { Db, DbTransaction } from '../../db/client';
import { evidenceItems } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit, type AuditActor } from '../audit';
import { abilityOf, editableSubmission, slotOf, type Enrolled } from './editing';
import { itemView, type EvidenceItemRow } from './submission-data';
import { refreshTeacherStatus } from '../teacher-status/refresh';
import type { EvidenceSlot } from '../../../../shared/domain/schemas/catalogue';
import { checkTextLength } from './evidence-limits';

const FILE_KINDS = new Set(['document', 'slides', 'video', 'image']);

export type ItemContent =
  | { kind: 'text'; text: string }
  | { kind: 'link'; url: string }
  | {
      kind: 'file';
      file: {
        storageKey: string;
        sha256: string;
        sizeBytes: number;
        mime: string;
        originalName: string;
        /** Read from a video's container on upload; null when it has none or it could not be read. */
        videoDurationSeconds?: number | null;
      };
    };

/** Refuses content of the wrong kind for the slot (a file into a text slot and so on). */
function payloadFor(slot: EvidenceSlot, content: ItemContent) {
  const slotKind = slot.kind;
  const empty = { text: null, url: null, fileSha256: null, fileSizeBytes: null, fileMime: null };
  const noFile = { ...empty, fileOriginalName: null, storageKey: null, videoDurationSeconds: null };
  if (content.kind === 'text' && slotKind === 'text') {
    checkTextLength(slot, content.text);
    return { ...noFile, kind: 'text' as const, text: content.text };
  }
  if (content.kind === 'link' && slotKind === 'link') return { ...noFile, kind: 'link' as const, url: content.url };
  if (content.kind === 'file' && FILE_KINDS.has(slotKind)) {
    const f = content.file;
    return {
      ...noFile,
      kind: slotKind as 'document' | 'slides' | 'video' | 'image',
      fileSha256: f.sha256,
      fileSizeBytes: f.sizeBytes,
      fileMime: f.mime,
      fileOriginalName: f.originalName,
      storageKey: f.storageKey,
      videoDurationSeconds: slotKind === 'video' ? (f.videoDurationSeconds ?? null) : null,
    };
  }
  throw new DomainError('validation_failed', { field: 'kind', expected: slotKind });
}

/** Saves one slot of the teacher's draft (text, link or an uploaded file), bumping the submission version. */
export async function saveItem(
  db: Db,
  enrolled: Enrolled,
  input: {
    abilityCode: string;
    slotId: string;
    version?: number | undefined;
    content: ItemContent;
    /** Text after the slot's current text rather than in its place (read in the same transaction). */
    append?: boolean;
  },
  actor: AuditActor,
) {
  const slot = slotOf(abilityOf(enrolled, input.abilityCode), input.slotId);
  const payload = payloadFor(slot, input.content);
  return db.transaction(async (tx) => {
    const { after: submission } = await editableSubmission(tx, enrolled, input.abilityCode, input.version);
    const before = await itemInSlot(tx, submission.id, slot.id);
    if (input.append && before?.text && payload.text) {
      payload.text = `${before.text}\n\n${payload.text}`;
      checkTextLength(slot, payload.text);
    }
    const [item] = before
      ? await tx
          .update(evidenceItems)
          .set({ ...payload, updatedAt: new Date() })
          .where(eq(evidenceItems.id, before.id))
          .returning()
      : await tx
          .insert(evidenceItems)
          .values({ tenantId: submission.tenantId, submissionId: submission.id, slotId: slot.id, ...payload })
          .returning();
    await refreshTeacherStatus(tx, enrolled.enrolment.id);
    await recordAudit(tx, {
      tenantId: submission.tenantId,
      subjectPersonId: enrolled.enrolment.personId,
      ...actor,
      action: 'evidence.save',
      entityType: 'evidence_item',
      entityId: (item as EvidenceItemRow).id,
      before,
      after: item,
    });
    return {
      submission: { id: submission.id, state: submission.state, version: submission.version },
      item: itemView(item as EvidenceItemRow),
    };
  });
}

/** Removes a slot's item from a draft or returned submission. */
export async function removeItem(
  db: Db,
  enrolled: Enrolled,
  input: { abilityCode: string; slotId: string; version?: number | undefined },
  actor: AuditActor,
) {
  slotOf(abilityOf(enrolled, input.abilityCode), input.slotId);
  return db.transaction(async (tx) => {
    const { after: submission } = await editableSubmission(tx, enrolled, input.abilityCode, input.version);
    const before = await itemInSlot(tx, submission.id, input.slotId);
    if (!before) throw new DomainError('not_found', { field: 'slotId' });
    await tx.delete(evidenceItems).where(eq(evidenceItems.id, before.id));
    await refreshTeacherStatus(tx, enrolled.enrolment.id);
    await recordAudit(tx, {
      tenantId: submission.tenantId,
      subjectPersonId: enrolled.enrolment.personId,
      ...actor,
      action: 'evidence.remove',
      entityType: 'evidence_item',
      entityId: before.id,
      before,
    });
    return { submission: { id: submission.id, state: submission.state, version: submission.version } };
  });
}

async function itemInSlot(tx: DbTransaction, submissionId: string, slotId: string) {
  const [row] = await tx
    .select()
    .from(evidenceItems)
    .where(and(eq(evidenceItems.submissionId, submissionId), eq(evidenceItems.slotId, slotId)));
  return row;
}
