import { createHash } from 'node:crypto';

/**
 * Copied evidence: the same file bytes, the same text up to spacing and punctuation, or a text whose character
 * shingles overlap at least `SIMILAR_TEXT` (Jaccard). Flags go to the assessor; nothing is accepted or refused here.
 */
export const SIMILAR_TEXT = 0.9;
const SHINGLE = 5;

/** Lower case, punctuation and all whitespace (full-width included) removed: formatting does not hide a copy. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export function textFingerprint(text: string): string {
  return createHash('sha256').update(normaliseText(text)).digest('hex');
}

/** Character shingles: Chinese has no spaces, so words are not a usable unit. */
export function shingles(text: string, size = SHINGLE): Set<string> {
  const chars = [...normaliseText(text)];
  const out = new Set<string>();
  if (chars.length === 0) return out;
  if (chars.length <= size) return new Set([chars.join('')]);
  for (let i = 0; i + size <= chars.length; i++) out.add(chars.slice(i, i + size).join(''));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const s of small) if (large.has(s)) common++;
  return common / (a.size + b.size - common);
}

export type DuplicateKind = 'same-file' | 'same-text' | 'similar-text';

export interface TextCandidate {
  itemId: string;
  text: string;
}

/** Compares a text with candidates: identical after normalising, or similar by shingles. */
export function compareText(
  text: string,
  candidates: TextCandidate[],
): { itemId: string; kind: DuplicateKind; similarity: number }[] {
  const fingerprint = textFingerprint(text);
  const mine = shingles(text);
  // Very short texts ("无", "见附件") match by accident; only their exact copies are worth a flag.
  const comparable = [...normaliseText(text)].length >= 20;
  const out: { itemId: string; kind: DuplicateKind; similarity: number }[] = [];
  for (const c of candidates) {
    if (textFingerprint(c.text) === fingerprint && comparable) {
      out.push({ itemId: c.itemId, kind: 'same-text', similarity: 1 });
      continue;
    }
    if (!comparable) continue;
    const similarity = jaccard(mine, shingles(c.text));
    if (similarity >= SIMILAR_TEXT) out.push({ itemId: c.itemId, kind: 'similar-text', similarity });
  }
  return out;
}
