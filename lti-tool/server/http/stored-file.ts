import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { inlineAllowed, type BlobStore } from '../storage';
import { AppError } from './errors';

/** RFC 6266 / 5987: an ASCII fallback and the real (Chinese) name, so no header injection and no mojibake. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Streams a stored file the caller may read (the route has checked that). Images, video and PDF may open inline; all
 * else downloads. A sandbox CSP and nosniff keep a file from ever running as a page of ours.
 */
export async function sendStoredFile(
  res: Response,
  storage: BlobStore,
  file: { storageKey: string; mime: string; name: string },
): Promise<void> {
  const object = await storage.get(file.storageKey);
  if (!object) throw new AppError('not_found');
  res.setHeader('Content-Type', file.mime);
  res.setHeader('Content-Length', String(object.sizeBytes));
  res.setHeader(
    'Content-Disposition',
    contentDisposition(inlineAllowed(file.mime) ? 'inline' : 'attachment', file.name),
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  await pipeline(object.body, res);
}
