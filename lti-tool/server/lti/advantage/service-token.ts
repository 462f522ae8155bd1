import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EgressPolicy } from '../../net/address-policy';
import { safeFetch, type SafeResponse } from '../../net/safe-fetch';
import type { SigningKey } from '../tool-keys';

export interface TokenEndpoint {
  tokenUrl: string;
  clientId: string;
  /** `authorization_server`, when the platform names one as the assertion audience. */
  audience?: string;
}

export interface ServiceToken {
  accessToken: string;
  /** The scopes the platform granted, which may be fewer than we asked for. */
  scopes: string[];
  expiresAt: number;
}

export class ServiceTokenError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly oauthError?: string,
  ) {
    super(message);
    this.name = 'ServiceTokenError';
  }
}

/** One token request: a token came, or it failed (refused, unreachable, not JSON). */
export type TokenContactEvent =
  { endpoint: TokenEndpoint; ok: true } | { endpoint: TokenEndpoint; ok: false; error: unknown };

type Fetcher = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<SafeResponse>;

/**
 * OAuth 2 client credentials with a signed JWT assertion (Sec §4.1). Tokens are cached per endpoint and scope set
 * until shortly before they expire; the granted scope is what counts. Moodle answers with `Content-Type: text/html`,
 * so the body is parsed as JSON whatever the header says.
 */
export class ServiceTokenClient {
  private readonly cache = new Map<string, ServiceToken>();
  private readonly pending = new Map<string, Promise<ServiceToken>>();
  private readonly fetcher: Fetcher;
  private readonly now: () => number;

  private readonly onContact?: (event: TokenContactEvent) => Promise<void> | void;

  constructor(options: {
    policy: EgressPolicy;
    now?: () => number;
    fetcher?: Fetcher;
    /** Told after every token request whether a token came: the app records platform reachability. */
    onContact?: (event: TokenContactEvent) => Promise<void> | void;
  }) {
    this.now = options.now ?? Date.now;
    this.onContact = options.onContact;
    this.fetcher = options.fetcher ?? ((url, init) => safeFetch(url, { ...init, policy: options.policy }));
  }

  async get(endpoint: TokenEndpoint, key: SigningKey, scopes: readonly string[]): Promise<ServiceToken> {
    const cacheKey = `${endpoint.tokenUrl}|${endpoint.clientId}|${[...scopes].sort().join(' ')}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt - 60_000 > this.now()) return cached;
    const inFlight = this.pending.get(cacheKey);
    if (inFlight) return inFlight;
    const job = this.request(endpoint, key, scopes)
      .then((token) => (this.cache.set(cacheKey, token), token))
      .finally(() => this.pending.delete(cacheKey));
    this.pending.set(cacheKey, job);
    return job;
  }

  /** Asks the token endpoint now, bypassing the cache (the administrator's "check connection"). */
  async probe(endpoint: TokenEndpoint, key: SigningKey, scopes: readonly string[]): Promise<ServiceToken> {
    return this.request(endpoint, key, scopes);
  }

  /** Forget a token the platform refused (401), so the next call asks for a new one. */
  invalidate(endpoint: TokenEndpoint, scopes: readonly string[]): void {
    this.cache.delete(`${endpoint.tokenUrl}|${endpoint.clientId}|${[...scopes].sort().join(' ')}`);
  }

  private async request(endpoint: TokenEndpoint, key: SigningKey, scopes: readonly string[]): Promise<ServiceToken> {
    let token: ServiceToken;
    try {
      token = await this.requestOnce(endpoint, key, scopes);
    } catch (err) {
      await this.report({ endpoint, ok: false, error: err });
      throw err;
    }
    await this.report({ endpoint, ok: true });
    return token;
  }

  /** A recorder that fails must not fail a grade delivery. */
  private async report(event: TokenContactEvent): Promise<void> {
    try {
      await this.onContact?.(event);
    } catch {
      // Reachability is advisory.
    }
  }

  private async requestOnce(
    endpoint: TokenEndpoint,
    key: SigningKey,
    scopes: readonly string[],
  ): Promise<ServiceToken> {
    const iat = Math.floor(this.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(endpoint.clientId)
      .setSubject(endpoint.clientId)
      .setAudience(endpoint.audience ?? endpoint.tokenUrl)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .setJti(randomUUID())
      .sign(key.privateKey);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: scopes.join(' '),
    }).toString();
    const response = await this.fetcher(endpoint.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(response.text) as Record<string, unknown>;
    } catch {
      throw new ServiceTokenError(
        `token endpoint answered ${response.status} with a body that is not JSON`,
        response.status,
      );
    }
    if (response.status !== 200 || typeof json.access_token !== 'string') {
      const oauthError = typeof json.error === 'string' ? json.error : undefined;
      throw new ServiceTokenError(
        `token request refused (${response.status} ${oauthError ?? ''})`.trim(),
        response.status,
        oauthError,
      );
    }
    if (typeof json.token_type === 'string' && json.token_type.toLowerCase() !== 'bearer') {
      throw new ServiceTokenError(`unsupported token type ${json.token_type}`);
    }
    const granted = typeof json.scope === 'string' ? json.scope.split(/\s+/).filter(Boolean) : [...scopes];
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 3600;
    return { accessToken: json.access_token, scopes: granted, expiresAt: this.now() + expiresIn * 1000 };
  }
}
