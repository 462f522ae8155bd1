import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ERRORS, errorMessage, type ErrorBody, type ErrorCode } from '../../../shared/errors';
import { DomainError } from '../services/errors';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/availability';
import type { Logger } from '../logger';
import { requestLanguage } from './language';

/** The name the HTTP layer used before services raised DomainError; both are the same class. */
export { DomainError as AppError } from '../services/errors';

/** Express and body-parser signal their own failures with a `status`/`type`: map the ones users can cause. */
function fromFrameworkError(err: unknown): DomainError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: number; type?: string };
  if (e.type === 'entity.too.large' || e.status === 413) return new DomainError('payload_too_large');
  if (e.type === 'entity.parse.failed') return new DomainError('bad_request', { reason: 'malformed JSON' });
  // body-parser refuses charsets and encodings it cannot decode (e.g. `charset=latin1`): only UTF-8 is accepted.
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported' || e.status === 415) {
    return new DomainError('unsupported_media_type', { reason: 'send UTF-8 (charset=utf-8) without content encoding' });
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new DomainError('bad_request');
  return undefined;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new DomainError('not_found'));

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const unavailable = !(err instanceof DomainError) && isDatabaseUnavailable(err);
    const appError =
      err instanceof DomainError
        ? err
        : unavailable
          ? new DomainError('database_unavailable')
          : fromFrameworkError(err);
    const requestId = res.locals.requestId as string | undefined;
    if (unavailable) {
      // The database is restarting or unreachable: the client retries, the process keeps serving.
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      logger.warn('database unavailable', { requestId, method: req.method, path: req.path });
    } else if (!appError) {
      // Unknown errors get a safe generic body; the detail stays in the log.
      logger.error('unhandled error', { requestId, method: req.method, path: req.path, err });
    } else {
      // Every refusal with its code. The route pattern, not the path: some paths carry one-time codes.
      logger.info('request refused', {
        requestId,
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path,
        code: appError.code,
        status: ERRORS[appError.code].status,
      });
    }
    // A service's own limit (e.g. live pairing codes) says when to come back; HTTP clients read it from Retry-After.
    const retryAfter = (appError?.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (appError?.code === 'rate_limited' && typeof retryAfter === 'number' && !res.getHeader('Retry-After')) {
      res.setHeader('Retry-After', String(retryAfter));
    }
    const code: ErrorCode = appError?.code ?? 'internal';
    const lang = requestLanguage(req);
    const text = appError?.text;
    const message = text ? (lang === 'en' ? text.en : text.zh) : errorMessage(code, lang);
    const body: ErrorBody = { error: { code, message, requestId } };
    if (appError?.details !== undefined) body.error.details = appError.details;
    res.status(ERRORS[code].status).json(body);
  };
}
