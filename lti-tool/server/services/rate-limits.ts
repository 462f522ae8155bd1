import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rateLimitWindows } from '../db/schema';

/** Counts a request in a bucket's current window; how many so far and when the window ends. */
export interface RateLimiter {
  hit(bucket: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}

/** One process's counts: the embedded (single-process) default and the fallback in tests. */
export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();
  return {
    async hit(bucket, windowMs) {
      const t = now();
      if (t - lastSweep > windowMs) {
        for (const [key, w] of windows) if (t - w.start >= windowMs) windows.delete(key);
        lastSweep = t;
      }
      const current = windows.get(bucket);
      const w = !current || t - current.start >= windowMs ? { start: t, count: 0 } : current;
      w.count++;
      windows.set(bucket, w);
      return { count: w.count, resetInMs: w.start + windowMs - t };
    },
  };
}

/**
 * Counts in the database, so every process and machine shares them: one upsert per request, which starts a new window
 * when the old one has passed. Windows older than an hour are swept now and then by whichever process counts.
 */
export function dbRateLimiter(db: Db, now: () => number = Date.now): RateLimiter {
  let lastSweep = 0;
  return {
    async hit(bucket, windowMs) {
      const t = new Date(now());
      const expired = new Date(t.getTime() - windowMs);
      const [row] = await db
        .insert(rateLimitWindows)
        .values({ bucket, windowStart: t, hits: 1 })
        .onConflictDoUpdate({
          target: rateLimitWindows.bucket,
          set: {
            hits: sql`case when ${rateLimitWindows.windowStart} <= ${expired} then 1 else ${rateLimitWindows.hits} + 1 end`,
            windowStart: sql`case when ${rateLimitWindows.windowStart} <= ${expired} then ${t} else ${rateLimitWindows.windowStart} end`,
          },
        })
        .returning({ hits: rateLimitWindows.hits, windowStart: rateLimitWindows.windowStart });
      if (t.getTime() - lastSweep > 10 * 60_000) {
        lastSweep = t.getTime();
        await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStart, new Date(t.getTime() - 3_600_000)));
      }
      const start = row ? row.windowStart.getTime() : t.getTime();
      return { count: row?.hits ?? 1, resetInMs: Math.max(0, start + windowMs - t.getTime()) };
    },
  };
}
