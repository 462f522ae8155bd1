import { Router } from 'express';
import { idParams } from '../../../shared/api';
import { rosterSyncReply } from '../../../shared/api/admin';
import type { Db } from '../db/client';
import { adminOf } from '../http/admin-auth';
import { send } from '../http/reply';
import type { EgressPolicy } from '../net/address-policy';
import type { ServiceTokenClient } from '../lti/advantage/service-token';
import type { ToolKeyStore } from '../lti/tool-keys';
import { DomainError } from '../services/errors';
import { rosterTarget, syncRoster } from '../services/roster-sync';
import { recordOperation } from '../services/operation-runs';
import { failureCode } from '../lti/advantage/failure-code';
import { logOf } from '../http/request-context';

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
  router.post('/api/v1/admin/contexts/:id/roster-sync', async (req, res) => {
    // requireAdmin (app.ts) has checked the administrator's session or admin key.
    const actor = adminOf(res);
    // A malformed id names no course: 404, as for another tenant's course.
    const id = idParams.safeParse(req.params);
    if (!id.success) throw new DomainError('not_found');
    const target = await rosterTarget(deps.db, actor.tenantId, id.data.id);
    const ctx = {
      endpoint: target.endpoint,
      key: await deps.keys.signingKey(),
      tokens: deps.tokens,
      policy: deps.policy,
    };
    const run = {
      tenantId: actor.tenantId,
      kind: 'roster_sync' as const,
      target: target.contextId,
      platformId: target.platformId,
      requestId: res.locals.requestId as string,
    };
    let result;
    try {
      result = await syncRoster(deps.db, ctx, target.contextId);
    } catch (err) {
      const code = failureCode(err);
      logOf(res).warn('roster sync failed', { ...run, outcome: 'failed', code });
      await recordOperation(deps.db, { ...run, status: 'failed', errorCode: code });
      throw new DomainError('platform_unavailable', {
        reason: err instanceof Error ? err.message.slice(0, 200) : 'error',
      });
    }
    const { complete, ...counts } = result;
    const status = complete ? 'ok' : 'partial';
    logOf(res).info('roster sync', { ...run, outcome: status, ...counts, complete });
    await recordOperation(deps.db, {
      ...run,
      status,
      errorCode: complete ? null : 'roster_incomplete',
      rows: result.fetched,
      counts: { ...counts, complete },
    });
    send(res, rosterSyncReply, result);
  });
  return router;
}
