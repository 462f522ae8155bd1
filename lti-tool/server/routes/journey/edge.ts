import type { Response } from 'express';
import type { z } from 'zod';
import { parseWithIssues } from '../../../../shared/i18n';
import { AppError } from '../../http/errors';
import { sessionOf } from '../../http/session-auth';
import { webActor } from '../../services/teacher-journey/course-link';

/** zod at the edge: a refusal lists each invalid field in Chinese and English. */
export function parse<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const outcome = parseWithIssues(schema, data);
  if (!outcome.ok) throw new AppError('validation_failed', { issues: outcome.issues });
  return outcome.data;
}

/** The session and the audit actor of a request. */
export function who(res: Response) {
  const session = sessionOf(res);
  return { session, actor: webActor(session, res.locals.requestId as string | undefined) };
}

export function noStore(res: Response): Response {
  return res.setHeader('Cache-Control', 'no-store');
}
