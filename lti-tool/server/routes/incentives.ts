import { Router, type Response } from 'express';
import {
  confirmIncentivesBody,
  decideIncentivesReply,
  incentivesQuery,
  incentivesReply,
  withdrawIncentivesBody,
} from '../../../shared/api/incentives';
import { institutionsQuery, institutionsReply } from '../../../shared/api/institutions';
import type { Db } from '../db/client';
import { actorOf } from '../http/actor';
import { send } from '../http/reply';
import { requireSession } from '../http/session-auth';
import { parse } from '../http/validate';
import { confirmIncentives, withdrawIncentives } from '../services/incentives/decide';
import { incentivesOf } from '../services/incentives/list';
import { institutionPerformance } from '../services/schools/institutions';
import { launchScope } from '../services/schools/scope';

/**
 * The incentives a county grants (candidates from the engine's status rows for everyone who oversees schools, and
 * the county officer's confirmations) and the training institutions' performance. The scope (and so the role) is settled before the input is read.
 */
export function incentivesRouter(db: Db): Router {
  const router = Router();
  const auth = requireSession(db);
  const scoped = (res: Response) => launchScope(db, actorOf(res));

  router.get('/api/v1/incentives', auth, async (req, res) => {
    const scope = await scoped(res);
    send(res, incentivesReply, await incentivesOf(db, scope, parse(incentivesQuery, req.query)));
  });
  router.post('/api/v1/incentives/confirm', auth, async (req, res) => {
    const scope = await scoped(res);
    const body = parse(confirmIncentivesBody, req.body);
    send(res, decideIncentivesReply, await confirmIncentives(db, scope, actorOf(res), body));
  });
  router.post('/api/v1/incentives/withdraw', auth, async (req, res) => {
    const scope = await scoped(res);
    const body = parse(withdrawIncentivesBody, req.body);
    send(res, decideIncentivesReply, await withdrawIncentives(db, scope, actorOf(res), body));
  });
  router.get('/api/v1/institutions/performance', auth, async (req, res) => {
    const scope = await scoped(res);
    const { organisationId } = parse(institutionsQuery, req.query);
    send(res, institutionsReply, await institutionPerformance(db, scope, organisationId));
  });
  return router;
}
