import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress, type EgressPolicy } from './address-policy';

export class EgressError extends Error {
  constructor(
    readonly reason: 'scheme' | 'private_address' | 'dns' | 'redirects' | 'too_large' | 'timeout' | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'EgressError';
  }
}

export interface SafeFetchOptions {
  policy: EgressPolicy;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export interface SafeResponse {
  status: number;
  headers: Headers;
  url: string;
  text: string;
}

async function assertAllowed(url: URL, policy: EgressPolicy): Promise<void> {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new EgressError('scheme', `scheme ${url.protocol} not allowed`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy.allowedPrivateHosts.has(host)) return;
  const addresses = isIP(host) ? [host] : await resolveAll(host);
  // Every address must be public: a name that resolves to one public and one private address is refused.
  const bad = addresses.find((a) => !isPublicAddress(a));
  if (bad) throw new EgressError('private_address', `${host} resolves to a non-public address`);
}

async function resolveAll(host: string): Promise<string[]> {
  try {
    const results = await lookup(host, { all: true, verbatim: true });
    if (results.length === 0) throw new Error('no addresses');
    return results.map((r) => r.address);
  } catch (err) {
    throw new EgressError('dns', `cannot resolve ${host}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new EgressError('too_large', `response of ${declared} bytes`);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new EgressError('too_large', `response over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * fetch() for URLs that came from outside (platform registrations, dynamic registration): checks the scheme and
 * resolved addresses before each hop, follows at most a few redirects itself (re-checking each), and caps time and
 * size. DNS can change between the check and the connection; the check still stops configured-URL attacks, and
 * deployments that need more put an egress proxy in front.
 */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const { policy, timeoutMs = 5_000, maxBytes = 1_000_000, maxRedirects = 3 } = options;
  let url = new URL(rawUrl);
  const signal = AbortSignal.timeout(timeoutMs);
  let method = options.method ?? 'GET';
  let body = options.body;
  for (let hop = 0; ; hop++) {
    await assertAllowed(url, policy);
    let response: Response;
    try {
      response = await fetch(url, { method, headers: options.headers, body, redirect: 'manual', signal });
    } catch (err) {
      if (signal.aborted) throw new EgressError('timeout', `no answer from ${url.host} within ${timeoutMs} ms`);
      throw new EgressError('network', `${url.host}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      if (hop >= maxRedirects) throw new EgressError('redirects', 'too many redirects');
      await response.body?.cancel();
      url = new URL(location, url);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      continue;
    }
    try {
      return {
        status: response.status,
        headers: response.headers,
        url: url.toString(),
        text: await readCapped(response, maxBytes),
      };
    } catch (err) {
      if (err instanceof EgressError) throw err;
      if (signal.aborted) throw new EgressError('timeout', `no answer from ${url.host} within ${timeoutMs} ms`);
      throw new EgressError('network', err instanceof Error ? err.message : String(err));
    }
  }
}
