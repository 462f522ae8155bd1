import { Router } from 'express';
import type { Db } from '../db/client';
import { requireSession } from '../http/session-auth';
import { batchPass } from '../services/review/batch';
import { countyReview } from '../services/review/county';
import { reviewDetail } from '../services/review/detail';
import { gradeSubmission, returnSubmission } from '../services/review/grading';
import { reviewFilters } from '../services/review/filters';
import { reviewQueue } from '../services/review/queue';
import { reviewScope } from '../services/review/scope';
import { parse, who } from './edge';
import { idParams } from '../../../shared/api';
import {
  batchBody,
  batchReply,
  countyBody,
  countyReply,
  filtersReply,
  gradeBody,
  gradeReply,
  queueQuery,
  queueReply,
  returnBody,
  reviewDetailReply,
  transitionReply,
} from '../../../shared/api/review';
import { send } from '../http/reply';

/** The assessor's side: queue, one submission, grades, returns, batch 合格, county spot check. */
export function reviewRouter(db: Db): Router {
  const router = Router();
  const auth = requireSession(db);
  // Scope (and so the role) is settled before the input is read: a teacher gets 403, not a validation error.
  const scoped = async (res: Parameters<typeof who>[0]) => {
    const { actor, audit } = who(res);
    return { scope: await reviewScope(db, actor), actor: audit };
  };

  router.get('/api/v1/review/queue', auth, async (req, res) => {
    const { scope } = await scoped(res);
    send(res, queueReply, await reviewQueue(db, scope, parse(queueQuery, req.query)));
  });
  router.get('/api/v1/review/filters', auth, async (_req, res) => {
    const { scope } = await scoped(res);
    send(res, filtersReply, await reviewFilters(db, scope));
  });
  router.get('/api/v1/review/submissions/:id', auth, async (req, res) => {
    const { scope } = await scoped(res);
    send(res, reviewDetailReply, await reviewDetail(db, scope, parse(idParams, req.params).id));
  });
  router.post('/api/v1/review/submissions/:id/grades', auth, async (req, res) => {
    const { scope, actor } = await scoped(res);
    const { id } = parse(idParams, req.params);
    send(res, gradeReply, await gradeSubmission(db, scope, id, parse(gradeBody, req.body), actor));
  });
  router.post('/api/v1/review/submissions/:id/return', auth, async (req, res) => {
    const { scope, actor } = await scoped(res);
    const { id } = parse(idParams, req.params);
    send(res, transitionReply, await returnSubmission(db, scope, id, parse(returnBody, req.body), actor));
  });
  router.post('/api/v1/review/submissions/:id/county-review', auth, async (req, res) => {
    const { scope, actor } = await scoped(res);
    const { id } = parse(idParams, req.params);
    send(res, countyReply, await countyReview(db, scope, id, parse(countyBody, req.body), actor));
  });
  router.post('/api/v1/review/batch', auth, async (req, res) => {
    const { scope, actor } = await scoped(res);
    send(res, batchReply, await batchPass(db, scope, parse(batchBody, req.body), actor));
  });
  return router;
}
