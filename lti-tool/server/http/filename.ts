import type { Request } from 'express';
import { AppError } from './errors';

/** `X-Filename` carries the name percent-encoded (UTF-8), since header values are ASCII. */
export function filenameOf(req: Request): string {
  const raw = req.get('x-filename');
  let name: string | undefined;
  try {
    name = raw ? decodeURIComponent(raw) : undefined;
  } catch {
    name = undefined;
  }
  // Path separators and control characters never belong in a name we echo back in headers.
  const clean = [...(name ?? '')]
    .filter((c) => c !== '/' && c !== '\\' && c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  if (!clean || clean.length > 200) throw new AppError('validation_failed', { field: 'X-Filename' });
  return clean;
}
