import type { RequestHandler } from 'express';
import { AppError } from './errors';

/**
 * A fixed-window limit per client address, kept in this process. It blunts floods of logins and launches (each
 * writes to the database); behind several processes each one limits on its own, which is fine for that purpose.
 */
export function rateLimit(options: { windowMs: number; max: number; now?: () => number }): RequestHandler {
  const now = options.now ?? Date.now;
  const hits = new Map<string, { windowStart: number; count: number }>();
  let lastSweep = now();
  return (req, res, next) => {
    const t = now();
    if (t - lastSweep > options.windowMs) {
      for (const [key, entry] of hits) if (t - entry.windowStart >= options.windowMs) hits.delete(key);
      lastSweep = t;
    }
    const key = req.ip ?? 'unknown';
    const entry = hits.get(key);
    if (!entry || t - entry.windowStart >= options.windowMs) {
      hits.set(key, { windowStart: t, count: 1 });
      return next();
    }
    entry.count++;
    if (entry.count > options.max) {
      res.setHeader('Retry-After', String(Math.ceil((entry.windowStart + options.windowMs - t) / 1000)));
      return next(new AppError('rate_limited'));
    }
    next();
  };
}
