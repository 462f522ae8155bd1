import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCOPES } from './index';
import { accessToken, moodleLikeWorld, readFixture } from './helpers';
import type { World } from './helpers';
import { startTestToolKeys } from './test-tool-keys';
import type { TestToolKeys } from './test-tool-keys';

interface ServicesFixture {
  calls: { name: string; response: { status: number; headers: Record<string, string>; body: unknown } }[];
}

const ALL = [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score, SCOPES.nrps];

async function post(world: World, form: Record<string, string>, contentType = 'application/x-www-form-urlencoded') {
  const body = contentType.includes('json') ? JSON.stringify(form) : new URLSearchParams(form).toString();
  const res = await fetch(world.sim.endpoints.token, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: JSON.parse(await res.text()) as Record<string, unknown>,
  };
}

async function form(world: World, assertion?: string, extra: Record<string, string> = {}) {
  return {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion:
      assertion ??
      (await world.keys.clientAssertion({ clientId: world.clientId, tokenUrl: world.sim.endpoints.token })),
    scope: ALL.join(' '),
    ...extra,
  };
}

describe('token endpoint /mod/lti/token.php', () => {
  let world: World;
  let keys: TestToolKeys;
  beforeAll(async () => {
    keys = await startTestToolKeys();
  });
  afterAll(async () => {
    await keys.close();
  });
  beforeEach(async () => {
    world = await moodleLikeWorld({}, {}, keys);
  });
  afterEach(async () => {
    await world.close();
  });

  it('answers like the recorded Moodle response, served as text/html', async () => {
    const fixture = readFixture<ServicesFixture>('services-token-nrps-ags.json').calls.find((c) => c.name === 'token')!;
    const res = await accessToken(world, ALL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(fixture.response.headers['content-type']);
    const body = JSON.parse(await res.text()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(Object.keys(fixture.response.body as object));
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: (fixture.response.body as { scope: string }).scope,
    });
    expect(body.access_token).toMatch(/^[0-9a-f]{32}$/);
    expect(world.sim.tokensIssued).toHaveLength(1);
    expect(world.sim.tokensIssued[0]).toMatchObject({ clientId: world.clientId, scopes: ALL });
  });

  it('grants requested ∩ permitted scopes in request order, invalid_scope when none', async () => {
    const limited = world.sim.registerTool({
      loginUrl: 'http://127.0.0.1:8090/login',
      redirectUris: ['http://127.0.0.1:8090/launch'],
      targetLinkUri: 'http://127.0.0.1:8090/launch',
      jwksUrl: world.keys.jwksUrl,
      scopes: [SCOPES.score, SCOPES.resultReadonly],
      acceptGrades: false,
    });
    expect(limited.clientId).toMatch(/^[A-Za-z0-9]{15}$/);
    expect(limited.deploymentId).toBe('2');
    const granted = JSON.parse(
      await (
        await accessToken(world, [SCOPES.nrps, SCOPES.score, SCOPES.lineItem, SCOPES.resultReadonly], limited.clientId)
      ).text(),
    ) as { scope: string };
    expect(granted.scope).toBe(`${SCOPES.score} ${SCOPES.resultReadonly}`);
    const none = await accessToken(world, [SCOPES.nrps, SCOPES.lineItem], limited.clientId);
    expect(none.status).toBe(400);
    expect(none.headers.get('content-type')).toMatch(/^text\/html/);
    expect(JSON.parse(await none.text())).toEqual({ error: 'invalid_scope' });
  });

  it('accepts form-encoded POSTs only', async () => {
    expect(await post(world, await form(world), 'application/json')).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    const get = await fetch(world.sim.endpoints.token);
    expect(get.status).toBe(400);
    const missingScope = await post(world, await form(world, undefined, { scope: '' }));
    expect(missingScope.body).toEqual({ error: 'invalid_request' });
  });

  it('rejects other grant and assertion types', async () => {
    expect((await post(world, await form(world, undefined, { grant_type: 'authorization_code' }))).body).toEqual({
      error: 'unsupported_grant_type',
    });
    expect((await post(world, await form(world, undefined, { client_assertion_type: 'urn:x' }))).body).toEqual({
      error: 'unsupported_grant_type',
    });
  });

  it('authenticates the client with its registered keyset', async () => {
    const tokenUrl = world.sim.endpoints.token;
    const unknown = await world.keys.clientAssertion({ clientId: 'unknownclient12', tokenUrl });
    expect((await post(world, await form(world, unknown))).body).toEqual({ error: 'invalid_client' });
    const stranger = await startTestToolKeys();
    try {
      const forged = await stranger.clientAssertion({ clientId: world.clientId, tokenUrl });
      expect((await post(world, await form(world, forged))).body).toEqual({ error: 'invalid_client' });
    } finally {
      await stranger.close();
    }
    const noKid = await world.keys.sign(
      {
        iss: world.clientId,
        sub: world.clientId,
        aud: tokenUrl,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 60,
        jti: 'x1',
      },
      { kid: null },
    );
    expect((await post(world, await form(world, noKid))).body).toEqual({ error: 'invalid_client' });
    const wrongIss = await world.keys.clientAssertion({ clientId: world.clientId, tokenUrl, iss: 'someone' });
    expect((await post(world, await form(world, wrongIss))).body).toEqual({ error: 'invalid_client' });
  });

  it('checks aud, exp and jti of the assertion (invalid_grant)', async () => {
    const tokenUrl = world.sim.endpoints.token;
    const now = Math.floor(Date.now() / 1000);
    const wrongAud = await world.keys.clientAssertion({ clientId: world.clientId, tokenUrl, aud: world.sim.issuer });
    expect((await post(world, await form(world, wrongAud))).body).toEqual({ error: 'invalid_grant' });
    const tooLong = await world.keys.clientAssertion({ clientId: world.clientId, tokenUrl, iat: now, exp: now + 3600 });
    expect((await post(world, await form(world, tooLong))).body).toEqual({ error: 'invalid_grant' });
    const expired = await world.keys.clientAssertion({
      clientId: world.clientId,
      tokenUrl,
      iat: now - 600,
      exp: now - 300,
    });
    expect((await post(world, await form(world, expired))).body).toEqual({ error: 'invalid_grant' });
    const once = await world.keys.clientAssertion({ clientId: world.clientId, tokenUrl, jti: 'same-jti' });
    expect((await post(world, await form(world, once))).status).toBe(200);
    expect((await post(world, await form(world, once))).body).toEqual({ error: 'invalid_grant' });
    const arrayAud = await world.keys.clientAssertion({ clientId: world.clientId, tokenUrl, aud: [tokenUrl, 'other'] });
    expect((await post(world, await form(world, arrayAud))).status).toBe(200);
  });

  it('caches the tool keyset and re-fetches it once on an unknown kid', async () => {
    const before = world.keys.fetchCount;
    expect((await accessToken(world, ALL)).status).toBe(200);
    expect((await accessToken(world, ALL)).status).toBe(200);
    expect(world.keys.fetchCount).toBe(before + 1);
    await world.keys.rotate();
    expect((await accessToken(world, ALL)).status).toBe(200);
    expect(world.keys.fetchCount).toBe(before + 2);
    expect(world.sim.toolJwksFetches.get(world.keys.jwksUrl)).toBe(2);
  });
});
