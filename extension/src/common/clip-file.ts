import { checkSlotLimits } from '../../../shared/domain/engine/evidence';
import type { Message } from '../../../shared/i18n';
import type { Slot } from './messages';

/** Slot kinds that take a file (the rest take text or a link). */
export const FILE_SLOT_KINDS = new Set(['document', 'slides', 'video', 'image']);

/** A file on its way to a file evidence slot; the bytes travel beside it in the outbox entry (a Blob). */
export interface FileClip {
  destination: 'file';
  abilityCode: string;
  slotId: string;
  /** The file's name, shown in the outbox and sent as `X-Filename`. */
  title: string;
  /** Where it came from, when it was a page (a PDF open in the browser). */
  url?: string;
  sizeBytes: number;
  sha256: string;
}

export const isFileClip = (payload: { destination: string }): payload is FileClip => payload.destination === 'file';

/** A tab showing a PDF: the browser's viewer cannot be scripted, but the address gives the file. */
export const looksLikePdf = (url: string | undefined) => !!url && /^https?:[^#?]*\.pdf(?:[?#]|$)/i.test(url);

/** A name for a PDF fetched from an address: its last path segment, decoded, else 文件.pdf. */
export function pdfName(url: string): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return /\.pdf$/i.test(last) && last.length <= 200 ? last : '文件.pdf';
  } catch {
    return '文件.pdf';
  }
}

/** The slot's own checks (format, size) before anything is queued: the same the web app runs before an upload. */
export function fileProblems(slot: Slot, file: { name: string; size: number }): Message[] {
  const extension = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : '';
  const asSlot = { ...slot, kind: slot.kind as never, note: slot.note ?? undefined };
  return checkSlotLimits(asSlot, {
    slotId: slot.id,
    provided: true,
    file: { extension, sizeMb: file.size / (1024 * 1024) },
  });
}

/** SHA-256 of the bytes in lower-case hex (the server binds the idempotency key to it). */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
