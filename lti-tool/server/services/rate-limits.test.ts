import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db';
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
