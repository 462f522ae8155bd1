/**
 * Verification of tool-signed JWTs (client assertions, deep-linking responses) against the tool's keyset
 * URL. Like Moodle, the keyset is fetched server-side, cached per URL, and re-fetched once when
 * verification with the cached copy fails (a rotated tool key). `kid` is required and RS256 is pinned.
 */
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload, JWTVerifyOptions } from 'jose';

export class ToolJwtError extends Error {}

interface CacheEntry {
  jwks: JSONWebKeySet;
  fetchedAt: number;
}

export class ToolJwksCache {
  private readonly cache = new Map<string, CacheEntry>();
  /** Number of keyset downloads per URL (lets tests observe caching). */
  readonly fetches = new Map<string, number>();

  constructor(
    private readonly clock: () => number,
    private readonly ttlMs: number,
  ) {}

  async verify(jwt: string, jwksUrl: string, options: JWTVerifyOptions): Promise<JWTPayload> {
    let header;
    try {
      header = decodeProtectedHeader(jwt);
    } catch {
      throw new ToolJwtError('not a JWS');
    }
    if (typeof header.kid !== 'string' || header.kid === '') throw new ToolJwtError('kid missing from JWT header');
    if (header.alg !== 'RS256') throw new ToolJwtError(`alg ${String(header.alg)} not accepted (RS256 only)`);

    const cached = this.cache.get(jwksUrl);
    const fresh = cached !== undefined && this.clock() - cached.fetchedAt < this.ttlMs;
    const entry = fresh ? cached : await this.fetch(jwksUrl);
    const verifyOptions: JWTVerifyOptions = { ...options, algorithms: ['RS256'] };
    try {
      return (await jwtVerify(jwt, createLocalJWKSet(entry.jwks), verifyOptions)).payload;
    } catch (err) {
      const keyProblem =
        err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed;
      if (!fresh || !keyProblem) throw err;
      const refetched = await this.fetch(jwksUrl);
      return (await jwtVerify(jwt, createLocalJWKSet(refetched.jwks), verifyOptions)).payload;
    }
  }

  private async fetch(url: string): Promise<CacheEntry> {
    this.fetches.set(url, (this.fetches.get(url) ?? 0) + 1);
    let body: unknown;
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new ToolJwtError(`keyset ${url} answered ${res.status}`);
      body = await res.json();
    } catch (err) {
      this.cache.delete(url);
      if (err instanceof ToolJwtError) throw err;
      throw new ToolJwtError(`keyset ${url} could not be fetched: ${(err as Error).message}`);
    }
    if (typeof body !== 'object' || body === null || !Array.isArray((body as JSONWebKeySet).keys)) {
      throw new ToolJwtError(`keyset ${url} is not a JWKS`);
    }
    const entry = { jwks: body as JSONWebKeySet, fetchedAt: this.clock() };
    this.cache.set(url, entry);
    return entry;
  }
}

/** A short human-readable reason for a failed verification. */
export function describeJwtError(err: unknown): string {
  if (err instanceof errors.JOSEError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
