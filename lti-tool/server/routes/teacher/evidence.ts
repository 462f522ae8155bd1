import { Router } from 'express';
import type { Db } from '../../db/client';
import { requireSession } from '../../http/session-auth';
import { requireEnrolment } from '../../services/teacher-journey/enrolment';
import { removeItem, saveItem } from '../../services/teacher-journey/evidence';
import { submitEvidence } from '../../services/teacher-journey/submit';
import { uploadEvidenceFile } from '../../services/teacher-journey/upload';
import type { BlobStore } from '../../storage';
import { parse, who } from '../edge';
import { version } from '../../../../shared/api';
import {
  abilityParams,
  itemBody,
  itemParams,
  itemRemovedReply,
  itemSavedReply,
  optionalVersionBody,
  submitReply,
  versionBody,
} from '../../../../shared/api/teacher';
import { send } from '../../http/reply';
import { filenameOf } from '../../http/filename';
import { withUploadBody } from '../../http/upload-body';

/** Draft evidence: text and link items as JSON, files as a raw streamed body, then submission. */
export function evidenceRouter(deps: { db: Db; storage: BlobStore; maxUploadBytes: number }): Router {
  const { db } = deps;
  const router = Router();
  const base = '/api/v1/me/abilities/:code';

  router.put(`${base}/items/:slotId`, requireSession(db), async (req, res) => {
    const { actor, audit } = who(res);
    const enrolled = await requireEnrolment(db, actor);
    const { code, slotId } = parse(itemParams, req.params);
    const body = parse(itemBody, req.body);
    const content =
      'text' in body ? { kind: 'text' as const, text: body.text } : { kind: 'link' as const, url: body.url };
    send(
      res,
      itemSavedReply,
      await saveItem(db, enrolled, { abilityCode: code, slotId, version: body.version, content }, audit),
    );
  });

  router.delete(`${base}/items/:slotId`, requireSession(db), async (req, res) => {
    const { actor, audit } = who(res);
    const enrolled = await requireEnrolment(db, actor);
    const { code, slotId } = parse(itemParams, req.params);
    const body = parse(optionalVersionBody, req.body);
    send(
      res,
      itemRemovedReply,
      await removeItem(db, enrolled, { abilityCode: code, slotId, version: body?.version }, audit),
    );
  });

  router.post(`${base}/items/:slotId/file`, requireSession(db), async (req, res) => {
    const { actor, audit } = who(res);
    const enrolled = await requireEnrolment(db, actor);
    const { code, slotId } = parse(itemParams, req.params);
    const filename = filenameOf(req);
    const expected = req.get('x-submission-version');
    const result = await withUploadBody(req, res, (body, declaredBytes) =>
      uploadEvidenceFile(
        db,
        deps.storage,
        enrolled,
        {
          abilityCode: code,
          slotId,
          filename,
          body,
          declaredBytes,
          version: expected === undefined ? undefined : parse(version, Number(expected)),
        },
        audit,
        deps.maxUploadBytes,
      ),
    );
    send(res, itemSavedReply, result, 201);
  });

  router.post(`${base}/submit`, requireSession(db), async (req, res) => {
    const { actor, audit } = who(res);
    const enrolled = await requireEnrolment(db, actor);
    const { code } = parse(abilityParams, req.params);
    const body = parse(versionBody, req.body);
    send(res, submitReply, await submitEvidence(db, enrolled, { abilityCode: code, version: body.version }, audit));
  });
  return router;
}
