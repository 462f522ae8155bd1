import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyRs256Fast } from './rs256';

const issuer = 'https://moodle.example.cn';
const now = new Date('2026-12-01T08:00:00Z');
const t = Math.floor(now.getTime() / 1000);
let keys: ReturnType<typeof createLocalJWKSet>;
let privateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  privateKey = pair.privateKey;
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }] });
});

const sign = (payload: JWTPayload, header: Record<string, unknown> = {}) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).sign(privateKey);
const check = async (token: string) => {
  const [encoded = ''] = token.split('.');
  const header = JSON.parse(Buffer.from(encoded, 'base64url').toString()) as { alg: string };
  return verifyRs256Fast(token, header, keys, { issuer, now, clockToleranceSeconds: 60 });
};
const good = { iss: issuer, sub: '4', iat: t - 5, exp: t + 55 };

describe('RS256 through node:crypto', () => {
  it('returns the claims of a good token', async () => {
    expect(await check(await sign(good))).toEqual(good);
  });

  it('refuses a payload changed after signing', async () => {
    const [h, , s] = (await sign(good)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...good, sub: '1' })).toString('base64url');
    await expect(check(`${h}.${forged}.${s}`)).rejects.toMatchObject({ code: 'bad_signature' });
  });

  it.each([
    ['another issuer', { ...good, iss: 'https://evil.example.cn' }, 'wrong_issuer'],
    ['no issuer', { ...good, iss: undefined }, 'wrong_issuer'],
    ['no iat', { ...good, iat: undefined }, 'token_from_future'],
    ['iat not a number', { ...good, iat: 'now' }, 'token_from_future'],
    ['nbf beyond the skew', { ...good, nbf: t + 120 }, 'token_from_future'],
    ['no exp', { ...good, exp: undefined }, 'claims_invalid'],
    ['exp not a number', { ...good, exp: 'later' }, 'claims_invalid'],
    ['expired beyond the skew', { ...good, exp: t - 61 }, 'token_expired'],
  ])('refuses %s as jose does', async (_name, payload, code) => {
    await expect(check(await sign(payload as JWTPayload))).rejects.toMatchObject({ code });
  });

  it('accepts an expiry within the clock skew', async () => {
    expect(await check(await sign({ ...good, exp: t - 30 }))).toBeDefined();
  });

  it('leaves a crit header and a short key to jose', async () => {
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const crit = `${encode({ alg: 'RS256', kid: 'k1', crit: ['exp'] })}.${encode(good)}.c2ln`;
    expect(await check(crit)).toBeUndefined();
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const shortKeys = createLocalJWKSet({
      keys: [{ ...short.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256' }],
    });
    const input = `${encode({ alg: 'RS256', kid: 'k1' })}.${encode(good)}`;
    const token = `${input}.${cryptoSign('sha256', Buffer.from(input), short.privateKey).toString('base64url')}`;
    expect(
      await verifyRs256Fast(token, { alg: 'RS256', kid: 'k1' }, shortKeys, { issuer, now, clockToleranceSeconds: 60 }),
    ).toBeUndefined();
  });
});
