import { Router } from 'express';
import type { CookiePolicy } from '../http/cookies';
import { rateLimit, type RateLimiter } from '../http/rate-limit';
import type { Logger } from '../logger';
import { launchHandler, type LaunchDeps } from './launch-handler';
import { loginHandler } from './login';
import type { PlatformKeyCache } from './platform-keys';
import type { LtiStore } from './store';
import type { ToolKeyStore } from './tool-keys';

export interface LtiRouterDeps {
  store: LtiStore;
  keys: ToolKeyStore;
  platformKeys: PlatformKeyCache;
  cookies: CookiePolicy;
  publicUrl: string;
  logger: Logger;
  onLaunch: LaunchDeps['onLaunch'];
  verify?: LaunchDeps['verify'];
  /**
   * Requests per minute per address on login and launch (two each per launch). Generous: a whole school launches from
   * one NAT address before a deadline; the limit only blunts floods.
   */
  rateLimitPerMinute?: number;
  /** Shared by every process when it counts in the database; one process's memory otherwise. */
  limiter?: RateLimiter;
}

/**
 * The LTI 1.3 endpoints as a router to mount in any Express 5 app: no singleton, no server of its own.
 * Login (GET and POST), the single launch URL for every message type, and the tool's JWKS.
 */
export function ltiRouter(deps: LtiRouterDeps): Router {
  const router = Router();
  const limit = rateLimit({
    name: 'lti',
    windowMs: 60_000,
    max: deps.rateLimitPerMinute ?? 2400,
    limiter: deps.limiter,
  });
  const stateKey = deps.keys.stateKey();
  const login = loginHandler({
    store: deps.store,
    stateKey,
    publicUrl: deps.publicUrl,
    cookies: deps.cookies,
    logger: deps.logger,
  });
  router.get('/lti/login', limit, login);
  router.post('/lti/login', limit, login);
  router.post(
    '/lti/launch',
    limit,
    launchHandler({
      store: deps.store,
      stateKey,
      cookies: deps.cookies,
      platformKeys: deps.platformKeys,
      logger: deps.logger,
      onLaunch: deps.onLaunch,
      verify: deps.verify,
    }),
  );
  router.get('/.well-known/jwks.json', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.json(await deps.keys.publicJwks());
  });
  return router;
}
