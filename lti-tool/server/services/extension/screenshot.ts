import { Readable } from 'node:stream';
import { DomainError } from '../errors';
import type { BlobStore } from '../../storage';

/** A visible-area screenshot is at most 512 KiB of JPEG or PNG (the extension sends JPEG, quality 92, scaled down). */
export const SCREENSHOT_MAX_BYTES = 512 * 1024;

const DATA_URL = /^data:image\/(jpeg|png);base64,([A-Za-z0-9+/]+={0,2})$/;

/** Decodes a `data:` URL screenshot and checks that the bytes are what the type says. */
export function decodeScreenshot(dataUrl: string): { bytes: Buffer; mime: 'image/jpeg' | 'image/png' } {
  const match = DATA_URL.exec(dataUrl);
  if (!match) throw new DomainError('validation_failed', { field: 'screenshot' });
  const mime = match[1] === 'png' ? 'image/png' : 'image/jpeg';
  const bytes = Buffer.from(match[2] ?? '', 'base64');
  if (bytes.length > SCREENSHOT_MAX_BYTES) {
    throw new DomainError('clip_too_large', { field: 'screenshot', max: SCREENSHOT_MAX_BYTES });
  }
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if ((mime === 'image/jpeg' && !jpeg) || (mime === 'image/png' && !png)) {
    throw new DomainError('validation_failed', { field: 'screenshot', reason: 'content-mismatch' });
  }
  return { bytes, mime };
}

/** Stores a screenshot in the blob store (content-addressed: a retried clip stores nothing new). */
export async function storeScreenshot(storage: BlobStore, dataUrl: string) {
  const { bytes, mime } = decodeScreenshot(dataUrl);
  const stored = await storage.put(Readable.from([bytes]), { maxBytes: SCREENSHOT_MAX_BYTES });
  return { key: stored.key, mime };
}
