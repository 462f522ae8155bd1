import { Router } from 'express';
import { abilityCatalogueReply } from '../../../shared/api/ability-catalogue';
import { adminOf } from '../http/admin-auth';
import { send } from '../http/reply';
import { abilityCatalogueForAdmin } from '../services/ability-catalogue';

/** The admin's catalogue screen: abilities and topics with their verification notes (behind requireAdmin). */
export function abilityCatalogueRouter(): Router {
  const router = Router();
  router.get('/api/v1/admin/ability-catalogue', (_req, res) => {
    adminOf(res); // an administrator's session or key, checked again here as every admin route does
    send(res, abilityCatalogueReply, abilityCatalogueForAdmin());
  });
  return router;
}
