import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, pageJson } from '../helpers/browser';
import { startLtiWorld, type LtiWorld } from '../lti/world';

// Property tests of the LTI edges (issue 14): whatever a platform or a forger sends to the login and the launch,
// the answer is a page or a refusal (2xx–4xx), never a 500. The launch cases are signed with the platform's real key
// and carry the nonce and state of a real login, so the generated claims reach the claim parsing, the checks after
// the signature and what a launch records, not only the signature check. Seeds are fixed: a failure reproduces.

let world: LtiWorld;
beforeAll(async () => {
  world = await startLtiWorld({ env: { LTI_RATE_LIMIT_PER_MINUTE: '1000000' } });
});
afterAll(() => world.close());

const L = 'https://purl.imsglobal.org/spec/lti/claim/';
const CLAIM_KEYS = [
  'sub',
  'aud',
  'azp',
  'name',
  'given_name',
  'family_name',
  'email',
  'locale',
  `${L}message_type`,
  `${L}version`,
  `${L}deployment_id`,
  `${L}target_link_uri`,
  `${L}resource_link`,
  `${L}roles`,
  `${L}context`,
  `${L}tool_platform`,
  `${L}launch_presentation`,
  `${L}custom`,
  `${L}lis`,
  `${L}role_scope_mentor`,
  `${L}for_user`,
  `${L}ext`,
  'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
];

/** Text as platforms and forgers send it: CJK, control characters and NUL, long runs. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\u0000', '教师\u0000', 'a'.repeat(300), '$Canvas.user.id', 'membership#Instructor'),
);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A mutation of a valid launch: some claims replaced by any JSON value, some removed, roles and custom fuzzed. */
const mutation = fc.record({
  replace: fc.dictionary(fc.constantFrom(...CLAIM_KEYS), json, { maxKeys: 4 }),
  remove: fc.uniqueArray(fc.constantFrom(...CLAIM_KEYS), { maxLength: 3 }),
  roles: fc.option(fc.array(text, { maxLength: 5 }), { nil: undefined }),
  custom: fc.option(fc.dictionary(text, json, { maxKeys: 4 }), { nil: undefined }),
  deepLinking: fc.boolean(),
});

async function startLogin(deepLinking: boolean) {
  const browser = new TestBrowser();
  const init = world.sim.loginInitiation({
    clientId: world.clientId,
    courseId: 2,
    userId: 3,
    ...(deepLinking ? { deepLinking: true } : { resourceLinkId: 1 }),
  });
  const page = await browser.post(init.url, init.form);
  const auth = new URL(pageJson<{ auth: string }>(await page.text(), 'lti-login').auth);
  return { browser, state: auth.searchParams.get('state') as string, nonce: auth.searchParams.get('nonce') as string };
}

describe('LTI edges under generated input: never a 500', () => {
  it('launches signed with the platform key, with generated claims, get a page or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const login = await startLogin(m.deepLinking);
        const claims = world.sim.launchClaims({
          clientId: world.clientId,
          userId: 3,
          courseId: 2,
          ...(m.deepLinking ? { deepLinking: true } : { resourceLinkId: 1 }),
          nonce: login.nonce,
          targetLinkUri: `${world.tool.url}/lti/launch`,
        });
        delete claims.iat;
        delete claims.exp;
        if (m.roles) claims[`${L}roles`] = m.roles;
        if (m.custom) claims[`${L}custom`] = m.custom;
        Object.assign(claims, m.replace);
        for (const key of m.remove) delete claims[key];
        const token = await world.sim.signIdToken(claims);
        const response = await login.browser.post(`${world.tool.url}/lti/launch`, {
          id_token: token,
          state: login.state,
        });
        await response.text();
        expect(response.status, JSON.stringify(m)).toBeLessThan(500);
      }),
      {
        numRuns: 60,
        seed: 1406,
        // What the fuzzer found (500s before the fix): a NUL in a role, in the deployment id.
        examples: [
          [{ replace: {}, remove: [], roles: ['\u0000'], custom: undefined, deepLinking: false }],
          [
            {
              replace: { [`${L}deployment_id`]: '教师\u0000' },
              remove: [],
              roles: undefined,
              custom: undefined,
              deepLinking: false,
            },
          ],
        ],
      },
    );
  });

  it('login initiations with generated parameters, by GET and POST, get a page or a 4xx', async () => {
    const params = fc.dictionary(
      fc.constantFrom(
        'iss',
        'login_hint',
        'target_link_uri',
        'lti_message_hint',
        'lti_deployment_id',
        'client_id',
        'lti_storage_target',
      ),
      fc.oneof(text, fc.constant(world.sim.issuer), fc.constant(world.clientId), fc.constant(world.deploymentId)),
    );
    await fc.assert(
      fc.asyncProperty(params, fc.boolean(), async (p, post) => {
        const browser = new TestBrowser();
        const response = post
          ? await browser.post(`${world.tool.url}/lti/login`, p)
          : await browser.get(`${world.tool.url}/lti/login?${new URLSearchParams(p).toString()}`);
        await response.text();
        expect(response.status, JSON.stringify(p)).toBeLessThan(500);
      }),
      { numRuns: 80, seed: 1407 },
    );
  });

  it('launch form posts with generated fields (no valid state or token) get a 4xx', async () => {
    const form = fc.dictionary(fc.constantFrom('id_token', 'state', 'error', 'error_description', 'other'), text);
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const response = await new TestBrowser().post(`${world.tool.url}/lti/launch`, fields);
        await response.text();
        expect(response.status, JSON.stringify(fields)).toBeGreaterThanOrEqual(400);
        expect(response.status, JSON.stringify(fields)).toBeLessThan(500);
      }),
      { numRuns: 80, seed: 1408 },
    );
  });
});
