import { Router, type Request, type Response } from 'express';
import { idParams } from '../../../shared/api';
import {
  deploymentBody,
  deploymentReply,
  platformsReply,
  platformStatusBody,
  platformStatusReply,
  registrationLinkBody,
  registrationLinkReply,
} from '../../../shared/api/admin';
import { platformCheckReply } from '../../../shared/api/operations';
import type { Config } from '../config';
import { logOf } from '../http/request-context';
import type { ServiceTokenClient } from '../lti/advantage/service-token';
import type { PlatformKeyCache } from '../lti/platform-keys';
import type { ToolKeyStore } from '../lti/tool-keys';
import { checkPlatform } from '../services/platform-reachability';
import type { Db } from '../db/client';
import { adminOf } from '../http/admin-auth';
import { send } from '../http/reply';
import { parse } from '../http/validate';
import { DomainError } from '../services/errors';
import {
  addDeployment,
  createRegistrationTicket,
  ownPlatform,
  setPlatformStatus,
  tenantPlatforms,
  tenantSlug,
} from '../services/platform-admin';

/** requireAdmin (app.ts) has checked the launch session's role or the admin key; this reads who it is. */
function administrator(res: Response) {
  const admin = adminOf(res);
  return {
    tenantId: admin.tenantId,
    platformId: admin.session?.platformId ?? null,
    createdBy: admin.personId ? `person:${admin.personId}` : admin.actor.actorLabel,
  };
}

/** A malformed id names no platform: 404, as for another tenant's. */
function platformId(req: Request): string {
  const id = idParams.safeParse(req.params);
  if (!id.success) throw new DomainError('not_found');
  return id.data.id;
}

/**
 * Institution administrators manage their tenant's LMS registrations from the app: list, disable/enable, add a
 * deployment, and mint one-time dynamic-registration links.
 */
export function platformsAdminRouter(
  db: Db,
  config: Config,
  connections: { keys: PlatformKeyCache; tokens: ServiceTokenClient; toolKeys: ToolKeyStore },
): Router {
  const router = Router();

  // 检查连接: fetch the key set and ask for a token now; the outcome is recorded as launches and deliveries record it.
  router.post('/api/v1/admin/platforms/:id/check', async (req, res) => {
    const actor = administrator(res);
    const id = await ownPlatform(db, actor.tenantId, platformId(req));
    const reachability = await checkPlatform(db, connections, id);
    logOf(res).info('platform check', {
      tenantId: actor.tenantId,
      platformId: id,
      outcome: reachability.state,
      endpoint: reachability.state === 'unreachable' ? reachability.failedEndpoint : undefined,
      code: reachability.state === 'unreachable' ? reachability.reason : undefined,
    });
    send(res, platformCheckReply, { id, reachability });
  });

  router.get('/api/v1/admin/platforms', async (_req, res) => {
    const actor = administrator(res);
    send(res, platformsReply, { platforms: await tenantPlatforms(db, actor.tenantId) });
  });

  router.patch('/api/v1/admin/platforms/:id', async (req, res) => {
    const actor = administrator(res);
    const { status } = parse(platformStatusBody, req.body ?? {});
    const id = await ownPlatform(db, actor.tenantId, platformId(req));
    if (id === actor.platformId && status === 'disabled') {
      // Disabling the platform you are launched from would lock you out mid-session; do it from the command line.
      throw new DomainError('conflict', { reason: 'current_platform' });
    }
    await setPlatformStatus(db, id, status);
    send(res, platformStatusReply, { id, status });
  });

  router.post('/api/v1/admin/platforms/:id/deployments', async (req, res) => {
    const actor = administrator(res);
    const { deploymentId } = parse(deploymentBody, req.body ?? {});
    const id = await ownPlatform(db, actor.tenantId, platformId(req));
    await addDeployment(db, id, deploymentId);
    send(res, deploymentReply, { platformId: id, deploymentId, status: 'active' }, 201);
  });

  router.post('/api/v1/admin/registration-links', async (req, res) => {
    const actor = administrator(res);
    const { validHours } = parse(registrationLinkBody, req.body ?? {});
    const { ticket, expiresAt } = await createRegistrationTicket(db, {
      tenant: await tenantSlug(db, actor.tenantId),
      createdBy: actor.createdBy,
      validHours,
    });
    send(res, registrationLinkReply, { url: `${config.publicUrl}/lti/register/${ticket}`, expiresAt }, 201);
  });
  return router;
}
