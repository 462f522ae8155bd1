import { Router } from 'express';
import { checklistReply } from '../../../shared/api/setup-checklist';
import type { Db } from '../db/client';
import { adminOf } from '../http/admin-auth';
import { send } from '../http/reply';
import { setupChecklist } from '../services/setup-checklist';

/** The admin home's first-run checklist, for the administrator's tenant. */
export function setupChecklistRouter(db: Db): Router {
  const router = Router();
  router.get('/api/v1/admin/checklist', async (_req, res) => {
    const admin = adminOf(res);
    send(res, checklistReply, await setupChecklist(db, admin.tenantId));
  });
  return router;
}
