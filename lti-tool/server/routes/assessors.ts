import { Router } from 'express';
import {
  assessorGrantBody,
  assessorGrantReply,
  assessorGrantsReply,
  peopleQuery,
  peopleReply,
} from '../../../shared/api/assessors';
import { idParams } from '../../../shared/api/common';
import type { Db } from '../db/client';
import { adminOf } from '../http/admin-auth';
import { send } from '../http/reply';
import { parse } from '../http/validate';
import { DomainError } from '../services/errors';
import { grantAssessor, listAssessorGrants, revokeAssessor, searchPeople } from '../services/assessor-grants';

/** Assessor grants of the administrator's tenant, and the people to grant to. Behind requireAdmin. */
export function assessorsRouter(db: Db): Router {
  const router = Router();
  router.get('/api/v1/admin/assessors', async (_req, res) => {
    const admin = adminOf(res);
    send(res, assessorGrantsReply, { grants: await listAssessorGrants(db, admin.tenantId) });
  });
  router.get('/api/v1/admin/people', async (req, res) => {
    const admin = adminOf(res);
    const { q } = parse(peopleQuery, req.query);
    send(res, peopleReply, { people: await searchPeople(db, admin.tenantId, q) });
  });
  router.post('/api/v1/admin/assessors', async (req, res) => {
    const admin = adminOf(res);
    const body = parse(assessorGrantBody, req.body ?? {});
    const result = await grantAssessor(db, admin.tenantId, body, admin.actor);
    send(res, assessorGrantReply, result, result.created ? 201 : 200);
  });
  router.delete('/api/v1/admin/assessors/:id', async (req, res) => {
    const admin = adminOf(res);
    const id = idParams.safeParse(req.params);
    if (!id.success) throw new DomainError('not_found');
    await revokeAssessor(db, admin.tenantId, id.data.id, admin.actor);
    res.status(204).end();
  });
  return router;
}
