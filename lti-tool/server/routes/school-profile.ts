import { Router, type Response } from 'express';
import {
  groupBody,
  groupCreatedReply,
  groupMembersBody,
  groupParams,
  principalBody,
  profilePatchBody,
  schoolProfile as profileSchema,
  schoolProfileReply,
  teamMemberBody,
  teamMemberParams,
} from '../../../shared/api/school-profile';
import { schoolParams } from '../../../shared/api/schools';
import type { Db } from '../db/client';
import { actorOf } from '../http/actor';
import { send } from '../http/reply';
import { requireSession } from '../http/session-auth';
import { parse } from '../http/validate';
import { schoolProfile, updateSchoolProfile } from '../services/schools/profile';
import { createGroup, deleteGroup, renameGroup, setGroupMembers } from '../services/schools/profile-groups';
import { addTeamMember, removeTeamMember, setPrincipal } from '../services/schools/profile-team';
import { launchScope } from '../services/schools/scope';

/**
 * The school profile: environment, shortlist, management team (principal marked) and 教研组 with their members. The
 * scope (and so the role) is settled before the input is read, as on the other school routes.
 */
export function schoolProfileRouter(db: Db): Router {
  const router = Router();
  const auth = requireSession(db);
  const scoped = (res: Response) => launchScope(db, actorOf(res));
  const base = '/api/v1/schools/:schoolId';

  router.get(`${base}/profile`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    send(res, profileSchema, await schoolProfile(db, scope, schoolId));
  });
  router.patch(`${base}/profile`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    const body = parse(profilePatchBody, req.body);
    send(res, schoolProfileReply, await updateSchoolProfile(db, scope, actorOf(res), schoolId, body));
  });
  router.post(`${base}/team`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    const body = parse(teamMemberBody, req.body);
    const result = await addTeamMember(db, scope, actorOf(res), schoolId, body);
    send(res, schoolProfileReply, result, result.changed ? 201 : 200);
  });
  router.delete(`${base}/team/:personId`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, personId } = parse(teamMemberParams, req.params);
    send(res, schoolProfileReply, await removeTeamMember(db, scope, actorOf(res), schoolId, personId));
  });
  router.put(`${base}/principal`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    const { personId } = parse(principalBody, req.body);
    send(res, schoolProfileReply, await setPrincipal(db, scope, actorOf(res), schoolId, personId));
  });
  router.post(`${base}/groups`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    const body = parse(groupBody, req.body);
    const result = await createGroup(db, scope, actorOf(res), schoolId, body);
    send(res, groupCreatedReply, result, result.changed ? 201 : 200);
  });
  router.patch(`${base}/groups/:groupId`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, groupId } = parse(groupParams, req.params);
    const body = parse(groupBody, req.body);
    send(res, schoolProfileReply, await renameGroup(db, scope, actorOf(res), schoolId, groupId, body));
  });
  router.delete(`${base}/groups/:groupId`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, groupId } = parse(groupParams, req.params);
    send(res, schoolProfileReply, await deleteGroup(db, scope, actorOf(res), schoolId, groupId));
  });
  router.put(`${base}/groups/:groupId/members`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId, groupId } = parse(groupParams, req.params);
    const { enrolmentIds } = parse(groupMembersBody, req.body);
    send(res, schoolProfileReply, await setGroupMembers(db, scope, actorOf(res), schoolId, groupId, enrolmentIds));
  });
  return router;
}
