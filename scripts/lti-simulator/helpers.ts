/**
 * Test support for the simulator's own tests: the recorded Moodle fixtures, a world mirroring the
 * recording site (course 2, admin 2, teacher1 3, student1 4, student2 5, one graded activity) and
 * shortcuts for a launch and an access token.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { startPlatformSimulator } from './index';
import type { LoginInitiationInput, PlatformSimulator, RegisterToolInput, SimulatorOptions } from './index';
import { startTestToolKeys } from './test-tool-keys';
import type { TestToolKeys } from './test-tool-keys';
import { reusedKeyPairs } from '../../test/helpers/key-pairs';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/moodle-5.1');
export const FIXTURE_ISSUER = 'http://127.0.0.1:8080';
export const FIXTURE_CLIENT_ID = 'KgTdQCLOSzBGA3W';
export const TOOL = 'http://127.0.0.1:8090';

export function readFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as T;
}

/** Rewrites a fixture value to the simulator's issuer and client id, so both can be compared directly. */
export function toSimulator<T>(value: T, sim: PlatformSimulator, clientId: string): T {
  const text = JSON.stringify(value).replaceAll(FIXTURE_ISSUER, sim.issuer).replaceAll(FIXTURE_CLIENT_ID, clientId);
  return JSON.parse(text) as T;
}

/** Values that differ on every launch (session key, hashes, site guid) are masked on both sides. */
export function masked(payload: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(payload);
  for (const key of ['nonce', 'iat', 'exp']) copy[key] = '*';
  const presentation = copy[`https://purl.imsglobal.org/spec/lti/claim/launch_presentation`] as
    Record<string, string> | undefined;
  if (presentation?.return_url) presentation.return_url = presentation.return_url.replace(/sesskey=\w+/, 'sesskey=*');
  const platform = copy[`https://purl.imsglobal.org/spec/lti/claim/tool_platform`] as Record<string, string>;
  platform.guid = '*';
  const bo = copy['https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome'] as Record<string, string> | undefined;
  if (bo) bo.lis_result_sourcedid = '*';
  const dl = copy['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] as
    Record<string, string> | undefined;
  if (dl) dl.deep_link_return_url = dl.deep_link_return_url!.replace(/sesskey=\w+/, 'sesskey=*');
  return copy;
}

export interface World {
  sim: PlatformSimulator;
  keys: TestToolKeys;
  clientId: string;
  deploymentId: string;
  close(): Promise<void>;
}

/** The recording site: same names, ids, custom parameters and one graded activity (instance 1, cmid 2). */
export async function moodleLikeWorld(
  options: SimulatorOptions = {},
  tool: Partial<RegisterToolInput> = {},
  sharedKeys?: TestToolKeys,
): Promise<World> {
  // RSA key generation dominates test time: pass one tool key to several worlds when tests allow it.
  const keys = sharedKeys ?? (await startTestToolKeys());
  const sim = await startPlatformSimulator({
    site: { shortName: 'ltiharness', fullName: 'LTI Harness Moodle' },
    keyPairs: reusedKeyPairs('platform'),
    ...options,
  });
  const { clientId, deploymentId } = sim.registerTool({
    name: 'Harness LTI 1.3 Tool',
    loginUrl: `${TOOL}/login`,
    redirectUris: [`${TOOL}/launch`, `${TOOL}/deeplink`],
    jwksUrl: keys.jwksUrl,
    deepLinkingUrl: `${TOOL}/deeplink`,
    targetLinkUri: `${TOOL}/launch`,
    customParameters: { harness_custom: 'hello', user_username: '$User.username', context_title: '$Context.title' },
    ...tool,
  });
  sim.addCourse({ id: 2, label: 'LTI101', title: 'LTI Harness Course' });
  const users = [
    { id: 2, given_name: 'Admin', family_name: 'User', email: 'admin@example.com', username: 'admin' },
    { id: 3, given_name: 'Tina', family_name: 'Teacher', email: 'teacher1@example.com', username: 'teacher1' },
    { id: 4, given_name: 'Sam', family_name: 'Student', email: 'student1@example.com', username: 'student1' },
    { id: 5, given_name: 'Sally', family_name: 'Scholar', email: 'student2@example.com', username: 'student2' },
  ];
  for (const user of users) sim.addUser(user);
  sim.makeSiteAdmin(2);
  sim.enrol(2, 3, 'Instructor');
  sim.enrol(2, 4, 'Learner');
  sim.enrol(2, 5, 'Learner');
  sim.addResourceLink({
    courseId: 2,
    clientId,
    id: 1,
    title: 'Harness LTI activity',
    description: 'Launches the harness receiver',
    custom: { activity_custom: 'act1' },
    gradeMax: 100,
  });
  return {
    sim,
    keys,
    clientId,
    deploymentId,
    close: async () => {
      await sim.close();
      if (!sharedKeys) await keys.close();
    },
  };
}

/** Login initiation → auth request (as the tool would redirect) → id_token, without HTTP. */
export async function launch(
  sim: PlatformSimulator,
  input: LoginInitiationInput & { redirectUri?: string; nonce?: string },
): Promise<{ idToken: string; payload: Record<string, unknown>; form: Record<string, string> }> {
  const { form } = sim.loginInitiation(input);
  const result = await sim.authorize({
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: form.client_id,
    redirect_uri: input.redirectUri ?? (input.deepLinking ? `${TOOL}/deeplink` : `${TOOL}/launch`),
    login_hint: form.login_hint,
    lti_message_hint: form.lti_message_hint,
    state: 'state-1',
    nonce: input.nonce ?? 'nonce-1',
  });
  if (!result.ok) throw new Error(`launch failed: ${JSON.stringify(result.fields)}`);
  return { idToken: result.fields.id_token, payload: decodeJwt(result.fields.id_token), form: form };
}

export async function accessToken(world: World, scopes: string[], clientId = world.clientId): Promise<Response> {
  const assertion = await world.keys.clientAssertion({ clientId, tokenUrl: world.sim.endpoints.token });
  return fetch(world.sim.endpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: scopes.join(' '),
    }),
  });
}

export async function bearer(world: World, scopes: string[], clientId = world.clientId): Promise<string> {
  const res = await accessToken(world, scopes, clientId);
  const body = JSON.parse(await res.text()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}
