import { Router } from 'express';
import type { DatabaseProbe } from '../app';

/**
 * `/healthz` for load balancers and operators: 200 when the database answers, 503 when it does not.
 * It says which database is in use and how long the round trip took, never connection details.
 */
export function healthRouter(database: DatabaseProbe, version: string): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const started = performance.now();
    let ok = true;
    let error: string | undefined;
    try {
      await database.ping();
    } catch (err) {
      ok = false;
      error = err instanceof Error ? err.message.slice(0, 200) : 'unknown error';
    }
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    res.setHeader('Cache-Control', 'no-store');
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      version,
      database: { kind: database.kind, ok, latencyMs, ...(error ? { error } : {}) },
    });
  });
  return router;
}
