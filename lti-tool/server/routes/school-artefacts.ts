import { Router, type Response } from 'express';
import {
  artefactParams,
  artefactQueueReply,
  artefactReply,
  artefactVersionBody,
  artefactVersionParams,
  openArtefactBody,
  returnArtefactBody,
  schoolArtefactsReply,
} from '../../../shared/api/school-artefacts';
import { schoolParams } from '../../../shared/api/schools';
import type { Db } from '../db/client';
import { actorOf } from '../http/actor';
import { filenameOf } from '../http/filename';
import { sendStoredFile } from '../http/stored-file';
import { send } from '../http/reply';
import { requireSession } from '../http/session-auth';
import { withUploadBody } from '../http/upload-body';
import { parse } from '../http/validate';
import {
  artefactFile,
  decideArtefact,
  openArtefact,
  schoolArtefactsOf,
  submitArtefact,
} from '../services/schools/artefacts';
import { artefactQueue } from '../services/schools/artefact-queue';
import { uploadArtefactVersion } from '../services/schools/artefact-versions';
import { launchScope } from '../services/schools/scope';
import type { BlobStore } from '../storage';

/**
 * School artefacts (plans): the school team uploads versions and submits one, the county approves or returns it.
 * The scope (and so the role) is settled before the input is read, as on the other school routes.
 */
export function schoolArtefactsRouter(deps: { db: Db; storage: BlobStore }): Router {
  const { db } = deps;
  const router = Router();
  const auth = requireSession(db);
  const scoped = (res: Response) => launchScope(db, actorOf(res));
  const base = '/api/v1/schools/:schoolId/artefacts';

  router.get('/api/v1/schools/artefacts/queue', auth, async (_req, res) => {
    send(res, artefactQueueReply, await artefactQueue(db, await scoped(res)));
  });
  router.get(`${base}`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    send(res, schoolArtefactsReply, await schoolArtefactsOf(db, scope, schoolId));
  });
  router.put(`${base}`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    const body = parse(openArtefactBody, req.body);
    send(res, artefactReply, await openArtefact(db, scope, actorOf(res), schoolId, body));
  });
  router.post(`${base}/:artefactId/versions`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, artefactId } = parse(artefactParams, req.params);
    const filename = filenameOf(req);
    const result = await withUploadBody(req, res, (body, declaredBytes) =>
      uploadArtefactVersion(db, deps.storage, scope, actorOf(res), {
        schoolId,
        artefactId,
        filename,
        body,
        declaredBytes,
      }),
    );
    send(res, artefactReply, result, result.changed ? 201 : 200);
  });
  router.post(`${base}/:artefactId/submit`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, artefactId } = parse(artefactParams, req.params);
    const { versionId } = parse(artefactVersionBody, req.body);
    send(res, artefactReply, await submitArtefact(db, scope, actorOf(res), schoolId, artefactId, versionId));
  });
  router.post(`${base}/:artefactId/approve`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, artefactId } = parse(artefactParams, req.params);
    const { versionId } = parse(artefactVersionBody, req.body);
    send(
      res,
      artefactReply,
      await decideArtefact(db, scope, actorOf(res), schoolId, artefactId, { versionId, approve: true }),
    );
  });
  router.post(`${base}/:artefactId/return`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, artefactId } = parse(artefactParams, req.params);
    const { versionId, reason } = parse(returnArtefactBody, req.body);
    send(
      res,
      artefactReply,
      await decideArtefact(db, scope, actorOf(res), schoolId, artefactId, { versionId, approve: false, reason }),
    );
  });
  router.get(`${base}/:artefactId/versions/:versionId/file`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, artefactId, versionId } = parse(artefactVersionParams, req.params);
    const file = await artefactFile(db, scope, schoolId, artefactId, versionId);
    await sendStoredFile(res, deps.storage, { storageKey: file.storageKey, mime: file.mime, name: file.originalName });
  });
  return router;
}
