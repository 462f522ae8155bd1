import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import {
  receiveStatements,
  xapiBatchSchema,
  XAPI_VERSION,
  type StatementOutcome,
  type XapiStatement,
} from '../../services/completions/feeds/xapi';
import { logOf } from '../../http/request-context';
import type { CompletionSource } from '../../services/completions/sources';
import { requireXapiSource, sourceOf } from './auth';

/** Ids and counts per outcome only: statements carry the teacher's e-mail, which stays out of the log. */
function logStatements(res: Response, source: CompletionSource, outcomes: StatementOutcome[]) {
  const counts: Partial<Record<StatementOutcome['outcome'], number>> = {};
  for (const o of outcomes) counts[o.outcome] = (counts[o.outcome] ?? 0) + 1;
  const fields = { tenantId: source.tenantId, sourceId: source.id, received: outcomes.length, ...counts };
  if (counts.rejected) logOf(res).warn('xapi statements', fields);
  else logOf(res).info('xapi statements', fields);
}

const RESPONSE_VERSION = '1.0.3';

function versionHeader(req: Request, res: Response, next: NextFunction) {
  res.setHeader('X-Experience-API-Version', RESPONSE_VERSION);
  const version = req.get('x-experience-api-version');
  if (!version || !XAPI_VERSION.test(version.trim())) return next(new AppError('xapi_version_required'));
  next();
}

function parseStatements(body: unknown): XapiStatement[] {
  const result = xapiBatchSchema.safeParse(body);
  if (!result.success) {
    throw new AppError(
      'validation_failed',
      result.error.issues.slice(0, 50).map((i) => ({ field: i.path.join('.'), problem: i.message })),
    );
  }
  return Array.isArray(result.data) ? result.data : [result.data];
}

/**
 * A write-only xAPI statement endpoint for LMS plugins (the `/statements` resource of an LRS, xAPI 1.0.3):
 * `POST /xapi/statements` with one statement or an array answers the statement ids; `PUT /xapi/statements?
 * statementId=…` stores one statement under that id (204). HTTP Basic with the source's credential id and secret.
 * JSON bodies are limited by the app's JSON parser (1 MB, 413 above), arrays to 1,000 statements.
 */
export function xapiRouter(db: Db): Router {
  const router = Router();
  const auth = requireXapiSource(db);

  router.get('/xapi/about', (_req, res) => {
    res.setHeader('X-Experience-API-Version', RESPONSE_VERSION);
    res.json({ version: ['1.0.3', '1.0.2', '1.0.1', '1.0.0'] });
  });

  router.post('/xapi/statements', versionHeader, auth, async (req, res) => {
    if (!req.is('application/json')) throw new AppError('unsupported_media_type');
    const source = sourceOf(res);
    const statements = parseStatements(req.body);
    const outcomes = await receiveStatements(db, {
      source,
      statements,
      actor: { actorLabel: `xapi:${source.name}`, client: 'api', requestId: res.locals.requestId as string },
    });
    logStatements(res, source, outcomes);
    res.json(outcomes.map((o) => o.id));
  });

  router.put('/xapi/statements', versionHeader, auth, async (req, res) => {
    if (!req.is('application/json')) throw new AppError('unsupported_media_type');
    const source = sourceOf(res);
    const statementId = z.uuid().safeParse(req.query.statementId);
    if (!statementId.success) throw new AppError('bad_request', { field: 'statementId' });
    const [statement] = parseStatements(req.body);
    if (Array.isArray(req.body) || (statement!.id !== undefined && statement!.id !== statementId.data)) {
      throw new AppError('bad_request', { field: 'id', problem: 'must match statementId' });
    }
    const outcomes = await receiveStatements(db, {
      source,
      statements: [{ ...statement!, id: statementId.data }],
      actor: { actorLabel: `xapi:${source.name}`, client: 'api', requestId: res.locals.requestId as string },
    });
    logStatements(res, source, outcomes);
    res.status(204).end();
  });

  return router;
}
