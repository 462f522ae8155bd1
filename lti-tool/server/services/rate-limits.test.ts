import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db';
import { rateLimitWindows } from '../db/schema';
import { rateLimit } from '../http/rate-limit';
import { dbRateLimiter, memoryRateLimiter, type RateLimiter } from './rate-limits';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('rate limits shared through the database', () => {
  it('counts one window across processes (two limiters on one database) and starts afresh after it', async () => {
    let t = Date.parse('2026-12-05T12:00:00Z');
    const clock = () => t;
    const workerA = dbRateLimiter(database.db, clock);
    const workerB = dbRateLimiter(database.db, clock);
    expect(await workerA.hit('lti:addr:10.0.0.1', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    t += 10_000;
    expect(await workerB.hit('lti:addr:10.0.0.1', 60_000)).toEqual({ count: 2, resetInMs: 50_000 });
    expect(await workerA.hit('lti:addr:10.0.0.2', 60_000)).toMatchObject({ count: 1 });
    t += 50_000;
    expect(await workerB.hit('lti:addr:10.0.0.1', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('counts concurrent hits exactly (one upsert each, no lost update)', async () => {
    const limiter = dbRateLimiter(database.db);
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit('pair:addr:10.9.9.9', 60_000)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('rate limits counted locally far below the limit', () => {
  const rows = async (bucket: string) =>
    (await database.db.select().from(rateLimitWindows).where(eq(rateLimitWindows.bucket, bucket))).map((r) => r.hits);

  it('counts in memory, writes the pending hits in one flush, and then counts on top of the shared total', async () => {
    const t = Date.parse('2026-12-05T13:00:00Z');
    const workerA = dbRateLimiter(database.db, () => t);
    const workerB = dbRateLimiter(database.db, () => t);
    const counts = [];
    for (let i = 0; i < 5; i++) counts.push((await workerA.hit('lti:addr:10.1.0.1', 60_000, 100)).count);
    expect(counts).toEqual([1, 2, 3, 4, 5]);
    expect(await rows('lti:addr:10.1.0.1')).toEqual([]); // nothing written per request
    await workerA.flush();
    expect(await rows('lti:addr:10.1.0.1')).toEqual([5]);
    await workerB.hit('lti:addr:10.1.0.1', 60_000, 100);
    await workerB.flush(); // B learns A's hits when it writes its own
    expect(await rows('lti:addr:10.1.0.1')).toEqual([6]);
    expect(await workerB.hit('lti:addr:10.1.0.1', 60_000, 100)).toEqual({ count: 7, resetInMs: 60_000 });
  });

  it('counts every hit in the database from half the limit on, so the refusal is exact across processes', async () => {
    const t = Date.parse('2026-12-05T14:00:00Z');
    const workerA = dbRateLimiter(database.db, () => t);
    const workerB = dbRateLimiter(database.db, () => t);
    const bucket = 'lti:addr:10.1.0.2';
    for (let i = 0; i < 4; i++) await workerA.hit(bucket, 60_000, 10);
    await workerA.flush();
    expect(await rows(bucket)).toEqual([4]);
    // B has seen nothing yet, so its first hit is counted locally; once it knows the shared 5, it is at half: exact.
    expect((await workerB.hit(bucket, 60_000, 10)).count).toBe(1);
    await workerB.flush();
    expect(await workerB.hit(bucket, 60_000, 10)).toMatchObject({ count: 6 });
    expect(await rows(bucket)).toEqual([6]);
    const a = await workerA.hit(bucket, 60_000, 10);
    expect(a.count).toBe(7);
    for (let i = 0; i < 3; i++) await workerB.hit(bucket, 60_000, 10);
    expect((await workerA.hit(bucket, 60_000, 10)).count).toBe(11); // over the limit: refused by the middleware
    expect(await rows(bucket)).toEqual([11]);
  });

  it('starts a new window for the hits of a new window, however many were pending in the old one', async () => {
    let t = Date.parse('2026-12-05T15:00:00Z');
    const limiter = dbRateLimiter(database.db, () => t);
    const bucket = 'lti:addr:10.1.0.3';
    for (let i = 0; i < 3; i++) await limiter.hit(bucket, 60_000, 100);
    await limiter.flush();
    t += 60_000;
    expect(await limiter.hit(bucket, 60_000, 100)).toEqual({ count: 1, resetInMs: 60_000 });
    await limiter.flush();
    expect(await rows(bucket)).toEqual([1]);
  });
});

describe('the rate limit middleware', () => {
  async function serve(limiter: RateLimiter, max: number) {
    const app = express();
    app.get('/x', rateLimit({ name: 't', windowMs: 60_000, max, limiter }), (_req, res) => void res.json({ ok: true }));
    app.use((err: { status?: number; code?: string }, _req: express.Request, res: express.Response, _next: unknown) => {
      res.status(err.status ?? 500).json({ error: { code: err.code } });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}/x`, close: () => server.close() };
  }

  it('answers 429 rate_limited with Retry-After past the limit', async () => {
    const t = Date.parse('2026-12-05T12:00:00Z');
    const { url, close } = await serve(
      memoryRateLimiter(() => t),
      2,
    );
    try {
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(url)).status).toBe(200);
      const refused = await fetch(url);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(await refused.json()).toEqual({ error: { code: 'rate_limited' } });
    } finally {
      close();
    }
  });

  it('lets requests through when the limiter cannot count (a limit is never why a teacher sees an error)', async () => {
    const broken: RateLimiter = { hit: () => Promise.reject(new Error('database away')) };
    const { url, close } = await serve(broken, 0);
    try {
      expect((await fetch(url)).status).toBe(200);
    } finally {
      close();
    }
  });
});
