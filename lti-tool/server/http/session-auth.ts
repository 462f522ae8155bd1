import type { RequestHandler } from 'express';
import type { Db } from '../db/client';
import { findSession, type AppSession } from '../services/sessions';
import { AppError } from './errors';

/** API routes authenticate with the launch session's bearer token, never with cookies or URL parameters. */
export function requireSession(db: Db): RequestHandler {
  return async (req, res, next) => {
    // Already authenticated by the admin guard (requireAdmin) in front of /api/v1/admin; an admin key has no
    // session, and sessionOf() refuses it on routes that need one.
    if (res.locals.session || res.locals.admin) return next();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const session = match?.[1] ? await findSession(db, match[1]) : undefined;
    if (!session) return next(new AppError('unauthenticated'));
    res.locals.session = session;
    next();
  };
}

export function sessionOf(res: { locals: Record<string, unknown> }): AppSession {
  const session = res.locals.session as AppSession | undefined;
  if (!session && res.locals.admin) throw new AppError('forbidden', { reason: 'launch_session_required' });
  if (!session) throw new AppError('unauthenticated');
  return session;
}
