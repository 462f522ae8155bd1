import { Router } from 'express';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { ltiContexts } from '../db/schema';
import { AppError } from '../http/errors';
import { requireSession, sessionOf } from '../http/session-auth';
import type { EgressPolicy } from '../net/address-policy';
import type { ServiceTokenClient } from '../lti/services/service-token';
import { createLtiStore } from '../lti/store';
import type { ToolKeyStore } from '../lti/tool-keys';
import { syncRoster } from '../services/roster-sync';

/**
 * `POST /api/v1/admin/contexts/:id/roster-sync`: an institution administrator pulls a course's members from the
 * platform (NRPS), so its teachers exist in the tool before their first launch.
 */
export function rosterRouter(deps: {
  db: Db;
  keys: ToolKeyStore;
  tokens: ServiceTokenClient;
  policy: EgressPolicy;
}): Router {
  const router = Router();
  router.post('/api/v1/admin/contexts/:id/roster-sync', requireSession(deps.db), async (req, res) => {
    const session = sessionOf(res);
    if (!session.toolRoles.includes('institution_admin')) throw new AppError('forbidden');
    const id = z.uuid().safeParse(req.params.id);
    if (!id.success) throw new AppError('not_found');
    const [context] = await deps.db
      .select({ id: ltiContexts.id, platformId: ltiContexts.platformId, membershipsUrl: ltiContexts.membershipsUrl })
      .from(ltiContexts)
      .where(and(eq(ltiContexts.id, id.data), eq(ltiContexts.tenantId, session.tenantId)));
    if (!context) throw new AppError('not_found');
    if (!context.membershipsUrl) throw new AppError('conflict', { reason: 'no_roster_service' });
    const platform = await createLtiStore(deps.db).getPlatform(context.platformId);
    if (!platform || platform.status !== 'active') throw new AppError('conflict', { reason: 'platform_disabled' });
    try {
      const result = await syncRoster(
        deps.db,
        {
          endpoint: {
            tokenUrl: platform.tokenEndpoint,
            clientId: platform.clientId,
            audience: platform.authorizationServer ?? undefined,
          },
          key: await deps.keys.signingKey(),
          tokens: deps.tokens,
          policy: deps.policy,
        },
        context.id,
      );
      res.json(result);
    } catch (err) {
      throw new AppError('platform_unavailable', {
        reason: err instanceof Error ? err.message.slice(0, 200) : 'error',
      });
    }
  });
  return router;
}
