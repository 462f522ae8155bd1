/**
 * The clip contract's constants and size checks, free of zod so the extension's bundle can run them (web-ext lint
 * refuses zod's `Function` constructor). shared/api/extension.ts re-exports all of it.
 */
/** Per-field caps, checked before anything is stored; a breach is a 413 `clip_too_large` naming the field. */
export const CLIP_LIMITS = {
  htmlBytes: 512 * 1024,
  textChars: 200_000,
  selectionChars: 50_000,
  /** A `data:` URL: base64 of at most 512 KiB, with its prefix. */
  screenshotChars: 700_000,
} as const;

/** What a clip is; the library table keeps the same list (db/schema/extension.ts). */
export const clipKinds = ['page', 'selection', 'link', 'image', 'video'] as const;
export type ClipKind = (typeof clipKinds)[number];

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/** The first field over its cap, or undefined. The extension checks the same before it queues a clip. */
export function oversizedField(input: {
  html?: string;
  text?: string;
  selection?: string;
  screenshot?: string;
}): { field: string; max: number } | undefined {
  if (input.html !== undefined && utf8Bytes(input.html) > CLIP_LIMITS.htmlBytes)
    return { field: 'html', max: CLIP_LIMITS.htmlBytes };
  if (input.text !== undefined && input.text.length > CLIP_LIMITS.textChars)
    return { field: 'text', max: CLIP_LIMITS.textChars };
  if (input.selection !== undefined && input.selection.length > CLIP_LIMITS.selectionChars)
    return { field: 'selection', max: CLIP_LIMITS.selectionChars };
  if (input.screenshot !== undefined && input.screenshot.length > CLIP_LIMITS.screenshotChars)
    return { field: 'screenshot', max: CLIP_LIMITS.screenshotChars };
  return undefined;
}
