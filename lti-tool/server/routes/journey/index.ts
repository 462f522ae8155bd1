import { Router } from 'express';
import type { Db } from '../../db/client';
import type { BlobStore } from '../../storage';
import { adminRouter } from './admin';
import { evidenceRouter } from './evidence';
import { filesRouter } from './files';
import { reviewRouter } from './review';
import { teacherRouter } from './teacher';

/** 2 GiB: the largest upload any slot may allow; slots set their own, smaller caps. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

/** The teacher's and assessor's journey as a JSON API (docs/api.md). */
export function journeyRouter(deps: { db: Db; storage: BlobStore; maxUploadBytes?: number }): Router {
  const router = Router();
  const maxUploadBytes = deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  router.use(adminRouter(deps.db));
  router.use(teacherRouter(deps.db));
  router.use(evidenceRouter({ db: deps.db, storage: deps.storage, maxUploadBytes }));
  router.use(reviewRouter(deps.db));
  router.use(filesRouter(deps));
  return router;
}
