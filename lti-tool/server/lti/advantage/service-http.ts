import type { EgressPolicy } from '../../net/address-policy';
import { safeFetch, type SafeResponse } from '../../net/safe-fetch';
import type { SigningKey } from '../tool-keys';
import type { ServiceTokenClient, TokenEndpoint } from './service-token';

/** Everything an LTI Advantage service call needs about one platform registration. */
export interface ServiceContext {
  endpoint: TokenEndpoint;
  key: SigningKey;
  tokens: ServiceTokenClient;
  policy: EgressPolicy;
}

/** `{base}/scores` for `…/lineitem?type_id=1` is `…/lineitem/scores?type_id=1` (AGS §3.4; Moodle keeps the query). */
export function appendPath(url: string, segment: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${segment}`;
  return u.toString();
}

/**
 * The `rel="next"` target of a Link header, if any. Besides RFC 8288's form this accepts what Moodle's source
 * builds: `rel=“next”` with typographic quotes and `&amp;` inside the URL.
 */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /<([^>]+)>\s*;\s*rel\s*=\s*["“”']?([^"“”';]+)["“”']?/i.exec(part.trim());
    if (match?.[1] && match[2]?.trim().split(/\s+/).includes('next')) return match[1].replace(/&amp;/g, '&');
  }
  return undefined;
}

/**
 * A bearer-authenticated call with one retry on 401: the cached token may have been revoked or expired early.
 */
export async function serviceCall(
  ctx: ServiceContext,
  scopes: readonly string[],
  url: string,
  init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; accept: string; contentType?: string; body?: string },
): Promise<SafeResponse> {
  for (let attempt = 0; ; attempt++) {
    const token = await ctx.tokens.get(ctx.endpoint, ctx.key, scopes);
    const headers: Record<string, string> = { authorization: `Bearer ${token.accessToken}`, accept: init.accept };
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await safeFetch(url, {
      policy: ctx.policy,
      method: init.method ?? 'GET',
      headers,
      body: init.body,
      maxBytes: 5_000_000,
      timeoutMs: 15_000,
    });
    if (response.status === 401 && attempt === 0) {
      ctx.tokens.invalidate(ctx.endpoint, scopes);
      continue;
    }
    return response;
  }
}

export function parseJson<T>(response: SafeResponse, what: string): T {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    throw new Error(`${what}: the platform's answer (${response.status}) is not JSON`);
  }
}
