import { randomBytes } from 'node:crypto';
import { desc } from 'drizzle-orm';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Db } from '../../db/client';
import { extSigningKeys } from '../../db/schema';

export const ACCESS_TOKEN_AUDIENCE = 'evidence-api';
export const ACCESS_TOKEN_TTL_SECONDS = 600;
const ISSUER = 'ability-lti/extension';

export interface AccessClaims {
  sub: string;
  tid: string;
  did: string;
  scope: string;
}

/**
 * HS256 with a random 256-bit secret per deployment, kept in the database: the tool is the only verifier, so a
 * symmetric key needs no distribution, every process of one deployment shares it, and `kid` allows rotation.
 */
export class AccessTokenSigner {
  private key: Promise<{ kid: string; secret: Uint8Array }> | undefined;
  constructor(private readonly db: Db) {}

  private load() {
    this.key ??= (async () => {
      const [existing] = await this.db.select().from(extSigningKeys).orderBy(desc(extSigningKeys.createdAt)).limit(1);
      const row =
        existing ??
        (
          await this.db
            .insert(extSigningKeys)
            .values({ kid: randomBytes(8).toString('hex'), secret: randomBytes(32).toString('base64url') })
            .onConflictDoNothing()
            .returning()
        )[0];
      if (!row) throw new Error('no extension signing key');
      return { kid: row.kid, secret: Buffer.from(row.secret, 'base64url') };
    })().catch((err: unknown) => {
      this.key = undefined;
      throw err;
    });
    return this.key;
  }

  async sign(claims: AccessClaims, now = new Date()): Promise<{ token: string; expiresIn: number }> {
    const { kid, secret } = await this.load();
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ tid: claims.tid, did: claims.did, scope: claims.scope })
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(claims.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
      .setJti(randomBytes(12).toString('base64url'))
      .sign(secret);
    return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  /** The claims of a valid token, or undefined (bad signature, wrong audience, expired, malformed). */
  async verify(token: string, now = new Date()): Promise<AccessClaims | undefined> {
    const { secret } = await this.load();
    try {
      const { payload } = await jwtVerify(token, secret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        currentDate: now,
        typ: 'at+jwt',
      });
      const { sub, tid, did, scope } = payload as Partial<AccessClaims>;
      if (typeof sub !== 'string' || typeof tid !== 'string' || typeof did !== 'string') return undefined;
      return { sub, tid, did, scope: typeof scope === 'string' ? scope : '' };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) return undefined;
      throw err;
    }
  }
}
