import { KeyObject, verify } from 'node:crypto';
import type { CompactJWSHeaderParameters, CryptoKey, JWTPayload, JWTVerifyGetKey } from 'jose';
import { LtiError } from './errors';

/**
 * RS256 id_tokens checked with node:crypto's synchronous verify (issue 14: a WebCrypto job per launch costs a
 * thread-pool round trip, about 0.07 ms of CPU against 0.02). The key still comes from jose's key set (its kid and alg
 * selection, its re-fetch on an unknown kid), and the claims are checked as jose's `jwtVerify` checks them for the
 * options verify-id-token.ts passes, with the same refusal codes. Anything else (another algorithm, a `crit` or `b64`
 * header, a key that is not an RSA public key of 2048 bits or more) returns undefined: the caller uses jose instead.
 */
export async function verifyRs256Fast(
  token: string,
  header: CompactJWSHeaderParameters,
  keys: JWTVerifyGetKey,
  expected: { issuer: string; now: Date; clockToleranceSeconds: number },
): Promise<JWTPayload | undefined> {
  if (header.alg !== 'RS256' || header.crit !== undefined || header.b64 !== undefined) return undefined;
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = token.split('.');
  const key = asRsaPublicKey(
    await keys(header, { protected: encodedHeader, payload: encodedPayload, signature: encodedSignature }),
  );
  if (!key) return undefined;
  const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
  if (!verify('sha256', signed, key, Buffer.from(encodedSignature, 'base64url'))) throw new LtiError('bad_signature');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  } catch {
    throw new LtiError('token_malformed', 'JWT Claims Set must be a top-level JSON object');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new LtiError('token_malformed', 'JWT Claims Set must be a top-level JSON object');
  checkClaims(payload as JWTPayload, expected);
  return payload as JWTPayload;
}

/** jose's checks for `issuer`, `clockTolerance`, `currentDate` and required `exp` and `iat`, in its order. */
function checkClaims(claims: JWTPayload, expected: { issuer: string; now: Date; clockToleranceSeconds: number }) {
  for (const claim of ['iss', 'exp', 'iat'] as const)
    if (claims[claim] === undefined) throw refusal(claim, `missing required "${claim}" claim`);
  if (claims.iss !== expected.issuer) throw new LtiError('wrong_issuer');
  const now = Math.floor(expected.now.getTime() / 1000);
  const tolerance = expected.clockToleranceSeconds;
  if (typeof claims.iat !== 'number') throw refusal('iat', '"iat" claim must be a number');
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== 'number') throw refusal('nbf', '"nbf" claim must be a number');
    if (claims.nbf > now + tolerance) throw refusal('nbf', '"nbf" claim timestamp check failed');
  }
  if (typeof claims.exp !== 'number') throw refusal('exp', '"exp" claim must be a number');
  if (claims.exp <= now - tolerance) throw new LtiError('token_expired');
}

/** As verify-id-token.ts maps jose's JWTClaimValidationFailed. */
function refusal(claim: 'iss' | 'exp' | 'iat' | 'nbf', reason: string): LtiError {
  if (claim === 'iss') return new LtiError('wrong_issuer');
  if (claim === 'iat' || claim === 'nbf') return new LtiError('token_from_future', reason);
  return new LtiError('claims_invalid', `${claim}: ${reason}`);
}

const converted = new WeakMap<object, KeyObject | null>();

/** The key as an RSA public KeyObject of at least 2048 bits (what jose itself requires for RS256), else undefined. */
function asRsaPublicKey(key: unknown): KeyObject | undefined {
  if (typeof key !== 'object' || key === null) return undefined;
  let keyObject = converted.get(key);
  if (keyObject === undefined) {
    try {
      const candidate = key instanceof KeyObject ? key : KeyObject.from(key as CryptoKey);
      const bits = candidate.asymmetricKeyDetails?.modulusLength ?? 0;
      keyObject =
        candidate.type === 'public' && candidate.asymmetricKeyType === 'rsa' && bits >= 2048 ? candidate : null;
    } catch {
      keyObject = null;
    }
    converted.set(key, keyObject);
  }
  return keyObject ?? undefined;
}
