import { Router } from 'express';
import type { Db } from '../../db/client';
import { requireSession } from '../../http/session-auth';
import { linkContext, listContexts, requireInstitutionAdmin } from '../../services/teacher-journey/admin-links';
import { noStore, parse, who } from './edge';
import { idParams, linkContextBody } from './schemas';

/** The institution administrator links a course to a programme instance and a school or county. */
export function adminRouter(db: Db): Router {
  const router = Router();
  router.use('/api/v1/admin', requireSession(db));
  router.get('/api/v1/admin/contexts', async (_req, res) => {
    const { session } = who(res);
    noStore(res).json(await listContexts(db, session));
  });
  router.put('/api/v1/admin/contexts/:id', async (req, res) => {
    const { session, actor } = who(res);
    requireInstitutionAdmin(session);
    const { id } = parse(idParams, req.params);
    const body = parse(linkContextBody, req.body);
    noStore(res).json({ link: await linkContext(db, session, id, body, actor) });
  });
  return router;
}
