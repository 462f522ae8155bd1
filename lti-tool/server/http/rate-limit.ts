import type { Request, RequestHandler } from 'express';
import { memoryRateLimiter, type RateLimiter } from '../services/rate-limits';
import { AppError } from './errors';

export type { RateLimiter } from '../services/rate-limits';

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
      outcome = await limiter.hit(`${options.name}:${key(req)}`, options.windowMs);
    } catch {
      return next();
    }
    if (outcome.count <= options.max) return next();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(outcome.resetInMs / 1000))));
    next(new AppError('rate_limited'));
  };
}
