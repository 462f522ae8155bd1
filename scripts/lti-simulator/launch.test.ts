import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { AuthPageError, ROLES, parseAutoPostForm } from './index';
import { TOOL, launch, masked, moodleLikeWorld, readFixture, toSimulator } from './helpers';
import type { World } from './helpers';

interface IdTokenFixture {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}
interface LoginFixture {
  form: Record<string, string>;
}

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

describe('launches (login initiation, auth.php, id_token)', () => {
  let world: World;
  // One world for the file: every test starts its own launches, none depends on another's state.
  beforeAll(async () => {
    world = await moodleLikeWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('signs id_tokens that verify with its JWKS, with Moodle header and lifetime', async () => {
    const { idToken } = await launch(world.sim, {
      clientId: world.clientId,
      userId: 3,
      courseId: 2,
      resourceLinkId: 1,
    });
    const jwks = createRemoteJWKSet(new URL(world.sim.endpoints.jwks));
    const { payload, protectedHeader } = await jwtVerify(idToken, jwks, {
      issuer: world.sim.issuer,
      audience: world.clientId,
      algorithms: ['RS256'],
    });
    expect(Object.keys(protectedHeader)).toEqual(['typ', 'alg', 'kid']);
    expect(protectedHeader.kid).toMatch(/^[0-9a-f]{20}$/);
    expect(payload.exp).toBe(payload.iat! + 60);
    expect(payload.aud).toBe(world.clientId);
    expect(payload.nonce).toBe('nonce-1');
    const jwksBody = (await (await fetch(world.sim.endpoints.jwks)).json()) as { keys: Record<string, unknown>[] };
    expect(Object.keys(jwksBody.keys[0]!)).toEqual(['kty', 'alg', 'kid', 'e', 'n', 'use']);
  });

  it.each([
    ['id_token-teacher-resource-link.json', 3],
    ['id_token-student-resource-link.json', 4],
    ['id_token-student2-resource-link.json', 5],
    ['id_token-admin-resource-link.json', 2],
  ])('reproduces %s claim for claim', async (file, userId) => {
    const fixture = readFixture<IdTokenFixture>(file);
    const { idToken, payload } = await launch(world.sim, {
      clientId: world.clientId,
      userId,
      courseId: 2,
      resourceLinkId: 1,
    });
    expect(decodeProtectedHeader(idToken).typ).toBe(fixture.header.typ);
    expect(Object.keys(payload)).toEqual(Object.keys(fixture.payload));
    expect(masked(payload)).toEqual(masked(toSimulator(fixture.payload, world.sim, world.clientId)));
    const sourcedid = (payload['https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome'] as Record<string, string>)
      .lis_result_sourcedid;
    expect(JSON.parse(sourcedid!)).toMatchObject({ data: { instanceid: '1', userid: String(userId), typeid: '1' } });
  });

  it('reproduces the deep-linking request of the fixture', async () => {
    const fixture = readFixture<IdTokenFixture>('id_token-teacher-deep-linking-request.json');
    const { payload } = await launch(world.sim, {
      clientId: world.clientId,
      userId: 3,
      courseId: 2,
      deepLinking: true,
    });
    expect(Object.keys(payload)).toEqual(Object.keys(fixture.payload));
    expect(masked(payload)).toEqual(masked(toSimulator(fixture.payload, world.sim, world.clientId)));
    expect(payload[`${LTI}resource_link`]).toBeUndefined();
  });

  it('posts exactly the login initiation fields Moodle posts', () => {
    const fixture = readFixture<LoginFixture>('oidc-login-initiation-resource-link-teacher.json');
    const init = world.sim.loginInitiation({ clientId: world.clientId, userId: 3, courseId: 2, resourceLinkId: 1 });
    expect(init.url).toBe(`${TOOL}/login`);
    expect(init.method).toBe('POST');
    expect(Object.keys(init.form)).toEqual(Object.keys(fixture.form));
    expect(init.form).toMatchObject({
      iss: world.sim.issuer,
      login_hint: '3',
      client_id: world.clientId,
      lti_deployment_id: '1',
    });
    expect(init.form.lti_message_hint).toMatch(/^\{"cmid":2,"launchid":"ltilaunch1_\d+"\}$/);
    const dl = world.sim.loginInitiation({ clientId: world.clientId, userId: 3, courseId: 2, deepLinking: true });
    expect(dl.form.lti_message_hint).toMatch(/^\{"launchid":"ltilaunch_ContentItemSelectionRequest\d+"\}$/);
    expect(dl.form.target_link_uri).toBe(`${TOOL}/deeplink`);
  });

  function authQuery(form: Record<string, string>, overrides: Record<string, string | undefined> = {}) {
    return {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: form.client_id,
      redirect_uri: `${TOOL}/launch`,
      login_hint: form.login_hint,
      lti_message_hint: form.lti_message_hint,
      state: 's1',
      nonce: 'n1',
      ...overrides,
    };
  }

  it('consumes lti_message_hint on first use: a retry gets the error page', async () => {
    const { form } = world.sim.loginInitiation({ clientId: world.clientId, userId: 4, courseId: 2, resourceLinkId: 1 });
    expect((await world.sim.authorize(authQuery(form))).ok).toBe(true);
    await expect(world.sim.authorize(authQuery(form))).rejects.toBeInstanceOf(AuthPageError);
    // Even a failed attempt consumes the launch.
    const second = world.sim.loginInitiation({ clientId: world.clientId, userId: 4, courseId: 2, resourceLinkId: 1 });
    expect((await world.sim.authorize(authQuery(second.form, { login_hint: '5' }))).ok).toBe(false);
    await expect(world.sim.authorize(authQuery(second.form))).rejects.toBeInstanceOf(AuthPageError);
  });

  it('requires redirect_uri to equal a registered URI exactly', async () => {
    for (const redirect of [`${TOOL}/launch/`, `${TOOL}/launch?x=1`, `${TOOL.replace('http', 'https')}/launch`]) {
      const { form } = world.sim.loginInitiation({
        clientId: world.clientId,
        userId: 4,
        courseId: 2,
        resourceLinkId: 1,
      });
      await expect(world.sim.authorize(authQuery(form, { redirect_uri: redirect }))).rejects.toThrow(/redirect_uri/);
    }
    const { form } = world.sim.loginInitiation({ clientId: world.clientId, userId: 4, courseId: 2, resourceLinkId: 1 });
    const other = await world.sim.authorize(authQuery(form, { redirect_uri: `${TOOL}/deeplink` }));
    expect(other).toMatchObject({ ok: true, action: `${TOOL}/deeplink` });
  });

  it.each([
    ['login_hint of another user', { login_hint: '5' }, 'access_denied', undefined],
    ['scope other than openid', { scope: 'openid profile' }, 'invalid_scope', undefined],
    ['response_type code', { response_type: 'code' }, 'unsupported_response_type', undefined],
    ['another client_id', { client_id: 'someone-else' }, 'unauthorized_client', undefined],
    ['no response_mode', { response_mode: undefined }, 'invalid_request', 'Invalid response_mode'],
    ['prompt=login', { prompt: 'login' }, 'invalid_request', 'Invalid prompt'],
    ['no nonce', { nonce: undefined }, 'invalid_request', 'Missing nonce'],
    ['no state', { state: undefined }, 'invalid_request', 'Missing state'],
  ])('posts an OIDC error back to redirect_uri for %s', async (_label, overrides, error, description) => {
    const { form } = world.sim.loginInitiation({ clientId: world.clientId, userId: 4, courseId: 2, resourceLinkId: 1 });
    const result = await world.sim.authorize(authQuery(form, overrides));
    const state = 'state' in overrides ? '' : 's1';
    expect(result).toEqual({
      ok: false,
      action: `${TOOL}/launch`,
      fields: { error, ...(description ? { error_description: description } : {}), state },
    });
  });

  it('serves auth.php over HTTP as an auto-submitting form of exactly id_token and state', async () => {
    const { form } = world.sim.loginInitiation({ clientId: world.clientId, userId: 4, courseId: 2, resourceLinkId: 1 });
    const url = `${world.sim.endpoints.auth}?${new URLSearchParams(authQuery(form) as Record<string, string>)}`;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<form action="http://127.0.0.1:8090/launch"');
    expect(html).toContain('method="post"');
    expect(html).toContain('document.ltiAuthForm.submit()');
    expect(html).toContain('<noscript>');
    const posted = parseAutoPostForm(html);
    expect(posted.action).toBe(`${TOOL}/launch`);
    expect(Object.keys(posted.fields)).toEqual(['id_token', 'state']);
    expect(decodeJwt(posted.fields.id_token!).sub).toBe('4');
    const retry = await fetch(url);
    expect(retry.status).toBe(400);
    expect(await retry.text()).toContain('already used');
    const post = await fetch(world.sim.endpoints.auth, {
      method: 'POST',
      body: new URLSearchParams(authQuery(form) as Record<string, string>),
    });
    expect(post.status).toBe(400);
  });

  it('accepts the full redirect URL the tool sends the browser to', async () => {
    const { form } = world.sim.loginInitiation({ clientId: world.clientId, userId: 4, courseId: 2, resourceLinkId: 1 });
    const redirect = `${world.sim.endpoints.auth}?${new URLSearchParams(authQuery(form) as Record<string, string>)}`;
    expect((await world.sim.authorize(redirect)).ok).toBe(true);
    expect(() => world.sim.loginInitiation({ clientId: 'nope', userId: 4, courseId: 2, resourceLinkId: 1 })).toThrow();
  });

  it('sends the user language as locale and the admin roles sorted', async () => {
    world.sim.addUser({
      id: 6,
      given_name: '明',
      family_name: '李',
      email: 'li@example.cn',
      username: 'liming',
      lang: 'zh_cn',
    });
    world.sim.enrol(2, 6, 'Learner');
    const { payload } = await launch(world.sim, {
      clientId: world.clientId,
      userId: 6,
      courseId: 2,
      resourceLinkId: 1,
    });
    expect(payload[`${LTI}launch_presentation`]).toMatchObject({ locale: 'zh_cn', document_target: 'window' });
    expect(payload.name).toBe('明 李');
    expect(payload[`${LTI}roles`]).toEqual([ROLES.learner]);
    const admin = await launch(world.sim, { clientId: world.clientId, userId: 2, courseId: 2, resourceLinkId: 1 });
    expect(admin.payload[`${LTI}roles`]).toEqual([ROLES.institutionAdmin, ROLES.instructor, ROLES.systemAdmin]);
  });

  it('rotates its key: the JWKS then only holds the new kid (a cached keyset misses)', async () => {
    const before = createLocalJWKSet(world.sim.jwks());
    const oldKid = (world.sim.jwks().keys[0] as { kid: string }).kid;
    const newKid = await world.sim.rotateKey();
    expect(newKid).not.toBe(oldKid);
    const { idToken } = await launch(world.sim, {
      clientId: world.clientId,
      userId: 4,
      courseId: 2,
      resourceLinkId: 1,
    });
    expect(decodeProtectedHeader(idToken).kid).toBe(newKid);
    await expect(jwtVerify(idToken, before)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    await expect(jwtVerify(idToken, createRemoteJWKSet(new URL(world.sim.endpoints.jwks)))).resolves.toBeDefined();
  });

  it('crafts tokens for negative tests with signIdToken', async () => {
    const base = world.sim.launchClaims({
      clientId: world.clientId,
      userId: 4,
      courseId: 2,
      resourceLinkId: 1,
      nonce: 'n',
    });
    const jwks = createLocalJWKSet(world.sim.jwks());
    const valid = await world.sim.signIdToken(base);
    expect((await jwtVerify(valid, jwks)).payload).toMatchObject({ sub: '4', [`${LTI}version`]: '1.3.0' });
    const noKid = await world.sim.signIdToken({ ...base, [`${LTI}version`]: '1.2.0', sub: undefined }, { kid: null });
    expect(decodeProtectedHeader(noKid).kid).toBeUndefined();
    expect(decodeJwt(noKid)).not.toHaveProperty('sub');
    const unsigned = await world.sim.signIdToken(base, { alg: 'none' });
    expect(unsigned.endsWith('.')).toBe(true);
    await expect(jwtVerify(unsigned, jwks)).rejects.toThrow();
    const wrongKid = await world.sim.signIdToken(base, { kid: 'not-a-platform-key' });
    await expect(jwtVerify(wrongKid, jwks)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('has no .well-known openid configuration, like Moodle', async () => {
    expect((await fetch(`${world.sim.issuer}/.well-known/openid-configuration`)).status).toBe(404);
  });
});

describe('simulator clock and logs', () => {
  it('takes iat/exp from the injected clock and logs requests with its reasons', async () => {
    const recorded = readFixture<IdTokenFixture>('id_token-teacher-resource-link.json').payload;
    const world = await moodleLikeWorld({ clock: () => (recorded.iat as number) * 1000 + 400 });
    try {
      const { payload } = await launch(world.sim, {
        clientId: world.clientId,
        userId: 3,
        courseId: 2,
        resourceLinkId: 1,
      });
      expect(payload).toMatchObject({ iat: recorded.iat, exp: recorded.exp });
      expect(world.sim.idTokensIssued).toHaveLength(1);
      const res = await fetch(`${world.sim.endpoints.auth}?lti_message_hint=%7B%7D`);
      expect(res.status).toBe(400);
      expect(world.sim.requests.at(-1)).toMatchObject({
        method: 'GET',
        path: '/mod/lti/auth.php',
        status: 400,
        note: expect.stringContaining('lti_message_hint'),
      });
    } finally {
      await world.close();
    }
  });
});
