import { z } from 'zod';
import { libraryResourceKinds } from '../../db/schema';

/** Per-field caps, checked before anything is stored; a breach is a 413 `clip_too_large` naming the field. */
export const CLIP_LIMITS = {
  htmlBytes: 512 * 1024,
  textChars: 200_000,
  selectionChars: 50_000,
  /** A `data:` URL: base64 of at most 512 KiB, with its prefix. */
  screenshotChars: 700_000,
} as const;

const httpUrl = z.url({ protocol: /^https?$/ }).max(4096);
const shortText = (max: number) => z.string().trim().max(max);

export const clipInput = z.strictObject({
  destination: z.enum(['library', 'evidence']),
  kind: z.enum(libraryResourceKinds),
  url: httpUrl,
  title: shortText(500).min(1),
  site: shortText(200).optional(),
  author: shortText(200).optional(),
  published: shortText(100).optional(),
  excerpt: shortText(2000).optional(),
  /** Caps are checked separately (413), so these accept any length here. */
  text: z.string().optional(),
  html: z.string().optional(),
  selection: z.string().optional(),
  imageUrl: httpUrl.optional(),
  /** A screenshot of the visible area as a `data:image/jpeg` or `data:image/png` URL. */
  screenshot: z.string().optional(),
  video: z
    .strictObject({
      durationSeconds: z.number().nonnegative().max(1e6).optional(),
      provider: shortText(100).optional(),
      thumbnail: httpUrl.optional(),
      currentTime: z.number().nonnegative().max(1e6).optional(),
    })
    .optional(),
  tags: z.array(shortText(40).min(1)).max(20).default([]),
  abilityCode: z
    .string()
    .regex(/^[A-Z][A-Z0-9.-]{0,15}$/)
    .optional(),
  note: shortText(4000).optional(),
  evidence: z
    .strictObject({ abilityCode: z.string().regex(/^[A-Z][A-Z0-9.-]{0,15}$/), slotId: z.string().min(1).max(100) })
    .optional(),
});

export type ClipInput = z.output<typeof clipInput>;

/** The first field over its cap, or undefined. */
export function oversizedField(input: ClipInput): { field: string; max: number } | undefined {
  if (input.html !== undefined && Buffer.byteLength(input.html) > CLIP_LIMITS.htmlBytes)
    return { field: 'html', max: CLIP_LIMITS.htmlBytes };
  if (input.text !== undefined && input.text.length > CLIP_LIMITS.textChars)
    return { field: 'text', max: CLIP_LIMITS.textChars };
  if (input.selection !== undefined && input.selection.length > CLIP_LIMITS.selectionChars)
    return { field: 'selection', max: CLIP_LIMITS.selectionChars };
  if (input.screenshot !== undefined && input.screenshot.length > CLIP_LIMITS.screenshotChars)
    return { field: 'screenshot', max: CLIP_LIMITS.screenshotChars };
  return undefined;
}

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;
