/**
 * The browser extension's contract: pairing and tokens, the profile it shows (destinations and slots), clips, and the
 * teacher's side in the web app (pairing codes, library). The server's routes parse with these schemas; the extension
 * and the web app infer their types from them.
 */
import { z } from 'zod';
import { slotLimitsSchema } from '../domain/schemas/catalogue';
import { abilityCode, bilingualText, uuid } from './common';
import { itemSavedReply } from './teacher';

import { clipKinds } from './extension-limits';

export * from './extension-limits';

const httpUrl = z.url({ protocol: /^https?$/ }).max(4096);
const shortText = (max: number) => z.string().trim().max(max);
const evidenceTarget = z.strictObject({ abilityCode, slotId: z.string().min(1).max(100) });
/** Where a clip goes as evidence; `append` adds it after a text slot's text (the side panel gathers pages so). */
const clipEvidence = evidenceTarget.extend({ append: z.boolean().optional() });

export const clipVideo = z.strictObject({
  durationSeconds: z.number().nonnegative().max(1e6).optional(),
  provider: shortText(100).optional(),
  thumbnail: httpUrl.optional(),
  currentTime: z.number().nonnegative().max(1e6).optional(),
});

export type ClipVideo = z.infer<typeof clipVideo>;

/** The body of `POST /ext/v1/clips`. */
export const clipInput = z.strictObject({
  destination: z.enum(['library', 'evidence']),
  kind: z.enum(clipKinds),
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
  /** A screenshot as a `data:image/jpeg` or `data:image/png` URL. */
  screenshot: z.string().optional(),
  video: clipVideo.optional(),
  tags: z.array(shortText(40).min(1)).max(20).default([]),
  abilityCode: abilityCode.optional(),
  note: shortText(4000).optional(),
  evidence: clipEvidence.optional(),
});
/** What the server works with (defaults applied). */
export type ClipInput = z.output<typeof clipInput>;
/** What a client sends. */
export type ClipPayload = z.input<typeof clipInput>;

// Pairing and tokens.
export const pairBody = z.strictObject({
  code: z.string().min(1).max(40),
  deviceName: z.string().trim().min(1).max(100),
});
export const refreshBody = z.strictObject({ refreshToken: z.string().min(20).max(200) });
export const tokenReply = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number(),
  refreshToken: z.string(),
});
export const pairReply = tokenReply.extend({ device: z.object({ id: uuid, name: z.string() }) });
export type TokenReply = z.infer<typeof tokenReply>;
export type PairReply = z.infer<typeof pairReply>;

export const lookupQuery = z.object({ url: httpUrl });
/**
 * `POST /ext/v1/files?abilityCode=&slotId=`: the file's bytes as the body, its name percent-encoded in `X-Filename`,
 * its SHA-256 (hex) in `X-Content-SHA256`, and an `Idempotency-Key`.
 */
export const fileClipQuery = z.object({ abilityCode, slotId: z.string().min(1).max(100) });
export const contentSha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');

// The profile the extension shows before sending.
export const extensionSlot = z.object({
  id: z.string(),
  name: bilingualText,
  kind: z.string(),
  required: z.boolean(),
  limits: slotLimitsSchema,
  note: bilingualText.nullable(),
  clippable: z.boolean(),
});
export const extensionDestination = z.object({
  abilityCode: z.string(),
  name: bilingualText,
  note: bilingualText.nullable().optional(),
  slots: z.array(extensionSlot),
});
export const extensionProfileReply = z.object({
  person: z.object({ displayName: z.string() }),
  device: z.object({ id: z.string(), name: z.string() }),
  enrolled: z.boolean(),
  destinations: z.array(extensionDestination),
  tags: z.array(z.string()),
  limits: z.object({
    htmlBytes: z.number(),
    textChars: z.number(),
    selectionChars: z.number(),
    screenshotChars: z.number(),
  }),
});
export type ExtensionSlot = z.infer<typeof extensionSlot>;
export type ExtensionDestination = z.infer<typeof extensionDestination>;
export type ExtensionProfile = z.infer<typeof extensionProfileReply>;

// The teacher's side in the web app.
export const pairingCodeReply = z.object({ code: z.string(), link: z.string(), expiresAt: z.string() });
export const libraryUseBody = evidenceTarget;
export const libraryQuery = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(40).optional(),
  ability: z.string().trim().max(16).optional(),
});

/** A browser connected to the teacher's account (never its tokens). */
export const extensionDevice = z.object({ id: uuid, name: z.string(), createdAt: z.string(), lastUsedAt: z.string() });
export const devicesReply = z.object({ devices: z.array(extensionDevice) });
export const revokedReply = z.object({ revoked: z.literal(true) });
export type ExtensionDevice = z.infer<typeof extensionDevice>;
export type DevicesReply = z.infer<typeof devicesReply>;
export type PairingCodeReply = z.infer<typeof pairingCodeReply>;

/** A library resource as lists show it: no page text or HTML. */
export const libraryResource = z.object({
  id: uuid,
  kind: z.enum(clipKinds),
  url: z.string(),
  title: z.string(),
  site: z.string().nullable(),
  author: z.string().nullable(),
  published: z.string().nullable(),
  excerpt: z.string().nullable(),
  imageUrl: z.string().nullable(),
  hasScreenshot: z.boolean(),
  video: clipVideo.nullable(),
  tags: z.array(z.string()),
  abilityCode: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const libraryReply = z.object({ resources: z.array(libraryResource), tags: z.array(z.string()) });
/** One resource with its text and sanitised HTML. */
export const resourceDetailReply = z.object({
  resource: libraryResource.extend({ text: z.string().nullable(), html: z.string().nullable() }),
});
export const destinationsReply = z.object({ destinations: z.array(extensionDestination) });
export type LibraryResource = z.infer<typeof libraryResource>;
export type LibraryReply = z.infer<typeof libraryReply>;
export type ResourceDetailReply = z.infer<typeof resourceDetailReply>;
export type DestinationsReply = z.infer<typeof destinationsReply>;

/** Whether the page at a URL is already in the teacher's library. */
export const lookupReply = z.object({
  saved: z.boolean(),
  resources: z.array(z.object({ id: uuid, title: z.string(), createdAt: z.string() })),
});
export type LookupReply = z.infer<typeof lookupReply>;

/**
 * A stored clip (201; 200 with `Idempotent-Replayed: true` when the same key is sent again): into the library, or
 * into a slot of the teacher's evidence (the saved item as the task page shows it).
 */
export const clipReply = z.object({
  clip: z.discriminatedUnion('destination', [
    z.object({ id: uuid, destination: z.literal('library'), resource: libraryResource }),
    z.object({
      id: uuid,
      destination: z.literal('evidence'),
      evidence: itemSavedReply.extend({ abilityCode: z.string(), slotId: z.string() }),
    }),
  ]),
});
export type ClipReply = z.infer<typeof clipReply>;
