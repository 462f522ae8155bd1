import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Db } from '../db/client';
import { isAdminKey } from '../services/admin-keys';
import { memoryRateLimiter, type RateLimiter } from '../services/rate-limits';
import { findSession } from '../services/sessions';
import { AppError } from './errors';

export type { RateLimiter } from '../services/rate-limits';

/** The refusal: 429 with Retry-After, and a message naming the limit and how long to wait. */
function refuse(
  res: { setHeader(name: string, value: string): unknown },
  max: number,
  windowMs: number,
  resetInMs: number,
) {
  const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
  const windowSeconds = Math.round(windowMs / 1000);
  res.setHeader('Retry-After', String(retryAfter));
  return new AppError(
    'rate_limited',
    { limit: max, windowSeconds, retryAfterSeconds: retryAfter },
    {
      zh: `操作过于频繁：每 ${windowSeconds} 秒最多 ${max} 次请求。请在 ${retryAfter} 秒后再试。`,
      en: `Too many requests: at most ${max} every ${windowSeconds} seconds. Try again in ${retryAfter} seconds.`,
    },
  );
}

/**
 * A fixed-window limit per bucket (by default the client address, for endpoints nobody is signed in to yet), counted
 * by a limiter that all processes share when it is the database's. Over the limit: 429 `rate_limited` with
 * Retry-After. A limiter that fails lets the request through: a limit must never be why a teacher sees an error.
 */
export function rateLimit(options: {
  name: string;
  windowMs: number;
  max: number;
  limiter?: RateLimiter;
  key?: (req: Request) => string;
}): RequestHandler {
  const limiter = options.limiter ?? memoryRateLimiter();
  const key = options.key ?? ((req: Request) => `addr:${req.ip ?? 'unknown'}`);
  return async (req, res, next) => {
    let outcome: { count: number; resetInMs: number };
    try {
      outcome = await limiter.hit(`${options.name}:${key(req)}`, options.windowMs, options.max);
    } catch {
      return next();
    }
    if (outcome.count <= options.max) return next();
    next(refuse(res, options.max, options.windowMs, outcome.resetInMs));
  };
}

/** Counts one hit for a signed-in principal (or an address) and refuses past the limit; fails open like rateLimit. */
export async function countHit(
  limiter: RateLimiter,
  res: { setHeader(name: string, value: string): unknown },
  bucket: string,
  max: number,
  windowMs = 60_000,
): Promise<AppError | undefined> {
  let outcome: { count: number; resetInMs: number };
  try {
    outcome = await limiter.hit(bucket, windowMs, max);
  } catch {
    return undefined;
  }
  return outcome.count <= max ? undefined : refuse(res, max, windowMs, outcome.resetInMs);
}

/**
 * The limit on the session-bound API (`/api/v1`), counted per platform and user, never per address: a whole school
 * behind one NAT address is many users. The launch session is looked up once here and left in `res.locals.session`
 * for requireSession/requireAdmin. An admin key is its own bucket. A bearer that is no session counts against the
 * address, generously (it ends in 401 anyway; the count only blunts token guessing). No bearer: the route's own
 * rules apply (public endpoints have their per-address limits).
 */
export function apiRateLimit(options: {
  db: Db;
  limiter: RateLimiter;
  perUserPerMinute: number;
  failedPerAddressPerMinute: number;
}): RequestHandler {
  const { db, limiter } = options;
  return async (req, res, next) => {
    try {
      const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      if (!token) return next();
      if (isAdminKey(token)) {
        const id = createHash('sha256').update(token).digest('base64url').slice(0, 22);
        return next(await countHit(limiter, res, `api:key:${id}`, options.perUserPerMinute));
      }
      const session = await findSession(db, token);
      if (!session) {
        return next(
          await countHit(limiter, res, `api:anon:addr:${req.ip ?? 'unknown'}`, options.failedPerAddressPerMinute),
        );
      }
      res.locals.session = session;
      next(
        await countHit(
          limiter,
          res,
          `api:user:${session.platformId}:${session.launch.userId}`,
          options.perUserPerMinute,
        ),
      );
    } catch (err) {
      next(err);
    }
  };
}
