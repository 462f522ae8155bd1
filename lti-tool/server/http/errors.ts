import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ERRORS, errorMessage, type ErrorBody, type ErrorCode } from '../../../shared/errors';
import { DomainError } from '../services/errors';
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
  if (e.status === 400) return new DomainError('bad_request');
  return undefined;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new DomainError('not_found'));

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const appError = err instanceof DomainError ? err : fromFrameworkError(err);
    const requestId = res.locals.requestId as string | undefined;
    if (!appError) {
      // Unknown errors get a safe generic body; the detail stays in the log.
      logger.error('unhandled error', { requestId, method: req.method, path: req.path, err });
    }
    const code: ErrorCode = appError?.code ?? 'internal';
    const body: ErrorBody = {
      error: { code, message: errorMessage(code, requestLanguage(req)), requestId },
    };
    if (appError?.details !== undefined) body.error.details = appError.details;
    res.status(ERRORS[code].status).json(body);
  };
}
