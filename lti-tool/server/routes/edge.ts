import type { Response } from 'express';
import { sessionOf } from '../http/session-auth';
import { webActor } from '../services/teacher-journey/course-link';

export { parse } from '../http/validate';

/** The session and the audit actor of a request. */
export function who(res: Response) {
  const session = sessionOf(res);
  return { session, actor: webActor(session, res.locals.requestId as string | undefined) };
}

export function noStore(res: Response): Response {
  return res.setHeader('Cache-Control', 'no-store');
}
