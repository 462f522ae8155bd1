import type { Request, Response } from 'express';

/**
 * Cookies that must survive inside the LMS iframe. On https they are `__Host-` prefixed, `SameSite=None; Secure;
 * Partitioned` (CHIPS: accepted in a third-party iframe by Chrome, Firefox and Safari 18.4+). On plain-http local
 * setups (tool and LMS on localhost) the request is same-site, so `SameSite=Lax` without Secure works.
 */
export interface CookiePolicy {
  secure: boolean;
}

export function cookieName(policy: CookiePolicy, base: string): string {
  return policy.secure ? `__Host-${base}` : base;
}

export function setFrameCookie(
  res: Response,
  policy: CookiePolicy,
  base: string,
  value: string,
  options: { maxAgeSeconds: number; httpOnly: boolean },
): void {
  const parts = [
    `${cookieName(policy, base)}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${options.maxAgeSeconds}`,
  ];
  if (options.httpOnly) parts.push('HttpOnly');
  parts.push(...(policy.secure ? ['Secure', 'SameSite=None', 'Partitioned'] : ['SameSite=Lax']));
  res.append('Set-Cookie', parts.join('; '));
}

export function clearFrameCookie(res: Response, policy: CookiePolicy, base: string): void {
  setFrameCookie(res, policy, base, '', { maxAgeSeconds: 0, httpOnly: true });
}

export function readCookie(req: Request, policy: CookiePolicy, base: string): string | undefined {
  const wanted = cookieName(policy, base);
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === wanted) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
