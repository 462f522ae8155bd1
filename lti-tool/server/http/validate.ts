import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { parseWithIssues } from '../../../shared/i18n';
import { DomainError } from '../services/errors';

/**
 * zod at the edge, with one 422 body for every endpoint: `{ error: { code: 'validation_failed', details: { issues } } }`,
 * each issue naming the field path and a message in Chinese and English.
 */
export function parse<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const outcome = parseWithIssues(schema, data);
  if (!outcome.ok) throw new DomainError('validation_failed', { issues: outcome.issues });
  return outcome.data;
}

interface Parts {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}
type Parsed<P extends Parts> = { [K in keyof P]: P[K] extends z.ZodType ? z.output<P[K]> : never };

/**
 * Middleware form: validates the named parts and keeps the results in `res.locals.input` (Express 5's `req.query`
 * is read-only). Read them back, typed, with `input(res, parts)`.
 */
export function validate<P extends Parts>(parts: P): RequestHandler {
  return (req, res, next) => {
    const input: Record<string, unknown> = {};
    for (const key of ['params', 'query', 'body'] as const) {
      const schema = parts[key];
      if (schema) input[key] = parse(schema, req[key]);
    }
    res.locals.input = input;
    next();
  };
}

export function input<P extends Parts>(res: { locals: Record<string, unknown> }, _parts: P): Parsed<P> {
  return res.locals.input as Parsed<P>;
}
