import type { RequestHandler, Response } from 'express';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { authenticateSource, type CompletionSource } from '../../services/completions/sources';

/** `Authorization: Bearer <credential id>.<secret>` of an API source. */
export function requireApiSource(db: Db): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer\s+(cs_[A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i.exec(req.get('authorization') ?? '');
    const source = match ? await authenticateSource(db, 'api', match[1]!, match[2]!) : undefined;
    if (!source) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="completions"');
      return next(new AppError('invalid_credentials'));
    }
    res.locals.completionSource = source;
    next();
  };
}

/** HTTP Basic with an xAPI source's credential id as user name and its secret as password. */
export function requireXapiSource(db: Db): RequestHandler {
  return async (req, res, next) => {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.get('authorization') ?? '');
    let source: CompletionSource | undefined;
    if (match) {
      const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) source = await authenticateSource(db, 'xapi', decoded.slice(0, colon), decoded.slice(colon + 1));
    }
    if (!source) {
      res.setHeader('WWW-Authenticate', 'Basic realm="xapi"');
      return next(new AppError('invalid_credentials'));
    }
    res.locals.completionSource = source;
    next();
  };
}

export function sourceOf(res: Response): CompletionSource {
  const source = res.locals.completionSource as CompletionSource | undefined;
  if (!source) throw new AppError('invalid_credentials');
  return source;
}
