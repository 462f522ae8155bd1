import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startPlatformSimulator } from './index';
import type { PlatformSimulator } from './index';
import { readFixture, toSimulator } from './helpers';
import { startTestToolKeys } from './test-tool-keys';
import type { TestToolKeys } from './test-tool-keys';

interface RegistrationFixture {
  registration_request: Record<string, unknown>;
  registration_response: { status: number; headers: Record<string, string>; body: string };
}

const fixture = readFixture<RegistrationFixture>('dynamic-registration.json');
const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

describe('dynamic registration', () => {
  let sim: PlatformSimulator;
  let keys: TestToolKeys;
  beforeAll(async () => {
    keys = await startTestToolKeys();
  });
  afterAll(async () => {
    await keys.close();
  });
  beforeEach(async () => {
    sim = await startPlatformSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  async function start(): Promise<{ token: string; sub: string }> {
    const url = new URL(await sim.startDynamicRegistration('http://127.0.0.1:8090/register?lang=zh'));
    expect(url.searchParams.get('lang')).toBe('zh');
    expect(url.searchParams.get('openid_configuration')).toBe(sim.endpoints.openidConfiguration);
    const token = url.searchParams.get('registration_token')!;
    const { payload } = await jwtVerify(token, createLocalJWKSet(sim.jwks()), { algorithms: ['RS256'] });
    expect(Object.keys(payload)).toEqual(['sub', 'scope', 'iat', 'exp']);
    expect(payload).toMatchObject({ scope: 'reg', exp: payload.iat! + 3600 });
    expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'JWT', alg: 'RS256' });
    return { token, sub: payload.sub! };
  }

  const register = (token: string, body: unknown) =>
    fetch(sim.endpoints.registration, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('serves the openid configuration of the fixture', async () => {
    const res = await fetch(sim.endpoints.openidConfiguration);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual(toSimulator(readFixture('moodle-openid-configuration.json'), sim, ''));
  });

  it('registers a tool as pending and answers 200 in Moodle 5.1.3 shape', async () => {
    const { token, sub } = await start();
    const request = { ...fixture.registration_request, jwks_uri: keys.jwksUrl };
    const res = await register(token, request);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(fixture.registration_response.headers['content-type']);
    const raw = await res.text();
    expect(raw).toContain('"initiate_login_uri":"http:\\/\\/127.0.0.1:8090\\/login"');
    const expected = JSON.parse(fixture.registration_response.body) as Record<string, Record<string, unknown>>;
    expected.client_id = sub as never;
    expected.jwks_uri = keys.jwksUrl as never;
    expected[TOOL_CONFIG]!.deployment_id = '1';
    const body = JSON.parse(raw) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(Object.keys(expected));
    expect(body).toEqual(expected);

    const tool = sim.tool(sub);
    expect(tool).toMatchObject({
      status: 'pending',
      deploymentId: '1',
      launchContainer: 'embed',
      deepLinkingUrl: 'http://127.0.0.1:8090/deeplink',
      ags: 2,
      nrps: true,
      shareName: true,
      shareEmail: true,
    });
    sim.addCourse({ id: 2, label: 'C', title: 'Course' });
    sim.addUser({ id: 3, given_name: 'T', family_name: 'T', email: 't@example.com', username: 't' });
    sim.enrol(2, 3, 'Instructor');
    sim.addResourceLink({ courseId: 2, clientId: sub, id: 1, title: 'Activity' });
    expect(() => sim.loginInitiation({ clientId: sub, userId: 3, courseId: 2, resourceLinkId: 1 })).toThrow(/pending/);
    sim.activateTool(sub);
    expect(sim.loginInitiation({ clientId: sub, userId: 3, courseId: 2, resourceLinkId: 1 }).form.client_id).toBe(sub);

    const reused = await register(token, request);
    expect(reused.status).toBe(401);
    expect(await reused.text()).toBe('token_already_used');
  });

  it('refuses a target_link_uri outside the tool domain', async () => {
    const { token } = await start();
    const config = fixture.registration_request[TOOL_CONFIG] as Record<string, unknown>;
    const res = await register(token, {
      ...fixture.registration_request,
      [TOOL_CONFIG]: { ...config, target_link_uri: 'https://evil.example/launch' },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('domain_targetlinkuri_mismatch');
  });

  it.each([
    ['response_types without id_token', { response_types: ['code'] }, 'invalid_response_types'],
    [
      'another auth method',
      { token_endpoint_auth_method: 'client_secret_basic' },
      'invalid_token_endpoint_auth_method',
    ],
    ['no jwks_uri', { jwks_uri: undefined }, 'missing required attribute jwks_uri'],
    ['no tool configuration', { [TOOL_CONFIG]: undefined }, `missing required attribute ${TOOL_CONFIG}`],
  ])('refuses a registration with %s', async (_label, overrides, message) => {
    const { token } = await start();
    const res = await register(token, { ...fixture.registration_request, ...overrides });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(message);
  });

  it('requires a valid registration token', async () => {
    expect((await register('', fixture.registration_request)).status).toBe(401);
    const forged = await keys.sign({ sub: 'abc', scope: 'reg', iat: 1, exp: 9_999_999_999 });
    expect((await register(forged, fixture.registration_request)).status).toBe(401);
  });
});
