import { createHash, randomBytes } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platforms, deployments } from '../../lti-tool/server/db/schema';
import { sealState } from '../../lti-tool/server/lti/oidc-state';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { MOODLE, MOODLE_ID_TOKENS, readMoodleFixture, type IdTokenRecord } from '../fixtures/moodle';
import { TestBrowser, pageJson } from '../helpers/browser';
import { startToolServer, type ToolServer } from '../helpers/tool-server';

/**
 * The six id_tokens recorded from a real Moodle 5.1.3, posted exactly as Moodle posted them to the real launch
 * endpoint. The tokens expired long ago, so the clock is pinned to each token's `iat`. Each state is signed as the
 * login step would have signed it (the recording gives each nonce), bound to this test browser.
 */
const verify = { now: new Date() };
let tool: ToolServer;
let platformId: string;
beforeAll(async () => {
  tool = await startToolServer({ verify });
  const db = tool.database.db;
  const tenantId = await ensureTenant(db, 'moodle-recording');
  const moodleKey = readMoodleFixture<JSONWebKeySet>('moodle-jwks.json').keys[0];
  // Moodle's JWKS URL is on a loopback address nobody serves now: register its recorded key as a static key.
  const [platform] = await db
    .insert(platforms)
    .values({
      tenantId,
      name: 'Moodle 5.1.3 (recorded)',
      issuer: MOODLE.issuer,
      clientId: MOODLE.clientId,
      authLoginUrl: `${MOODLE.issuer}/mod/lti/auth.php`,
      accessTokenUrl: `${MOODLE.issuer}/mod/lti/token.php`,
      publicJwk: moodleKey,
      status: 'active',
    })
    .returning();
  platformId = platform?.id as string;
  await db.insert(deployments).values({ tenantId, platformId, deploymentId: MOODLE.deploymentId });
});
afterAll(() => tool.close());

const sha256 = (v: string) => createHash('sha256').update(v).digest('base64url');

async function launchRecorded(file: string) {
  const record = readMoodleFixture<IdTokenRecord>(file);
  const browser = new TestBrowser();
  const stateId = randomBytes(9).toString('base64url');
  const binding = randomBytes(32).toString('base64url');
  const state = sealState(tool.toolKeys.stateKey(), {
    platformId,
    stateId,
    bindingHash: sha256(binding),
    nonce: record.payload.nonce,
    targetLinkUri: record.payload['https://purl.imsglobal.org/spec/lti/claim/target_link_uri'] as string,
    expiresAt: new Date(Date.now() + 600_000),
  });
  browser.cookies('127.0.0.1').set(`lti_b_${stateId}`, binding);
  verify.now = new Date(record.payload.iat * 1000 + 5_000);
  const response = await browser.post(`${tool.url}/lti/launch`, { id_token: record.id_token_raw, state });
  return { response, html: await response.text(), state };
}

describe('recorded Moodle 5.1.3 launches through /lti/launch', () => {
  it.each(MOODLE_ID_TOKENS)('%s is accepted', async (file) => {
    const { response, html } = await launchRecorded(file);
    expect(response.status, html.slice(0, 400)).toBe(200);
    if (file.includes('deep-linking')) {
      expect(html).toContain('/lti/deep-linking/respond');
    } else {
      const config = pageJson<{ lang: string; sessionToken: string }>(html, 'app-config');
      expect(config.lang).toBe('en'); // Moodle sent locale "en"
      const me = await fetch(`${tool.url}/api/v1/me`, { headers: { authorization: `Bearer ${config.sessionToken}` } });
      const body = await me.json();
      const expected = file.includes('admin') ? 'institution_admin' : file.includes('teacher') ? 'assessor' : 'teacher';
      expect(body.roles).toContain(expected);
    }
  });

  it('lands a link without our placement parameters on the teacher home page', async () => {
    // The recorded deep-linked item carries the recording harness's custom parameters, not ours.
    const { html } = await launchRecorded('id_token-student-launch-of-deep-linked-activity.json');
    expect(pageJson<{ placement: string }>(html, 'app-config').placement).toBe('teacher-home');
  });

  it('refuses a recorded token presented a second time', async () => {
    const file = 'id_token-student2-resource-link.json';
    const record = readMoodleFixture<IdTokenRecord>(file);
    const first = await launchRecorded(file);
    expect(first.response.status).toBe(200);
    const replay = await new TestBrowser().post(`${tool.url}/lti/launch`, {
      id_token: record.id_token_raw,
      state: first.state,
    });
    expect(replay.status).toBe(401);
  });
});
