import { actorOf } from '../../http/actor';
import { Router } from 'express';
import type { Db } from '../../db/client';
import { sendStoredFile } from '../../http/stored-file';
import { requireSession } from '../../http/session-auth';
import { evidenceFileFor } from '../../services/teacher-journey/file-access';
import type { BlobStore } from '../../storage';
import { parse } from '../edge';
import { idParams } from '../../../../shared/api';

/** Evidence files, only to the owner teacher and assessors in scope (headers: http/stored-file.ts). */
export function filesRouter(deps: { db: Db; storage: BlobStore }): Router {
  const router = Router();
  router.get('/api/v1/files/:id', requireSession(deps.db), async (req, res) => {
    const { id } = parse(idParams, req.params);
    const item = await evidenceFileFor(deps.db, actorOf(res), id);
    await sendStoredFile(res, deps.storage, {
      storageKey: item.storageKey as string,
      mime: item.fileMime ?? 'application/octet-stream',
      name: item.fileOriginalName ?? 'evidence',
    });
  });
  return router;
}
