import { Router } from 'express';
import { activityQuery, activityReply } from '../../../shared/api/operations';
import type { Db } from '../db/client';
import { adminOf } from '../http/admin-auth';
import { send } from '../http/reply';
import { parse } from '../http/validate';
import { recentActivity } from '../services/operation-runs';

/**
 * `GET /api/v1/admin/activity`: the administrator's tenant's recent grade deliveries, roster syncs and imports, with
 * status, attempts, last error code and time; `?failures=1` keeps only what went wrong.
 */
export function activityRouter(db: Db): Router {
  const router = Router();
  router.get('/api/v1/admin/activity', async (req, res) => {
    // requireAdmin (app.ts) has checked the administrator's session or admin key.
    const admin = adminOf(res);
    const query = parse(activityQuery, req.query);
    const failuresOnly = query.failures === '1' || query.failures === 'true';
    res.setHeader('Cache-Control', 'no-store');
    send(res, activityReply, await recentActivity(db, admin.tenantId, { failuresOnly, limit: query.limit }));
  });
  return router;
}
