import { timingSafeEqual } from 'node:crypto';
import {
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWTVerifyGetKey,
  type ProtectedHeaderParameters,
} from 'jose';
import { CLAIM, coreClaims, type CoreClaims } from './claims';
import { LtiError } from './errors';
import { verifyRs256Fast } from './rs256';

/** What the tool trusts about one platform registration when it checks an id_token. */
export interface PlatformTrust {
  issuer: string;
  clientId: string;
  /** The platform's keys: a cached remote JWKS or a static key set. */
  keys: JWTVerifyGetKey;
  /** Extra audiences this registration trusts besides our client id (normally none). */
  trustedAudiences?: readonly string[];
}

export interface IdTokenExpectations {
  /** The nonce stored with the state this browser presented. */
  nonce: string;
  /** The `target_link_uri` of the login request, when known. */
  targetLinkUri?: string;
  /** Is this deployment registered for this platform? */
  isDeploymentRegistered: (deploymentId: string) => boolean | Promise<boolean>;
}

export interface VerifyOptions {
  now?: Date;
  /** Allowed clock difference with the platform. Moodle's tokens live 60 s, so keep this small. */
  clockSkewSeconds?: number;
  /** Tokens issued longer ago than this are refused even if `exp` says otherwise. */
  maxAgeSeconds?: number;
  maxTokenBytes?: number;
  algorithms?: readonly string[];
}

const DEFAULTS = { clockSkewSeconds: 60, maxAgeSeconds: 600, maxTokenBytes: 64 * 1024, algorithms: ['RS256'] };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkShape(token: string, maxBytes: number): ProtectedHeaderParameters & { kid: string; alg: string } {
  if (!token) throw new LtiError('token_missing');
  if (Buffer.byteLength(token) > maxBytes) throw new LtiError('token_too_large', `${Buffer.byteLength(token)} bytes`);
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) throw new LtiError('token_malformed');
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new LtiError('token_malformed', 'header is not JSON');
  }
  if (typeof header.alg !== 'string') throw new LtiError('token_malformed', 'no alg');
  if (!header.kid) throw new LtiError('kid_missing');
  return { ...header, kid: header.kid, alg: header.alg };
}

function mapJoseError(err: unknown): LtiError {
  if (err instanceof LtiError) return err;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new LtiError('unknown_key');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new LtiError('bad_signature');
  if (err instanceof joseErrors.JWTExpired) return new LtiError('token_expired');
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new LtiError('algorithm_not_allowed');
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) {
    return new LtiError('keys_unavailable', err.message);
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return new LtiError('wrong_issuer');
    if (err.claim === 'iat' || err.claim === 'nbf') return new LtiError('token_from_future', err.reason);
    return new LtiError('claims_invalid', `${err.claim}: ${err.reason}`);
  }
  if (err instanceof joseErrors.JWTInvalid || err instanceof joseErrors.JWSInvalid) {
    return new LtiError('token_malformed', err.message);
  }
  return new LtiError('keys_unavailable', err instanceof Error ? err.message : String(err));
}

function checkAudience(claims: CoreClaims, platform: PlatformTrust): void {
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(platform.clientId)) throw new LtiError('wrong_audience');
  const trusted = new Set([platform.clientId, ...(platform.trustedAudiences ?? [])]);
  const untrusted = audiences.filter((a) => !trusted.has(a));
  if (untrusted.length > 0) throw new LtiError('wrong_audience', `untrusted audience ${untrusted.join(', ')}`);
  // Sec §5.1.3: with several audiences `azp` must be present and be us; when present it must always be us.
  if (audiences.length > 1 && claims.azp === undefined) throw new LtiError('wrong_audience', 'azp missing');
  if (claims.azp !== undefined && claims.azp !== platform.clientId) throw new LtiError('wrong_audience', 'azp');
}

function checkMessage(claims: CoreClaims): void {
  const type = claims[CLAIM.messageType];
  if (type === 'LtiResourceLinkRequest' && !claims[CLAIM.resourceLink]) {
    throw new LtiError('claims_invalid', 'resource_link missing');
  }
  if (type === 'LtiDeepLinkingRequest' && !claims[CLAIM.deepLinkingSettings]) {
    throw new LtiError('claims_invalid', 'deep_linking_settings missing');
  }
  if (type === 'LtiSubmissionReviewRequest' && (!claims[CLAIM.forUser] || !claims[CLAIM.ags])) {
    throw new LtiError('claims_invalid', 'for_user or AGS endpoint missing');
  }
}

/**
 * Validates an id_token from the authentication response (Sec §5.1.3, Core §5.3). The order follows pylti1p3's:
 * shape → signature with a pinned algorithm → issuer, time → claims → audience → nonce → deployment → message.
 * Returns the validated claims or throws an LtiError naming the first failed check.
 */
export async function verifyIdToken(
  token: string,
  platform: PlatformTrust,
  expected: IdTokenExpectations,
  options: VerifyOptions = {},
): Promise<CoreClaims> {
  const opts = { ...DEFAULTS, ...options };
  const header = checkShape(token, opts.maxTokenBytes);
  const { alg } = header;
  if (!opts.algorithms.includes(alg)) throw new LtiError('algorithm_not_allowed', alg);

  const now = opts.now ?? new Date();
  let payload: unknown;
  try {
    payload =
      (await verifyRs256Fast(token, header, platform.keys, {
        issuer: platform.issuer,
        now,
        clockToleranceSeconds: opts.clockSkewSeconds,
      })) ??
      (
        await jwtVerify(token, platform.keys, {
          algorithms: [...opts.algorithms],
          issuer: platform.issuer,
          clockTolerance: opts.clockSkewSeconds,
          currentDate: now,
          requiredClaims: ['exp', 'iat'],
        })
      ).payload;
  } catch (err) {
    throw mapJoseError(err);
  }

  const parsed = coreClaims.safeParse(payload);
  if (!parsed.success) {
    const raw = payload as Record<string, unknown>;
    if (raw.sub === undefined || raw.sub === '') throw new LtiError('anonymous_launch');
    const issue = parsed.error.issues[0];
    throw new LtiError('claims_invalid', issue ? `${issue.path.join('.')}: ${issue.message}` : undefined);
  }
  const claims = parsed.data;
  // PostgreSQL text cannot hold NUL: a claim carrying one would fail when the launch is stored (found by the fuzzer).
  const nul = nulPath(payload, '');
  if (nul !== undefined) throw new LtiError('claims_invalid', `${nul || 'claims'}: contains a NUL character`);

  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (claims.iat > nowSeconds + opts.clockSkewSeconds) throw new LtiError('token_from_future');
  if (claims.iat < nowSeconds - opts.maxAgeSeconds) throw new LtiError('token_too_old');

  checkAudience(claims, platform);
  if (!safeEqual(claims.nonce, expected.nonce)) throw new LtiError('nonce_mismatch');

  const deploymentId = claims[CLAIM.deploymentId];
  if (!(await expected.isDeploymentRegistered(deploymentId))) {
    throw new LtiError('unknown_deployment', deploymentId);
  }
  if (expected.targetLinkUri !== undefined && claims[CLAIM.targetLinkUri] !== expected.targetLinkUri) {
    throw new LtiError('target_link_mismatch');
  }
  checkMessage(claims);
  return claims;
}

/** The path of the first key or string value holding U+0000, if any. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return at;
      const found = nulPath(item, at);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
