import { pipeline } from 'node:stream/promises';
import { actorOf } from '../../http/actor';
import { Router } from 'express';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { requireSession } from '../../http/session-auth';
import { evidenceFileFor } from '../../services/teacher-journey/file-access';
import { inlineAllowed, type BlobStore } from '../../storage';
import { parse } from '../edge';
import { idParams } from '../../../../shared/api';

/** RFC 6266 / 5987: an ASCII fallback and the real (Chinese) name, so no header injection and no mojibake. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Evidence files, only to the owner teacher and assessors in scope. Images, video and PDF may open inline; all
 * else downloads. A sandbox CSP and nosniff keep a file from ever running as a page of ours.
 */
export function filesRouter(deps: { db: Db; storage: BlobStore }): Router {
  const router = Router();
  router.get('/api/v1/files/:id', requireSession(deps.db), async (req, res) => {
    const { id } = parse(idParams, req.params);
    const item = await evidenceFileFor(deps.db, actorOf(res), id);
    const object = await deps.storage.get(item.storageKey as string);
    if (!object) throw new AppError('not_found');
    const mime = item.fileMime ?? 'application/octet-stream';
    const name = item.fileOriginalName ?? 'evidence';
    res.setHeader('Content-Type', mime);
    res.setHeader('Content-Length', String(object.sizeBytes));
    res.setHeader('Content-Disposition', contentDisposition(inlineAllowed(mime) ? 'inline' : 'attachment', name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    await pipeline(object.body, res);
  });
  return router;
}
