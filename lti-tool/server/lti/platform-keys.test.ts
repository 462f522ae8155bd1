import { exportJWK, generateKeyPair, SignJWT, jwtVerify, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { PlatformKeyCache } from './platform-keys';
import { STRICT_EGRESS } from '../net/address-policy';
import { EgressError } from '../net/safe-fetch';

async function platformKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const sign = () => new SignJWT({ sub: '1' }).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().sign(privateKey);
  return { jwk, sign };
}

describe('PlatformKeyCache', () => {
  it('fetches once, then serves from cache until max-age runs out', async () => {
    const k1 = await platformKey('k1');
    let now = 0;
    let fetches = 0;
    const cache = new PlatformKeyCache({
      policy: STRICT_EGRESS,
      now: () => now,
      fetchJson: async () => (fetches++, { body: { keys: [k1.jwk] }, maxAgeSeconds: 600 }),
    });
    const keys = cache.forUrl('https://lms.example.cn/jwks');
    await jwtVerify(await k1.sign(), keys);
    await jwtVerify(await k1.sign(), keys);
    expect(fetches).toBe(1);
    now += 601_000;
    await jwtVerify(await k1.sign(), keys);
    expect(fetches).toBe(2);
  });

  it('clamps a tiny max-age to five minutes', async () => {
    const k1 = await platformKey('k1');
    let now = 0;
    let fetches = 0;
    const cache = new PlatformKeyCache({
      policy: STRICT_EGRESS,
      now: () => now,
      fetchJson: async () => (fetches++, { body: { keys: [k1.jwk] }, maxAgeSeconds: 1 }),
    });
    const keys = cache.forUrl('https://lms.example.cn/jwks');
    await jwtVerify(await k1.sign(), keys);
    now += 60_000;
    await jwtVerify(await k1.sign(), keys);
    expect(fetches).toBe(1);
  });

  it('refetches once on an unknown kid (key rotation), but not again within the interval', async () => {
    const k1 = await platformKey('k1');
    const k2 = await platformKey('k2');
    let served = [k1.jwk];
    let now = 100_000;
    let fetches = 0;
    const cache = new PlatformKeyCache({
      policy: STRICT_EGRESS,
      now: () => now,
      fetchJson: async () => (fetches++, { body: { keys: served } }),
    });
    const keys = cache.forUrl('https://lms.example.cn/jwks');
    await jwtVerify(await k1.sign(), keys);
    now += 31_000;
    served = [k1.jwk, k2.jwk];
    await jwtVerify(await k2.sign(), keys); // unknown kid → one refetch → verifies
    expect(fetches).toBe(2);
    const stranger = await platformKey('k3');
    await expect(jwtVerify(await stranger.sign(), keys)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(fetches).toBe(2); // within the refetch interval: no request for an attacker's kid
  });

  it('shares one fetch between concurrent launches', async () => {
    const k1 = await platformKey('k1');
    let fetches = 0;
    const cache = new PlatformKeyCache({
      policy: STRICT_EGRESS,
      fetchJson: async () => {
        fetches++;
        await new Promise((r) => setTimeout(r, 20));
        return { body: { keys: [k1.jwk] } };
      },
    });
    const keys = cache.forUrl('https://lms.example.cn/jwks');
    await Promise.all(Array.from({ length: 5 }, async () => jwtVerify(await k1.sign(), keys)));
    expect(fetches).toBe(1);
  });

  it('rejects a body that is not a key set', async () => {
    const cache = new PlatformKeyCache({ policy: STRICT_EGRESS, fetchJson: async () => ({ body: { nope: 1 } }) });
    const k1 = await platformKey('k1');
    await expect(jwtVerify(await k1.sign(), cache.forUrl('https://x.example/jwks'))).rejects.toMatchObject({
      code: 'ERR_JWKS_INVALID',
    });
  });

  it('shares one fetch between nine concurrent launches and retries a first attempt that timed out', async () => {
    const k1 = await platformKey('k1');
    let fetches = 0;
    const cache = new PlatformKeyCache({
      policy: STRICT_EGRESS,
      retryDelayMs: 0,
      fetchJson: async () => {
        fetches++;
        if (fetches === 1) throw new EgressError('timeout', 'no answer');
        return { body: { keys: [k1.jwk] } };
      },
    });
    const keys = cache.forUrl('https://lms.example.cn/jwks');
    const tokens = await Promise.all(Array.from({ length: 9 }, () => k1.sign()));
    const results = await Promise.all(tokens.map((token) => jwtVerify(token, keys)));
    expect(results).toHaveLength(9);
    expect(fetches).toBe(2);
  });

  it('does not retry a malformed key set, and keeps expired keys while the platform is unreachable', async () => {
    const k1 = await platformKey('k1');
    let now = 0;
    let fetches = 0;
    let reachable = true;
    const cache = new PlatformKeyCache({
      policy: STRICT_EGRESS,
      now: () => now,
      retryDelayMs: 0,
      fetchJson: async () => {
        fetches++;
        if (!reachable) throw new EgressError('network', 'down');
        return { body: { keys: [k1.jwk] }, maxAgeSeconds: 600 };
      },
    });
    const keys = cache.forUrl('https://lms.example.cn/jwks');
    await jwtVerify(await k1.sign(), keys);
    reachable = false;
    now += 601_000;
    await expect(jwtVerify(await k1.sign(), keys)).resolves.toBeTruthy();
    expect(fetches).toBe(1 + 3);

    const broken = new PlatformKeyCache({
      policy: STRICT_EGRESS,
      retryDelayMs: 0,
      fetchJson: async () => (fetches++, { body: { nope: true } }),
    });
    fetches = 0;
    await expect(jwtVerify(await k1.sign(), broken.forUrl('https://y.example/jwks'))).rejects.toThrow();
    expect(fetches).toBe(1);
  });
});
