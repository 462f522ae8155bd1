import { Router } from 'express';
import type { RateLimiter } from '../../http/rate-limit';
import type { Db } from '../../db/client';
import { AccessTokenSigner } from '../../services/extension/signing';
import type { BlobStore } from '../../storage';
import { extensionApiRouter } from './extension-api';
import { pairPageRouter } from './pair-page';
import { extensionTeacherRouter } from './teacher';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../teacher';

/** Everything the browser extension needs, and the teacher's pairing, devices and library screens. */
export function extensionRouter(deps: {
  db: Db;
  publicUrl: string;
  storage: BlobStore;
  maxUploadBytes?: number;
  limiter?: RateLimiter;
  /** Extension API calls per minute per platform user (all of a teacher's browsers together). */
  perUserPerMinute?: number;
  /** Token refreshes and revocations per minute per client address (no session to count them against). */
  tokenPerAddressPerMinute?: number;
}): Router {
  const router = Router();
  const signer = new AccessTokenSigner(deps.db);
  router.use(
    extensionApiRouter({
      db: deps.db,
      storage: deps.storage,
      signer,
      limiter: deps.limiter,
      perUserPerMinute: deps.perUserPerMinute,
      tokenPerAddressPerMinute: deps.tokenPerAddressPerMinute,
      maxUploadBytes: deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    }),
  );
  router.use(extensionTeacherRouter(deps));
  router.use(pairPageRouter());
  return router;
}
