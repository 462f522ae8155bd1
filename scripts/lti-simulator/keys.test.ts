import { SignJWT, createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { PlatformKeys } from './keys';

describe('platform signing key', () => {
  it("signs RS256 with node:crypto exactly as jose does (the launch bench's fast path), verifiable with the JWKS", async () => {
    const keys = await PlatformKeys.create();
    const payload = { iss: 'https://moodle.example.cn', sub: '42', nonce: 'n-1', iat: 1_700_000_000 };
    const token = await keys.sign(payload);
    const { privateKey } = (keys as unknown as { current: { privateKey: CryptoKey } }).current;
    const viaJose = await new SignJWT(payload)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: keys.kid })
      .sign(privateKey);
    expect(token).toBe(viaJose);
    const { payload: verified } = await jwtVerify(token, createLocalJWKSet(keys.jwks()), { algorithms: ['RS256'] });
    expect(verified).toEqual(payload);
  });
});
