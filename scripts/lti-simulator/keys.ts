/**
 * The platform's signing key. Moodle has one site-wide RSA key (kid: 20 hex characters) published at
 * /mod/lti/certs.php; `rotate()` replaces it so tests can exercise a tool's re-fetch on an unknown kid.
 */
import { KeyObject, sign as signRsa } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import type { KeyPairSource, SignOptions } from './types';
import { randomHex } from './util';

interface PlatformKey {
  kid: string;
  privateKey: CryptoKey;
  /** The same key for node:crypto's synchronous RS256 (cheaper than WebCrypto: the launch bench signs every launch). */
  signingKey: KeyObject;
  publicJwk: JWK;
}

const generate: KeyPairSource = () => generateKeyPair('RS256', { modulusLength: 2048, extractable: true });

async function newKey(keyPairs: KeyPairSource): Promise<PlatformKey> {
  const { publicKey, privateKey } = await keyPairs();
  const jwk = await exportJWK(publicKey);
  const kid = randomHex(10);
  // Moodle's member order: kty, alg, kid, e, n, use.
  return {
    kid,
    privateKey,
    signingKey: KeyObject.from(privateKey),
    publicJwk: { kty: 'RSA', alg: 'RS256', kid, e: jwk.e, n: jwk.n, use: 'sig' },
  };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export class PlatformKeys {
  private current: PlatformKey;
  private published: PlatformKey[];

  private constructor(
    key: PlatformKey,
    private readonly keyPairs: KeyPairSource,
  ) {
    this.current = key;
    this.published = [key];
  }

  static async create(keyPairs: KeyPairSource = generate): Promise<PlatformKeys> {
    return new PlatformKeys(await newKey(keyPairs), keyPairs);
  }

  get kid(): string {
    return this.current.kid;
  }

  /** Replaces the signing key. Moodle publishes a single key; `keepPrevious` keeps the old one in the JWKS. */
  async rotate(options: { keepPrevious?: boolean } = {}): Promise<string> {
    const key = await newKey(this.keyPairs);
    this.published = options.keepPrevious ? [key, ...this.published] : [key];
    this.current = key;
    return key.kid;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.published.map((k) => ({ ...k.publicJwk })) };
  }

  /** Signs a payload as Moodle does (header `typ`, `alg`, `kid`), or deliberately otherwise per `options`. */
  async sign(payload: JWTPayload, options: SignOptions = {}): Promise<string> {
    const alg = options.alg ?? 'RS256';
    const header: Record<string, unknown> = { typ: options.typ ?? 'JWT', alg };
    const kid = options.kid === undefined ? this.current.kid : options.kid;
    if (kid !== null) header.kid = kid;
    if (alg === 'none') return `${base64url(header)}.${base64url(payload)}.`;
    if (alg === 'RS256' && options.key === undefined) {
      // RSASSA-PKCS1-v1_5 is deterministic: the same token jose would make, without a WebCrypto job per launch.
      const input = `${base64url(header)}.${base64url(payload)}`;
      return `${input}.${signRsa('sha256', Buffer.from(input), this.current.signingKey).toString('base64url')}`;
    }
    const key = options.key ?? this.current.privateKey;
    return new SignJWT(payload).setProtectedHeader({ ...header, alg }).sign(key);
  }
}
