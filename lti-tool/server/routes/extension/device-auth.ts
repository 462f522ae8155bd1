import type { RequestHandler, Response } from 'express';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { countHit, type RateLimiter } from '../../http/rate-limit';
import { deviceOfAccessToken } from '../../services/extension/device-session';
import type { DeviceRow } from '../../services/extension/refresh';
import type { AccessTokenSigner } from '../../services/extension/signing';

/**
 * Extension API calls carry the access token in `Authorization: Bearer`, never in a URL or a cookie. Each call counts
 * against the device's platform user (never the address: a school's browsers share one), so a clip burst from one
 * teacher cannot crowd out the others.
 */
export function requireDevice(
  db: Db,
  signer: AccessTokenSigner,
  limit: { limiter: RateLimiter; perMinute: number },
): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const device = match?.[1] ? await deviceOfAccessToken(db, signer, match[1]) : undefined;
    if (!device) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      return next(new AppError('invalid_token'));
    }
    res.locals.device = device;
    next(await countHit(limit.limiter, res, `ext:user:${device.platformId}:${device.launchUserId}`, limit.perMinute));
  };
}

export function deviceOf(res: Response): DeviceRow {
  const device = res.locals.device as DeviceRow | undefined;
  if (!device) throw new AppError('invalid_token');
  return device;
}
