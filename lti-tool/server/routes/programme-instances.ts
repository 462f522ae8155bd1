import { Router } from 'express';
import { idParams } from '../../../shared/api/common';
import {
  programmeInstanceBody,
  programmeInstancePatch,
  programmeInstanceReply,
  programmeInstancesReply,
} from '../../../shared/api/programme-instances';
import type { Db } from '../db/client';
import { adminOf } from '../http/admin-auth';
import { send } from '../http/reply';
import { parse } from '../http/validate';
import { DomainError } from '../services/errors';
import {
  createProgrammeInstance,
  listProgrammeInstances,
  updateProgrammeInstance,
} from '../services/programme-instances';

/** Programme instances of the administrator's tenant: list (with definitions and regions), create, change. */
export function programmeInstancesRouter(db: Db): Router {
  const router = Router();
  router.get('/api/v1/admin/programme-instances', async (_req, res) => {
    const admin = adminOf(res);
    send(res, programmeInstancesReply, await listProgrammeInstances(db, admin.tenantId));
  });
  router.post('/api/v1/admin/programme-instances', async (req, res) => {
    const admin = adminOf(res);
    const body = parse(programmeInstanceBody, req.body ?? {});
    const instance = await createProgrammeInstance(db, admin.tenantId, body, admin.actor);
    send(res, programmeInstanceReply, { instance }, 201);
  });
  router.patch('/api/v1/admin/programme-instances/:id', async (req, res) => {
    const admin = adminOf(res);
    const id = idParams.safeParse(req.params);
    if (!id.success) throw new DomainError('not_found');
    const patch = parse(programmeInstancePatch, req.body ?? {});
    const instance = await updateProgrammeInstance(db, admin.tenantId, id.data.id, patch, admin.actor);
    send(res, programmeInstanceReply, { instance });
  });
  return router;
}
