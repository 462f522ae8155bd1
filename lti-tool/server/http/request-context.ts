import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../logger';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (kept from a trusted proxy's header when well-formed) for logs and error bodies. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
};

/**
 * Baseline headers for every response. Pages that the LMS frames (LTI launches, the app) set their own
 * per-platform `frame-ancestors`; everything else may not be framed at all.
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  next();
};

/** Every request gets a logger bound to its id, so each line a route writes names the request it belongs to. */
export function requestLogger(logger: Logger): RequestHandler {
  return (_req, res, next) => {
    res.locals.log = logger.child({ requestId: res.locals.requestId as string });
    next();
  };
}

/**
 * requestId, requestLogger and securityHeaders as one middleware, which is what app.ts mounts: the same work, one
 * layer of the router instead of three on every request (issue 14: three requests a launch).
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.locals.log = logger.child({ requestId: id });
    res.setHeader('X-Request-Id', id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    next();
  };
}

/** The request's logger (requestLogger runs first in app.ts). */
export function logOf(res: Response): Logger {
  return res.locals.log as Logger;
}
