import type { Response } from 'express';
import { actorOf } from '../http/actor';
import { auditActor } from '../services/actor';

export { parse } from '../http/validate';

/** The launch actor of a request (for services) and its audit columns (for services that only record). */
export function who(res: Response) {
  const actor = actorOf(res);
  return { actor, audit: auditActor(actor) };
}

export function noStore(res: Response): Response {
  return res.setHeader('Cache-Control', 'no-store');
}
