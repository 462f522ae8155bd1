import { Router } from 'express';
import type { Db } from '../db/client';
import { requireSession } from '../http/session-auth';
import { requireInstitutionAdmin } from '../policies/roles';
import { linkContext, listContexts } from '../services/teacher-journey/admin-links';
import { parse, who } from './edge';
import { idParams } from '../../../shared/api';
import { contextsReply, linkContextBody, linkContextReply } from '../../../shared/api/admin';
import { send } from '../http/reply';

/** The institution administrator links a course to a programme instance and a school or county. */
export function adminContextsRouter(db: Db): Router {
  const router = Router();
  router.use('/api/v1/admin', requireSession(db));
  router.get('/api/v1/admin/contexts', async (_req, res) => {
    const { actor } = who(res);
    send(res, contextsReply, await listContexts(db, actor));
  });
  router.put('/api/v1/admin/contexts/:id', async (req, res) => {
    const { actor } = who(res);
    requireInstitutionAdmin(actor);
    const { id } = parse(idParams, req.params);
    const body = parse(linkContextBody, req.body);
    const link = await linkContext(db, actor, id, body);
    // The stored row carries the tenant and the administrator's person id: only the link itself leaves.
    send(res, linkContextReply, {
      link: {
        contextId: link.contextId,
        programmeInstanceId: link.programmeInstanceId,
        organisationId: link.organisationId,
        updatedAt: link.updatedAt,
      },
    });
  });
  return router;
}
