import type { Response } from 'express';
import type { Actor } from '../services/actor';
import type { AppSession } from '../services/sessions';
import { sessionOf } from './session-auth';

/** The actor of a launch session: the person, their tool roles and the request id for the audit log. */
export function sessionActor(session: AppSession, requestId: string | undefined): Actor {
  return {
    tenantId: session.tenantId,
    personId: session.personId,
    roles: session.toolRoles,
    label: `lti:${session.launch.userId}`,
    client: 'web',
    requestId: requestId ?? null,
  };
}

/** The actor of the current request (after requireSession). */
export function actorOf(res: Response): Actor {
  return sessionActor(sessionOf(res), res.locals.requestId as string | undefined);
}
