import type { EvidenceSlot } from '../../../../shared/domain/schemas/catalogue';
import { EVIDENCE_TEXT_MAX } from '../../../../shared/api/teacher';
import { DomainError } from '../errors';

const thousands = (n: number) => n.toLocaleString('en');

/** Characters as the teacher counts them (code points, as the web app's counter does), not UTF-16 units. */
export const characterCount = (text: string) => [...text].length;

/**
 * Refuses text over the slot's limit, naming the slot, the limit, the length and the fix ("教学反思最多 20,000 字"),
 * whichever way it came (typed, clipped, gathered from several pages).
 */
export function checkTextLength(slot: EvidenceSlot, text: string): void {
  const characters = characterCount(text);
  if (characters <= EVIDENCE_TEXT_MAX) return;
  const max = thousands(EVIDENCE_TEXT_MAX);
  const now = thousands(characters);
  throw new DomainError(
    'evidence_text_too_long',
    { field: 'text', slotId: slot.id, max: EVIDENCE_TEXT_MAX, characters },
    {
      zh: `“${slot.name.zh}”最多 ${max} 字（当前 ${now} 字），请删减后再保存，或把较长的内容作为文档上传。`,
      en: `"${slot.name.en}" holds at most ${max} characters (now ${now}): shorten it, then save, or upload the long part as a document.`,
    },
  );
}

/** Minutes to one decimal, never rounded down to the limit (10.04 min is "10.1", not "10"); whole ones as "9". */
export const minutesText = (seconds: number) =>
  (Math.ceil((seconds / 60) * 10 - 1e-9) / 10).toFixed(1).replace(/\.0$/, '');

/** Refuses a video longer than the slot allows, naming the slot, the limit, its length and the fix. */
export function checkVideoLength(slot: EvidenceSlot, seconds: number): void {
  const max = slot.limits.maxVideoMinutes;
  if (max === undefined || seconds <= max * 60) return;
  const minutes = minutesText(seconds);
  throw new DomainError(
    'evidence_video_too_long',
    { field: 'file', slotId: slot.id, maxVideoMinutes: max, videoSeconds: seconds },
    {
      zh: `“${slot.name.zh}”的视频最长 ${max} 分钟，这个视频为 ${minutes} 分钟。请剪辑到 ${max} 分钟以内后再上传。`,
      en: `"${slot.name.en}" takes videos up to ${max} minutes; this one is ${minutes} minutes. Trim it to ${max} minutes or less, then upload it again.`,
    },
  );
}
