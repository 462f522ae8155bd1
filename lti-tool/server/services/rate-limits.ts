import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { arrayParam } from '../db/array-param';
import { rateLimitWindows } from '../db/schema';

/** Counts a request in a bucket's current window; how many so far and when the window ends. */
export interface RateLimiter {
  /**
   * `limit` (the most the caller allows in the window) lets a shared limiter count locally while far below it; the
   * count returned is exact once it matters.
   */
  hit(bucket: string, windowMs: number, limit?: number): Promise<{ count: number; resetInMs: number }>;
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

/** How often a process writes the hits it counted locally to the shared table (and reads the others' back). */
export const RATE_LIMIT_FLUSH_MS = 500;

interface BucketState {
  /** The shared count at the last write or read, and the window it belongs to. */
  known: number;
  windowStart: number;
  windowMs: number;
  /** Hits counted here and not yet written. */
  pending: number;
}

/**
 * Counts in the database, so every process and machine shares them. A hit far below its limit (the shared count as
 * last seen plus this process's unwritten hits under half the limit) is counted in memory and written with the
 * others every RATE_LIMIT_FLUSH_MS in one statement: a school launching before a deadline costs no statement per
 * request and no hot row. From half the limit on, every hit is one upsert (with the hits still pending), so refusals
 * are exact across processes. What this process cannot see at once is what others counted in the last flush
 * interval, so all processes together may admit up to about half a limit per process more than the limit in the
 * interval a flood begins; a hit without a limit is always counted in the database at once.
 */
export function dbRateLimiter(
  db: Db,
  now: () => number = Date.now,
  options: { flushMs?: number } = {},
): RateLimiter & { flush(): Promise<void> } {
  const flushMs = options.flushMs ?? RATE_LIMIT_FLUSH_MS;
  const buckets = new Map<string, BucketState>();
  let lastSweep = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  const learn = (state: BucketState, row: { hits: number; windowStart: Date }) => {
    state.known = row.hits;
    state.windowStart = row.windowStart.getTime();
  };

  async function sweep(t: number): Promise<void> {
    if (t - lastSweep <= 10 * 60_000) return;
    lastSweep = t;
    await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStart, new Date(t - 3_600_000)));
  }

  /** Adds `hits` to a bucket's shared window (a new window when the old one has passed) and returns it. */
  async function add(bucket: string, hits: number, windowMs: number, t: Date) {
    const expired = new Date(t.getTime() - windowMs);
    const [row] = await db
      .insert(rateLimitWindows)
      .values({ bucket, windowStart: t, hits })
      .onConflictDoUpdate({
        target: rateLimitWindows.bucket,
        set: {
          hits: sql`case when ${rateLimitWindows.windowStart} <= ${expired} then ${hits} else ${rateLimitWindows.hits} + ${hits} end`,
          windowStart: sql`case when ${rateLimitWindows.windowStart} <= ${expired} then ${t} else ${rateLimitWindows.windowStart} end`,
        },
      })
      .returning({ hits: rateLimitWindows.hits, windowStart: rateLimitWindows.windowStart });
    return row;
  }

  /** Writes every bucket's pending hits, one statement per window length (in practice one). */
  async function writePending(): Promise<void> {
    const t = now();
    const byWindow = new Map<number, Array<[string, BucketState, number]>>();
    for (const [bucket, state] of buckets) {
      if (state.pending === 0) continue;
      const list = byWindow.get(state.windowMs) ?? [];
      list.push([bucket, state, state.pending]);
      byWindow.set(state.windowMs, list);
    }
    for (const [windowMs, list] of byWindow) {
      const at = new Date(t);
      const expired = new Date(t - windowMs);
      const rows = await db.execute<{ bucket: string; hits: number; start_ms: number | string }>(sql`
        insert into ${rateLimitWindows} (bucket, window_start, hits)
        select u.bucket, ${at}, u.hits from unnest(${arrayParam(list.map(([b]) => b))}::text[],
          ${`{${list.map(([, , n]) => n).join(',')}}`}::int[]) as u(bucket, hits)
        on conflict (bucket) do update set
          hits = case when ${rateLimitWindows.windowStart} <= ${expired} then excluded.hits
                 else ${rateLimitWindows.hits} + excluded.hits end,
          window_start = case when ${rateLimitWindows.windowStart} <= ${expired} then excluded.window_start
                 else ${rateLimitWindows.windowStart} end
        returning bucket, hits, (extract(epoch from window_start) * 1000)::float8 as start_ms`);
      const written = new Map(list.map(([bucket, state, n]) => [bucket, { state, n }]));
      for (const row of rows.rows) {
        const entry = written.get(row.bucket);
        if (!entry) continue;
        entry.state.pending = Math.max(0, entry.state.pending - entry.n);
        // Hits counted here while the statement ran stay pending, on top of what it returned.
        learn(entry.state, { hits: Number(row.hits), windowStart: new Date(Number(row.start_ms)) });
      }
    }
    // Buckets idle for a whole window are forgotten here; the table keeps them until the sweep.
    for (const [bucket, state] of buckets)
      if (state.pending === 0 && t - state.windowStart >= 2 * state.windowMs) buckets.delete(bucket);
    await sweep(t);
  }

  function flush(): Promise<void> {
    // One write at a time: a slow database must not pile them up.
    flushing ??= writePending()
      .catch(() => {
        // Limits fail open; the pending hits stay and go with the next write.
      })
      .finally(() => {
        flushing = undefined;
      });
    return flushing;
  }

  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush().then(() => {
        for (const state of buckets.values()) if (state.pending > 0) return schedule();
      });
    }, flushMs);
    timer.unref();
  }

  return {
    flush,
    async hit(bucket, windowMs, limit) {
      const t = now();
      let state = buckets.get(bucket);
      if (!state || t - state.windowStart >= windowMs) {
        // A new window here: hits still pending from the last one were in a window that has passed.
        state = { known: 0, windowStart: t, windowMs, pending: 0 };
        buckets.set(bucket, state);
      }
      if (limit !== undefined && (state.known + state.pending + 1) * 2 < limit) {
        state.pending++;
        schedule();
        return { count: state.known + state.pending, resetInMs: Math.max(0, state.windowStart + windowMs - t) };
      }
      const hits = state.pending + 1;
      state.pending = 0;
      const row = await add(bucket, hits, windowMs, new Date(t));
      if (row) learn(state, row);
      await sweep(t);
      const start = row ? row.windowStart.getTime() : t;
      return { count: row?.hits ?? hits, resetInMs: Math.max(0, start + windowMs - t) };
    },
  };
}
