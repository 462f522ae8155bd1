import { IdbOutboxStore } from '../background/idb-store';
import { Outbox } from '../background/outbox';
import { type FileClip, fileProblems, sha256Hex } from '../common/clip-file';
import type { Slot } from '../common/messages';
import type { FileChoice } from './FileSource';

/** Thrown with a message the teacher can act on (the slot's own limit, or the PDF that could not be fetched). */
export class FileRefused extends Error {}

/**
 * Reads the chosen file (fetching the PDF with the page's cookies, as the browser shows it), checks it against the
 * slot, and puts it with its bytes in the outbox (IndexedDB is shared with the background, and a Blob cannot travel
 * in a runtime message). The background sends it when asked to flush.
 */
export async function queueFile(
  choice: NonNullable<FileChoice>,
  target: { abilityCode: string; slotId: string; slot: Slot },
  pick: (m: { zh: string; en: string }) => string,
): Promise<void> {
  let blob: Blob;
  let name: string;
  if (choice.kind === 'local') {
    blob = choice.file;
    name = choice.file.name;
  } else {
    const response = await fetch(choice.url, { credentials: 'include' }).catch(() => undefined);
    if (!response?.ok) throw new FileRefused(`${response?.status ?? 'network'}`);
    blob = await response.blob();
    name = choice.name;
  }
  const problems = fileProblems(target.slot, { name, size: blob.size });
  if (problems.length) throw new FileRefused(problems.map(pick).join('；'));
  const clip: FileClip = {
    destination: 'file',
    abilityCode: target.abilityCode,
    slotId: target.slotId,
    title: name,
    ...(choice.kind === 'pdf' ? { url: choice.url } : {}),
    sizeBytes: blob.size,
    sha256: await sha256Hex(blob),
  };
  // Sending is the background's: this outbox only writes the entry.
  await new Outbox(new IdbOutboxStore(), () => Promise.reject(new Error('not here'))).enqueue(clip, blob);
}
