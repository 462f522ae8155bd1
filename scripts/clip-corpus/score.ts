/**
 * Scores for the clip corpus. Text is compared as a bag of tokens (a CJK character, or a run of Latin letters and
 * digits), so Chinese and English weigh alike and whitespace or paragraph breaks never count.
 */

const TOKEN = /[\p{Script=Han}]|[\p{L}\p{N}]+/gu;

export function tokens(text: string): string[] {
  return (text.toLowerCase().match(TOKEN) ?? []) as string[];
}

/** Token-bag F1 of what was extracted against what was expected (1 = the same words, 0 = none shared). */
export function textF1(extracted: string, expected: string): number {
  const want = new Map<string, number>();
  for (const t of tokens(expected)) want.set(t, (want.get(t) ?? 0) + 1);
  const got = tokens(extracted);
  const expectedCount = [...want.values()].reduce((a, b) => a + b, 0);
  if (got.length === 0 || expectedCount === 0) return got.length === expectedCount ? 1 : 0;
  let shared = 0;
  for (const t of got) {
    const left = want.get(t) ?? 0;
    if (left > 0) {
      shared++;
      want.set(t, left - 1);
    }
  }
  if (shared === 0) return 0;
  const precision = shared / got.length;
  const recall = shared / expectedCount;
  return (2 * precision * recall) / (precision + recall);
}

/** Whitespace and full-width spaces removed: the form in which a paragraph must reappear. */
export const squeeze = (s: string) => s.replace(/[\s\u00a0\u3000]+/g, '');

/** The expected paragraphs that the extracted text does not contain. */
export function missingParagraphs(extracted: string, paragraphs: string[]): string[] {
  const text = squeeze(extracted);
  return paragraphs.filter((p) => !text.includes(squeeze(p)));
}

/** An excerpt is right when one contains the other and the shorter says something (15 characters or more). */
export function excerptMatches(extracted: string | undefined, expected: string): boolean {
  if (!extracted) return false;
  const [a, b] = [squeeze(extracted), squeeze(expected)];
  const shorter = Math.min(a.length, b.length);
  return shorter >= Math.min(15, b.length) && (a.includes(b) || b.includes(a));
}
