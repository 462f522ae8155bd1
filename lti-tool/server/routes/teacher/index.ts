import { Router } from 'express';
import type { Db } from '../../db/client';
import type { BlobStore } from '../../storage';
import { abilitiesRouter } from './abilities';
import { evidenceRouter } from './evidence';
import { filesRouter } from './files';

/** 2 GiB: the largest upload any slot may allow; slots set their own, smaller caps. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

/** The teacher's side as a JSON API (docs/api.md): enrolment, selections, ability pages, evidence, files. */
export function teacherRouter(deps: { db: Db; storage: BlobStore; maxUploadBytes?: number }): Router {
  const router = Router();
  const maxUploadBytes = deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  router.use(abilitiesRouter(deps.db));
  router.use(evidenceRouter({ db: deps.db, storage: deps.storage, maxUploadBytes }));
  router.use(filesRouter(deps));
  return router;
}
