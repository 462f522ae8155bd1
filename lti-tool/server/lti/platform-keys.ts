import {
  createLocalJWKSet,
  errors as joseErrors,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTVerifyGetKey,
  type FlattenedJWSInput,
} from 'jose';
import type { EgressPolicy } from '../net/address-policy';
import { EgressError, safeFetch } from '../net/safe-fetch';

interface CachedKeySet {
  keys: JSONWebKeySet;
  resolve: ReturnType<typeof createLocalJWKSet>;
  fetchedAt: number;
  expiresAt: number;
}

export interface PlatformKeyCacheOptions {
  policy: EgressPolicy;
  now?: () => number;
  /** A kid we do not know triggers at most one refetch per this interval (Sec §6.4), so tokens cannot DoS us. */
  refetchIntervalMs?: number;
  minTtlMs?: number;
  maxTtlMs?: number;
  fetchJson?: (url: string) => Promise<{ body: unknown; maxAgeSeconds?: number }>;
  /** Attempts per fetch when the platform times out, cannot be reached or answers 5xx (default 3). */
  attempts?: number;
  /** Waits between attempts (default 250 ms, then doubled); tests pass 0. */
  retryDelayMs?: number;
  /** Per-attempt timeout (default 10 s: a busy platform at the start of an evening is slow, not down). */
  timeoutMs?: number;
  /** Told after every fetch (retries done) whether the key set came: the app records platform reachability. */
  onContact?: (event: ContactEvent) => Promise<void> | void;
}

/** One contact with a platform endpoint: it answered usefully, or failed with a short code (`egress_timeout`…). */
export type ContactEvent = { url: string; ok: true } | { url: string; ok: false; error: unknown };

/** Worth another try: timeouts, network failures and 5xx answers, not a malformed key set or a refused address. */
function isTransient(err: unknown): boolean {
  if (err instanceof EgressError) return err.reason === 'timeout' || err.reason === 'network' || err.reason === 'dns';
  return err instanceof joseErrors.JWKSInvalid && /answered 5\d\d/.test(err.message);
}

function maxAgeOf(cacheControl: string | null): number | undefined {
  const match = cacheControl ? /max-age=(\d+)/i.exec(cacheControl) : null;
  return match?.[1] ? Number(match[1]) : undefined;
}

function asKeySet(body: unknown): JSONWebKeySet {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { keys?: unknown }).keys)) {
    throw new joseErrors.JWKSInvalid('JSON Web Key Set malformed');
  }
  return body as JSONWebKeySet;
}

/**
 * Platform public keys, cached per JWKS URL for each process: honours `max-age` (clamped 5 min – 24 h), refetches
 * once on an unknown `kid` (rate-limited), shares one in-flight fetch between concurrent launches (single-flight),
 * retries timeouts and 5xx with backoff, keeps using expired keys while a refresh fails, and fetches only
 * through the egress guard. Never trusts `jku`, `x5u` or `jwk` headers in a token.
 */
export class PlatformKeyCache {
  private readonly cache = new Map<string, CachedKeySet>();
  private readonly inFlight = new Map<string, Promise<CachedKeySet>>();
  private readonly opts: Required<Omit<PlatformKeyCacheOptions, 'fetchJson' | 'onContact'>> &
    Pick<PlatformKeyCacheOptions, 'fetchJson' | 'onContact'>;

  constructor(options: PlatformKeyCacheOptions) {
    this.opts = {
      now: Date.now,
      refetchIntervalMs: 30_000,
      minTtlMs: 5 * 60_000,
      maxTtlMs: 24 * 60 * 60_000,
      attempts: 3,
      retryDelayMs: 250,
      timeoutMs: 10_000,
      ...options,
    };
  }

  /** A key resolver for `jwtVerify` bound to one platform's JWKS URL. */
  forUrl(url: string): JWTVerifyGetKey {
    return async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
      let entry = await this.current(url);
      try {
        return await entry.resolve(header, token);
      } catch (err) {
        const unknownKid =
          err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWKSMultipleMatchingKeys;
        if (!unknownKid || this.opts.now() - entry.fetchedAt < this.opts.refetchIntervalMs) throw err;
        entry = await this.refresh(url);
        return entry.resolve(header, token);
      }
    };
  }

  private async current(url: string): Promise<CachedKeySet> {
    const entry = this.cache.get(url);
    if (entry && entry.expiresAt > this.opts.now()) return entry;
    // Expired keys still verify while the platform cannot be reached: an outage there must not stop launches here.
    return entry ? this.refresh(url).catch(() => entry) : this.refresh(url);
  }

  private refresh(url: string): Promise<CachedKeySet> {
    const pending = this.inFlight.get(url);
    if (pending) return pending;
    const job = this.load(url).finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, job);
    return job;
  }

  private async fetchWithRetry(url: string): Promise<{ body: unknown; maxAgeSeconds?: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.opts.fetchJson ? await this.opts.fetchJson(url) : await this.fetchJson(url);
      } catch (err) {
        if (attempt >= this.opts.attempts || !isTransient(err)) throw err;
        const delay = this.opts.retryDelayMs * 2 ** (attempt - 1);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Fetches the key set now, whatever the cache holds (the administrator's "check connection"). */
  async check(url: string): Promise<void> {
    await this.refresh(url);
  }

  private async load(url: string): Promise<CachedKeySet> {
    let keys: JSONWebKeySet;
    let maxAgeSeconds: number | undefined;
    try {
      const fetched = await this.fetchWithRetry(url);
      keys = asKeySet(fetched.body);
      maxAgeSeconds = fetched.maxAgeSeconds;
    } catch (err) {
      await this.report({ url, ok: false, error: err });
      throw err;
    }
    await this.report({ url, ok: true });
    const ttl = Math.min(this.opts.maxTtlMs, Math.max(this.opts.minTtlMs, (maxAgeSeconds ?? 0) * 1000));
    const now = this.opts.now();
    const entry = { keys, resolve: createLocalJWKSet(keys), fetchedAt: now, expiresAt: now + ttl };
    this.cache.set(url, entry);
    return entry;
  }

  /** A recorder that fails must not fail a launch. */
  private async report(event: ContactEvent): Promise<void> {
    try {
      await this.opts.onContact?.(event);
    } catch {
      // Reachability is advisory; the launch goes on.
    }
  }

  private async fetchJson(url: string): Promise<{ body: unknown; maxAgeSeconds?: number }> {
    const response = await safeFetch(url, {
      policy: this.opts.policy,
      headers: { accept: 'application/json' },
      maxBytes: 256 * 1024,
      timeoutMs: this.opts.timeoutMs,
    });
    if (response.status !== 200) throw new joseErrors.JWKSInvalid(`JWKS answered ${response.status}`);
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      throw new joseErrors.JWKSInvalid('JWKS is not JSON');
    }
    return { body, maxAgeSeconds: maxAgeOf(response.headers.get('cache-control')) };
  }
}
