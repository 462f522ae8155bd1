import { Router, type Response } from 'express';
import {
  activityBody,
  activityFileParams,
  activityFileQuery,
  activityParams,
  activityPatchBody,
  activityReply,
  attendanceBody,
  schoolActivitiesReply,
} from '../../../shared/api/school-activities';
import { schoolParams } from '../../../shared/api/schools';
import type { Db } from '../db/client';
import { actorOf } from '../http/actor';
import { filenameOf } from '../http/filename';
import { sendStoredFile } from '../http/stored-file';
import { send } from '../http/reply';
import { requireSession } from '../http/session-auth';
import { withUploadBody } from '../http/upload-body';
import { parse } from '../http/validate';
import { createActivity, schoolActivitiesOf, setAttendance, updateActivity } from '../services/schools/activities';
import { activityFileOf, removeActivityFile, uploadActivityFile } from '../services/schools/activity-files';
import { launchScope } from '../services/schools/scope';
import type { BlobStore } from '../storage';

/**
 * 校本研修活动: the school team records activities, attendance, minutes and photos; everyone in scope reads. The scope
 * (and so the role) is settled before the input is read, as on the other school routes.
 */
export function schoolActivitiesRouter(deps: { db: Db; storage: BlobStore }): Router {
  const { db } = deps;
  const router = Router();
  const auth = requireSession(db);
  const scoped = (res: Response) => launchScope(db, actorOf(res));
  const base = '/api/v1/schools/:schoolId/activities';

  router.get(`${base}`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    send(res, schoolActivitiesReply, await schoolActivitiesOf(db, scope, schoolId));
  });
  router.post(`${base}`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    const body = parse(activityBody, req.body);
    const result = await createActivity(db, scope, actorOf(res), schoolId, body);
    send(res, activityReply, result, result.changed ? 201 : 200);
  });
  router.patch(`${base}/:activityId`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, activityId } = parse(activityParams, req.params);
    const body = parse(activityPatchBody, req.body);
    send(res, activityReply, await updateActivity(db, scope, actorOf(res), schoolId, activityId, body));
  });
  router.put(`${base}/:activityId/attendance`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, activityId } = parse(activityParams, req.params);
    const { enrolmentIds } = parse(attendanceBody, req.body);
    send(res, activityReply, await setAttendance(db, scope, actorOf(res), schoolId, activityId, enrolmentIds));
  });
  router.post(`${base}/:activityId/files`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, activityId } = parse(activityParams, req.params);
    const { kind } = parse(activityFileQuery, req.query);
    const filename = filenameOf(req);
    const result = await withUploadBody(req, res, (body, declaredBytes) =>
      uploadActivityFile(db, deps.storage, scope, actorOf(res), {
        schoolId,
        activityId,
        kind,
        filename,
        body,
        declaredBytes,
      }),
    );
    send(res, activityReply, result, result.changed ? 201 : 200);
  });
  router.delete(`${base}/:activityId/files/:fileId`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, activityId, fileId } = parse(activityFileParams, req.params);
    send(res, activityReply, await removeActivityFile(db, scope, actorOf(res), schoolId, activityId, fileId));
  });
  router.get(`${base}/:activityId/files/:fileId`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, activityId, fileId } = parse(activityFileParams, req.params);
    const file = await activityFileOf(db, scope, schoolId, activityId, fileId);
    await sendStoredFile(res, deps.storage, { storageKey: file.storageKey, mime: file.mime, name: file.originalName });
  });
  return router;
}
