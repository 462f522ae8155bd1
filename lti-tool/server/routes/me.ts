import { Router } from 'express';
import { meReply } from '../../../shared/api/me';
import type { Db } from '../db/client';
import { send } from '../http/reply';
import { requireSession, sessionOf } from '../http/session-auth';
import { personCard } from '../services/people';

/** Who the app is talking to: the person, tool roles and launch context of the current session. */
export function meRouter(db: Db): Router {
  const router = Router();
  router.get('/api/v1/me', requireSession(db), async (_req, res) => {
    const session = sessionOf(res);
    send(res, meReply, {
      person: session.person ?? (await personCard(db, session.personId)),
      roles: session.toolRoles,
      locale: session.locale,
      context: { title: session.launch.contextTitle ?? null },
      resourceLink: { title: session.launch.resourceLinkTitle ?? null, custom: session.launch.custom },
      expiresAt: session.expiresAt,
    });
  });
  return router;
}
