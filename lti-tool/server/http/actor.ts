import type { Response } from 'express';
import type { LaunchActor } from '../services/actor';
import type { AppSession } from '../services/sessions';
import { sessionOf } from './session-auth';

/** The actor of a launch session: the person, their tool roles, the course they launched from and the request id. */
export function sessionActor(session: AppSession, requestId: string | undefined): LaunchActor {
  return {
    tenantId: session.tenantId,
    personId: session.personId,
    roles: session.toolRoles,
    label: `lti:${session.launch.userId}`,
    client: 'web',
    requestId: requestId ?? null,
    launch: {
      platformId: session.platformId,
      deploymentId: session.deploymentId,
      contextId: session.contextId,
      resourceLinkId: session.resourceLinkId,
      userId: session.launch.userId,
      custom: session.launch.custom,
      at: session.createdAt,
    },
  };
}

/** The actor of the current request (after requireSession). */
export function actorOf(res: Response): LaunchActor {
  return sessionActor(sessionOf(res), res.locals.requestId as string | undefined);
}
