import { Router } from 'express';
import { idParams } from '../../../shared/api/common';
import { createAdminKeyBody, type AdminKeySummary } from '../../../shared/api/admin-keys';
import type { Db } from '../db/client';
import { adminOf } from '../http/admin-auth';
import { parse } from '../http/validate';
import { createAdminKey, listAdminKeys, revokeAdminKey, type AdminKeyRow } from '../services/admin-keys';

const present = (k: AdminKeyRow): AdminKeySummary => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

/** Admin keys of the administrator's tenant: list, create (secret shown once), revoke. Behind requireAdmin. */
export function adminKeysRouter(db: Db): Router {
  const router = Router();
  router.get('/api/v1/admin/api-keys', async (_req, res) => {
    const admin = adminOf(res);
    res.setHeader('Cache-Control', 'no-store').json({ keys: (await listAdminKeys(db, admin.tenantId)).map(present) });
  });
  router.post('/api/v1/admin/api-keys', async (req, res) => {
    const admin = adminOf(res);
    const { name } = parse(createAdminKeyBody, req.body ?? {});
    const { key, secret } = await createAdminKey(
      db,
      { tenantId: admin.tenantId, name, createdByPersonId: admin.personId },
      admin.actor,
    );
    res
      .setHeader('Cache-Control', 'no-store')
      .status(201)
      .json({ key: present(key), secret });
  });
  router.delete('/api/v1/admin/api-keys/:id', async (req, res) => {
    const admin = adminOf(res);
    const { id } = parse(idParams, req.params);
    res.json({ key: present(await revokeAdminKey(db, admin.tenantId, id, admin.actor)) });
  });
  return router;
}
