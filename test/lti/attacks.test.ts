import { createPublicKey } from 'node:crypto';
import { count } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSessions, ltiContexts, ltiIdentities, oidcUsedStates, people } from '../../lti-tool/server/db/schema';
import { openState, sealState } from '../../lti-tool/server/lti/oidc-state';
import { setPlatformStatus } from '../../lti-tool/server/services/platform-admin';
import { TestBrowser, pageJson } from '../helpers/browser';
import { browserLaunch, startLtiWorld, type LtiWorld } from './world';

/**
 * The negative corpus: forged, replayed, tampered and confused logins and launches. Each must be refused with a
 * clear error page naming the check that failed, and leave no person, identity, course or session behind.
 */
let world: LtiWorld;
let attacker: { privateKey: CryptoKey; publicJwk: Record<string, unknown> };
beforeAll(async () => {
  // A low login limit, so the test reaches it quickly (the default is generous: a school shares one address).
  world = await startLtiWorld({ env: { LTI_RATE_LIMIT_PER_MINUTE: '120' } });
  const pair = await generateKeyPair('RS256', { extractable: true });
  attacker = { privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), alg: 'RS256' } };
});
afterAll(() => world.close());

const L = 'https://purl.imsglobal.org/spec/lti/claim/';

interface PendingLogin {
  browser: TestBrowser;
  state: string;
  nonce: string;
}

/** A real login initiation in a real (test) browser: a stored state, its cookie, and the nonce we issued. */
async function startLogin(input: { userId?: number; deepLinking?: boolean } = {}): Promise<PendingLogin> {
  const browser = new TestBrowser();
  const init = world.sim.loginInitiation({
    clientId: world.clientId,
    courseId: 2,
    userId: input.userId ?? 4,
    ...(input.deepLinking ? { deepLinking: true } : { resourceLinkId: 1 }),
  });
  const page = await browser.post(init.url, init.form);
  const auth = new URL(pageJson<{ auth: string }>(await page.text(), 'lti-login').auth);
  return { browser, state: auth.searchParams.get('state') as string, nonce: auth.searchParams.get('nonce') as string };
}

function claimsFor(
  login: PendingLogin,
  input: { userId?: number; deepLinking?: boolean } = {},
): Record<string, unknown> {
  const claims = world.sim.launchClaims({
    clientId: world.clientId,
    userId: input.userId ?? 4,
    courseId: 2,
    ...(input.deepLinking ? { deepLinking: true } : { resourceLinkId: 1 }),
    nonce: login.nonce,
    targetLinkUri: `${world.tool.url}/lti/launch`,
  });
  delete claims.iat;
  delete claims.exp;
  return claims;
}

async function postLaunch(login: PendingLogin, form: Record<string, string>) {
  const response = await login.browser.post(`${world.tool.url}/lti/launch`, form);
  return { status: response.status, html: await response.text() };
}

const now = () => Math.floor(Date.now() / 1000);

interface Attack {
  name: string;
  status: number;
  code: string;
  run: () => Promise<{ status: number; html: string }>;
}

/** Signs crafted claims with the platform's real key (unless the attack says otherwise) and launches with them. */
function forged(
  name: string,
  code: string,
  mutate: (claims: Record<string, unknown>, login: PendingLogin) => void,
  options: {
    status?: number;
    sign?: Parameters<LtiWorld['sim']['signIdToken']>[1];
    user?: number;
    deepLinking?: boolean;
  } = {},
): Attack {
  return {
    name,
    code,
    status: options.status ?? 401,
    run: async () => {
      const login = await startLogin({ userId: options.user, deepLinking: options.deepLinking });
      const claims = claimsFor(login, { userId: options.user, deepLinking: options.deepLinking });
      mutate(claims, login);
      const token = await world.sim.signIdToken(claims, options.sign);
      return postLaunch(login, { id_token: token, state: login.state });
    },
  };
}

function custom(name: string, code: string, status: number, run: Attack['run']): Attack {
  return { name, code, status, run };
}

async function signedByAttacker(header: Record<string, unknown>, claims: Record<string, unknown>) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', ...header })
    .setIssuedAt()
    .setExpirationTime('1m')
    .sign(attacker.privateKey);
}

const platformKid = () => world.sim.jwks().keys[0]?.kid as string;

const ATTACKS: Attack[] = [
  forged('alg none (unsigned token)', 'algorithm_not_allowed', () => {}, { sign: { alg: 'none' } }),
  custom('HS256 signed with the platform public key as the secret', 'algorithm_not_allowed', 401, async () => {
    const login = await startLogin();
    const pem = createPublicKey({ key: world.sim.jwks().keys[0] as never, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    const token = await world.sim.signIdToken(claimsFor(login), {
      alg: 'HS256',
      key: new TextEncoder().encode(String(pem)),
    });
    return postLaunch(login, { id_token: token, state: login.state });
  }),
  forged('token without a kid', 'kid_missing', () => {}, { sign: { kid: null } }),
  custom('unknown kid, attacker key', 'unknown_key', 401, async () => {
    const login = await startLogin();
    return postLaunch(login, {
      id_token: await signedByAttacker({ kid: 'attacker-kid' }, { ...claimsFor(login), iss: world.sim.issuer }),
      state: login.state,
    });
  }),
  custom('platform kid, attacker signature', 'bad_signature', 401, async () => {
    const login = await startLogin();
    return postLaunch(login, {
      id_token: await signedByAttacker({ kid: platformKid() }, { ...claimsFor(login), iss: world.sim.issuer }),
      state: login.state,
    });
  }),
  custom('jku header pointing at an attacker key set', 'bad_signature', 401, async () => {
    const login = await startLogin();
    const header = { kid: platformKid(), jku: 'http://127.0.0.1:9/attacker-jwks.json' };
    return postLaunch(login, {
      id_token: await signedByAttacker(header, { ...claimsFor(login), iss: world.sim.issuer }),
      state: login.state,
    });
  }),
  custom('embedded jwk header with the attacker key', 'bad_signature', 401, async () => {
    const login = await startLogin();
    const header = { kid: platformKid(), jwk: attacker.publicJwk };
    return postLaunch(login, {
      id_token: await signedByAttacker(header, { ...claimsFor(login), iss: world.sim.issuer }),
      state: login.state,
    });
  }),
  custom('tampered payload (signature from the original)', 'bad_signature', 401, async () => {
    const login = await startLogin();
    const token = await world.sim.signIdToken(claimsFor(login));
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p as string, 'base64url').toString());
    payload.sub = '3';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    return postLaunch(login, { id_token: tampered, state: login.state });
  }),
  forged('expired token', 'token_expired', (c) => Object.assign(c, { iat: now() - 600, exp: now() - 300 })),
  forged('issued in the future', 'token_from_future', (c) => Object.assign(c, { iat: now() + 600, exp: now() + 660 })),
  forged('issued too long ago, with a far expiry', 'token_too_old', (c) =>
    Object.assign(c, { iat: now() - 3600, exp: now() + 60 }),
  ),
  forged('wrong issuer', 'wrong_issuer', (c) => Object.assign(c, { iss: 'https://evil.example.cn' })),
  forged('wrong audience', 'wrong_audience', (c) => Object.assign(c, { aud: 'another-client' })),
  forged('extra untrusted audience', 'wrong_audience', (c) =>
    Object.assign(c, { aud: [world.clientId, 'another-client'], azp: world.clientId }),
  ),
  forged('several audiences without azp', 'wrong_audience', (c) =>
    Object.assign(c, { aud: [world.clientId, world.clientId] }),
  ),
  forged('azp naming another client', 'wrong_audience', (c) =>
    Object.assign(c, { aud: [world.clientId], azp: 'another-client' }),
  ),
  forged('missing nonce', 'claims_invalid', (c) => Object.assign(c, { nonce: undefined }), { status: 400 }),
  forged('nonce from another login', 'nonce_mismatch', (c) => Object.assign(c, { nonce: 'a-nonce-we-never-issued' })),
  forged('unregistered deployment', 'unknown_deployment', (c) => Object.assign(c, { [`${L}deployment_id`]: '999' }), {
    status: 403,
  }),
  forged(
    'deployment id differing only in case',
    'unknown_deployment',
    (c) => Object.assign(c, { [`${L}deployment_id`]: 'X1' }),
    { status: 403 },
  ),
  forged(
    'unknown message type',
    'claims_invalid',
    (c) => Object.assign(c, { [`${L}message_type`]: 'LtiStealGradesRequest' }),
    { status: 400 },
  ),
  forged('wrong LTI version', 'claims_invalid', (c) => Object.assign(c, { [`${L}version`]: '1.1.0' }), { status: 400 }),
  forged('no deployment id', 'claims_invalid', (c) => Object.assign(c, { [`${L}deployment_id`]: undefined }), {
    status: 400,
  }),
  forged('no roles claim', 'claims_invalid', (c) => Object.assign(c, { [`${L}roles`]: undefined }), { status: 400 }),
  forged('anonymous launch (no sub)', 'anonymous_launch', (c) => Object.assign(c, { sub: undefined }), { status: 403 }),
  forged(
    'resource-link launch without resource_link',
    'claims_invalid',
    (c) => Object.assign(c, { [`${L}resource_link`]: undefined }),
    { status: 400 },
  ),
  forged(
    'submission review without for_user',
    'claims_invalid',
    (c) => Object.assign(c, { [`${L}message_type`]: 'LtiSubmissionReviewRequest' }),
    { status: 400 },
  ),
  forged(
    'deep-linking request without its settings',
    'claims_invalid',
    (c) => Object.assign(c, { [`${L}message_type`]: 'LtiDeepLinkingRequest', [`${L}resource_link`]: undefined }),
    { status: 400 },
  ),
  forged(
    'target link URI differing from the login',
    'target_link_mismatch',
    (c) => Object.assign(c, { [`${L}target_link_uri`]: `${world.tool.url}/lti/launch?x=1` }),
    { status: 400 },
  ),
  custom('oversize token', 'token_too_large', 413, async () => {
    const login = await startLogin();
    const token = await world.sim.signIdToken({ ...claimsFor(login), padding: 'x'.repeat(70_000) });
    return postLaunch(login, { id_token: token, state: login.state });
  }),
  custom('malformed token', 'token_malformed', 400, async () => {
    const login = await startLogin();
    return postLaunch(login, { id_token: 'not.a-jwt', state: login.state });
  }),
  custom('missing state', 'state_invalid', 401, async () => {
    const login = await startLogin();
    return postLaunch(login, { id_token: await world.sim.signIdToken(claimsFor(login)) });
  }),
  custom('forged state', 'state_invalid', 401, async () => {
    const login = await startLogin();
    return postLaunch(login, { id_token: await world.sim.signIdToken(claimsFor(login)), state: 'forged-state-value' });
  }),
  custom('expired state', 'state_invalid', 401, async () => {
    const login = await startLogin();
    // The login's own state, signed again with our key but with its expiry passed.
    const key = world.tool.toolKeys.stateKey();
    const opened = openState(key, login.state);
    if (!opened) throw new Error('the login state does not open');
    const expired = sealState(key, { ...opened, expiresAt: new Date(Date.now() - 1000) });
    return postLaunch(login, { id_token: await world.sim.signIdToken(claimsFor(login)), state: expired });
  }),
  custom('state altered without our key (another platform, nonce or binding)', 'state_invalid', 401, async () => {
    const login = await startLogin();
    const [body = '', mac = ''] = login.state.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...payload, n: 'attacker-nonce' })).toString('base64url');
    return postLaunch(login, { id_token: await world.sim.signIdToken(claimsFor(login)), state: `${altered}.${mac}` });
  }),
  custom('state presented by another browser (login CSRF)', 'state_not_bound', 401, async () => {
    const victim = await startLogin();
    const attackerLogin = await startLogin();
    const token = await world.sim.signIdToken(claimsFor(attackerLogin));
    return postLaunch({ ...victim, state: attackerLogin.state }, { id_token: token, state: attackerLogin.state });
  }),
  custom('platform error response', 'platform_error', 400, async () => {
    const login = await startLogin();
    return postLaunch(login, { error: 'login_required', error_description: 'not logged in', state: login.state });
  }),
  custom('learner opening the deep-linking picker', 'placement_not_allowed', 403, async () => {
    // Moodle never sends this (it hides "Select content" from learners); another platform might.
    const login = await startLogin({ userId: 3, deepLinking: true });
    const claims = claimsFor(login, { userId: 3, deepLinking: true });
    Object.assign(claims, { sub: '4', [`${L}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'] });
    return postLaunch(login, { id_token: await world.sim.signIdToken(claims), state: login.state });
  }),
];

async function storedCounts() {
  const db = world.tool.database.db;
  const n = async (table: typeof people | typeof appSessions | typeof ltiIdentities | typeof ltiContexts) =>
    (await db.select({ n: count() }).from(table))[0]?.n ?? 0;
  return {
    people: await n(people),
    sessions: await n(appSessions),
    identities: await n(ltiIdentities),
    contexts: await n(ltiContexts),
  };
}

describe('attacks on login and launch', () => {
  it('has at least thirty attacks in the corpus', () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(ATTACKS.map((a) => [a.name, a] as const))('refuses: %s', async (_name, attack) => {
    const before = await storedCounts();
    const result = await attack.run();
    expect(result.status).toBe(attack.status);
    expect(result.html).toContain(attack.code);
    expect(result.html).toMatch(/无法打开本工具|Cannot open the tool|无权操作|Not allowed/);
    expect(await storedCounts()).toEqual(before);
  });

  it('refuses a replayed state and a replayed token after a good launch', async () => {
    const browser = new TestBrowser();
    const init = world.sim.loginInitiation({ clientId: world.clientId, courseId: 2, userId: 4, resourceLinkId: 1 });
    const page = await browser.post(init.url, init.form);
    const auth = new URL(pageJson<{ auth: string }>(await page.text(), 'lti-login').auth);
    const login = {
      browser,
      state: auth.searchParams.get('state') as string,
      nonce: auth.searchParams.get('nonce') as string,
    };
    const token = await world.sim.signIdToken(claimsFor(login));
    const cookies = new Map(browser.cookies(new URL(world.tool.url).hostname));
    expect((await postLaunch(login, { id_token: token, state: login.state })).status).toBe(200);
    const before = await storedCounts();
    // The launch cleared the binding cookie: a plain replay is not bound to this browser any more.
    const replay = await postLaunch(login, { id_token: token, state: login.state });
    expect(replay.status).toBe(401);
    expect(replay.html).toContain('state_not_bound');
    // A client that kept the cookie anyway: the state itself is used up.
    for (const [name, value] of cookies) browser.cookies(new URL(world.tool.url).hostname).set(name, value);
    const kept = await postLaunch(login, { id_token: token, state: login.state });
    expect(kept.status).toBe(401);
    expect(kept.html).toContain('state_invalid');
    // The same token with a fresh login from the same browser: the nonce belongs to the old state.
    const fresh = await startLogin();
    const again = await postLaunch({ ...fresh }, { id_token: token, state: fresh.state });
    expect(again.html).toContain('nonce_mismatch');
    expect(await storedCounts()).toEqual(before);
  });
  it('lets only one of two simultaneous launches with the same state through', async () => {
    const login = await startLogin();
    const token = await world.sim.signIdToken(claimsFor(login));
    const host = new URL(world.tool.url).hostname;
    // A second client holding the same binding cookie, posting at the same moment.
    const twin = new TestBrowser();
    for (const [name, value] of login.browser.cookies(host)) twin.cookies(host).set(name, value);
    const results = await Promise.all([
      postLaunch(login, { id_token: token, state: login.state }),
      postLaunch({ ...login, browser: twin }, { id_token: token, state: login.state }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(results.find((r) => r.status === 401)?.html).toContain('state_invalid');
  });
});

describe('attacks on login initiation', () => {
  const login = (form: Record<string, string>) => new TestBrowser().post(`${world.tool.url}/lti/login`, form);
  const base = () => ({
    iss: world.sim.issuer,
    login_hint: '4',
    target_link_uri: `${world.tool.url}/lti/launch`,
    client_id: world.clientId,
    lti_deployment_id: world.deploymentId,
  });

  it.each([
    ['unregistered issuer', { iss: 'https://unknown-lms.example.cn' }, 400, 'unregistered_platform'],
    ['unknown client id', { client_id: 'nope' }, 400, 'unregistered_platform'],
    [
      'target outside the tool (open redirect)',
      { target_link_uri: 'https://evil.example.cn/phish' },
      400,
      'target_not_allowed',
    ],
    ['missing login_hint', { login_hint: '' }, 400, 'invalid_login_request'],
    ['unregistered deployment', { lti_deployment_id: '42' }, 403, 'unknown_deployment'],
  ] as const)('%s', async (_name, change, status, code) => {
    const statesBefore = (await world.tool.database.db.select({ n: count() }).from(oidcUsedStates))[0]?.n;
    const response = await login({ ...base(), ...change });
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(code);
    expect((await world.tool.database.db.select({ n: count() }).from(oidcUsedStates))[0]?.n).toBe(statesBefore);
  });

  it('refuses a disabled platform and accepts it again once re-enabled', async () => {
    await setPlatformStatus(world.tool.database.db, world.platformId, 'disabled');
    try {
      // The login may be served from the registration cache (issue 14), so the refusal is pinned on the launch,
      // which reads the status fresh.
      const { response, html } = await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
      expect(response.status).toBe(403);
      expect(html).toContain('platform_disabled');
    } finally {
      await setPlatformStatus(world.tool.database.db, world.platformId, 'active');
    }
    const ok = await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    expect(ok.response.status).toBe(200);
  });

  it('limits the rate of logins from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 130; i++)
      statuses.push((await login({ ...base(), iss: 'https://unknown-lms.example.cn' })).status);
    expect(statuses).toContain(429);
  });
});
