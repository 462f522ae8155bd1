import { Router } from 'express';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { rateLimit, type RateLimiter } from '../../http/rate-limit';
import { memoryRateLimiter } from '../../services/rate-limits';
import { storeClip } from '../../services/extension/clips';
import { storeFileClip } from '../../services/extension/file-clips';
import { filenameOf } from '../../http/filename';
import { withUploadBody } from '../../http/upload-body';
import { extensionProfile } from '../../services/extension/destinations';
import { extensionActor } from '../../services/extension/device-session';
import { lookupUrl } from '../../services/extension/library';
import { pairDevice } from '../../services/extension/pairing';
import { revokeByRefreshToken, rotateRefreshToken } from '../../services/extension/refresh';
import type { AccessTokenSigner } from '../../services/extension/signing';
import type { BlobStore } from '../../storage';
import { noStore, parse } from '../edge';
import {
  clipInput,
  contentSha256,
  fileClipQuery,
  IDEMPOTENCY_KEY,
  lookupQuery,
  oversizedField,
  pairBody,
  refreshBody,
  type LookupReply,
  type TokenReply,
} from '../../../../shared/api/extension';
import { deviceOf, requireDevice } from './device-auth';

function tokenResponse(t: { refreshToken: string; access: { token: string; expiresIn: number } }): TokenReply {
  return {
    tokenType: 'Bearer',
    accessToken: t.access.token,
    expiresIn: t.access.expiresIn,
    refreshToken: t.refreshToken,
  };
}

/** The API the browser extension calls (docs/extension.md). No CORS: the extension calls with host permission. */
export function extensionApiRouter(deps: {
  db: Db;
  storage: BlobStore;
  signer: AccessTokenSigner;
  pairPerMinute?: number;
  limiter?: RateLimiter;
  perUserPerMinute?: number;
  tokenPerAddressPerMinute?: number;
  maxUploadBytes: number;
}): Router {
  const { db, signer } = deps;
  const router = Router();
  const auth = requireDevice(db, signer, {
    limiter: deps.limiter ?? memoryRateLimiter(),
    perMinute: deps.perUserPerMinute ?? 600,
  });

  const pairLimit = rateLimit({
    name: 'pair',
    windowMs: 60_000,
    max: deps.pairPerMinute ?? 120,
    limiter: deps.limiter,
  });
  router.post('/ext/v1/pair', pairLimit, async (req, res) => {
    const body = parse(pairBody, req.body);
    const paired = await pairDevice(db, signer, body);
    noStore(res).json({ ...tokenResponse(paired), device: { id: paired.device.id, name: paired.device.name } });
  });

  // Refresh and revoke are reached with a refresh token, not a session: counted per address (a school's browsers
  // share one, so the default is as generous as launches), one bucket for both, shared by all processes.
  const tokenLimit = rateLimit({
    name: 'ext-token',
    windowMs: 60_000,
    max: deps.tokenPerAddressPerMinute ?? 2400,
    limiter: deps.limiter,
  });
  router.post('/ext/v1/token', tokenLimit, async (req, res) => {
    const body = parse(refreshBody, req.body);
    noStore(res).json(tokenResponse(await rotateRefreshToken(db, signer, body.refreshToken)));
  });

  router.post('/ext/v1/revoke', tokenLimit, async (req, res) => {
    const body = parse(refreshBody, req.body);
    await revokeByRefreshToken(db, body.refreshToken);
    noStore(res).json({ revoked: true });
  });

  router.get('/ext/v1/me', auth, async (_req, res) => {
    noStore(res).json(await extensionProfile(db, deviceOf(res)));
  });

  router.get('/ext/v1/clips/lookup', auth, async (req, res) => {
    const { url } = parse(lookupQuery, req.query);
    noStore(res).json((await lookupUrl(db, deviceOf(res), url)) satisfies LookupReply);
  });

  router.post('/ext/v1/clips', auth, async (req, res) => {
    const device = deviceOf(res);
    const key = req.get('idempotency-key') ?? '';
    if (!IDEMPOTENCY_KEY.test(key)) throw new AppError('idempotency_key_required');
    const clip = parse(clipInput, req.body);
    const oversized = oversizedField(clip);
    if (oversized) throw new AppError('clip_too_large', oversized);
    const actor = extensionActor(device, res.locals.requestId as string | undefined);
    const outcome = await storeClip(db, deps.storage, device, { key, clip }, actor);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    noStore(res).status(outcome.status).json(outcome.body);
  });
  router.post('/ext/v1/files', auth, async (req, res) => {
    const device = deviceOf(res);
    const key = req.get('idempotency-key') ?? '';
    if (!IDEMPOTENCY_KEY.test(key)) throw new AppError('idempotency_key_required');
    const { abilityCode, slotId } = parse(fileClipQuery, req.query);
    const sha = contentSha256.safeParse(req.get('x-content-sha256'));
    if (!sha.success) throw new AppError('validation_failed', { field: 'X-Content-SHA256' });
    const outcome = await withUploadBody(req, res, (body, declaredBytes) =>
      storeFileClip(
        db,
        deps.storage,
        device,
        {
          key,
          abilityCode,
          slotId,
          filename: filenameOf(req),
          contentSha256: sha.data,
          body,
          declaredBytes,
        },
        extensionActor(device, res.locals.requestId as string | undefined),
        deps.maxUploadBytes,
      ),
    );
    // A replay never read the body (withUploadBody discarded it).
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    noStore(res).status(outcome.status).json(outcome.body);
  });
  return router;
}
