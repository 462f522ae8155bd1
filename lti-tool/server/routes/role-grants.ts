import { Router } from 'express';
import { idParams } from '../../../shared/api/common';
import {
  createRoleGrantBody,
  createRoleGrantReply,
  roleGrantList,
  roleMappingsBody,
  roleMappingsReply,
  rosterImportBody,
  rosterImportReply,
} from '../../../shared/api/role-grants';
import type { Db } from '../db/client';
import { adminOf } from '../http/admin-auth';
import { send } from '../http/reply';
import { parse } from '../http/validate';
import { findPersonByEmail, grantRole, listGrants, revokeRole } from '../services/role-grants/grants';
import { listMappings, setMappings, tenantPlatform } from '../services/role-grants/mappings';
import { importRoster } from '../services/role-grants/roster';

/** Institution admins (behind requireAdmin) grant and revoke school team, county and city roles in their tenant. */
export function roleGrantsRouter(db: Db): Router {
  const router = Router();
  const by = (res: Parameters<typeof adminOf>[0]) => {
    const admin = adminOf(res);
    return { tenantId: admin.tenantId, actor: admin.actor };
  };

  router.get('/api/v1/admin/role-grants', async (_req, res) => {
    const { tenantId } = by(res);
    send(res, roleGrantList, { items: await listGrants(db, tenantId) });
  });
  router.post('/api/v1/admin/role-grants', async (req, res) => {
    const granter = by(res);
    const body = parse(createRoleGrantBody, req.body);
    const personId = body.personId ?? (await findPersonByEmail(db, granter.tenantId, body.email ?? ''));
    const result = await grantRole(db, granter, {
      personId,
      role: body.role,
      organisationId: body.organisationId,
      source: 'admin',
    });
    send(res, createRoleGrantReply, result, result.changed ? 201 : 200);
  });
  router.delete('/api/v1/admin/role-grants/:id', async (req, res) => {
    await revokeRole(db, by(res), parse(idParams, req.params).id);
    res.status(204).end();
  });
  router.post('/api/v1/admin/role-grants/import', async (req, res) => {
    const body = parse(rosterImportBody, req.body);
    send(res, rosterImportReply, await importRoster(db, by(res), body.csv, { dryRun: body.dryRun }));
  });
  router.get('/api/v1/admin/platforms/:id/role-mappings', async (req, res) => {
    const { tenantId } = by(res);
    const platformId = await tenantPlatform(db, tenantId, parse(idParams, req.params).id);
    send(res, roleMappingsReply, { mappings: await listMappings(db, tenantId, platformId) });
  });
  router.put('/api/v1/admin/platforms/:id/role-mappings', async (req, res) => {
    const granter = by(res);
    const platformId = await tenantPlatform(db, granter.tenantId, parse(idParams, req.params).id);
    const body = parse(roleMappingsBody, req.body);
    await setMappings(db, granter, platformId, body.mappings);
    send(res, roleMappingsReply, { mappings: await listMappings(db, granter.tenantId, platformId) });
  });
  return router;
}
