import { Router } from 'express';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { people } from '../db/schema';
import { requireSession, sessionOf } from '../http/session-auth';

/** Who the app is talking to: the person, tool roles and launch context of the current session. */
export function meRouter(db: Db): Router {
  const router = Router();
  router.get('/api/v1/me', requireSession(db), async (_req, res) => {
    const session = sessionOf(res);
    const [person] = await db
      .select({ id: people.id, displayName: people.displayName, email: people.email })
      .from(people)
      .where(eq(people.id, session.personId));
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      person,
      roles: session.toolRoles,
      locale: session.locale,
      context: { title: session.launch.contextTitle ?? null },
      resourceLink: { title: session.launch.resourceLinkTitle ?? null, custom: session.launch.custom },
      expiresAt: session.expiresAt.toISOString(),
    });
  });
  return router;
}
