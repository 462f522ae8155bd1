import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launch, masked, moodleLikeWorld, readFixture, toSimulator } from './helpers';
import type { World } from './helpers';
import { startTestToolKeys } from './test-tool-keys';
import type { TestToolKeys } from './test-tool-keys';

const DL_SETTINGS = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';

interface DeepLinkFixture {
  return_url: string;
  payload: Record<string, unknown>;
}

const fixture = readFixture<DeepLinkFixture>('deep-linking-response-sent-by-tool.json');
const contentItems = fixture.payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<
  string,
  unknown
>[];

describe('deep linking return /mod/lti/contentitem_return.php', () => {
  let world: World;
  let keys: TestToolKeys;
  beforeAll(async () => {
    keys = await startTestToolKeys();
  });
  afterAll(async () => {
    await keys.close();
  });
  let returnUrl: string;
  beforeEach(async () => {
    world = await moodleLikeWorld({}, {}, keys);
    const { payload } = await launch(world.sim, {
      clientId: world.clientId,
      userId: 3,
      courseId: 2,
      deepLinking: true,
    });
    returnUrl = (payload[DL_SETTINGS] as { deep_link_return_url: string }).deep_link_return_url;
  });
  afterEach(async () => {
    await world.close();
  });

  const post = (jwt: string, url = returnUrl) =>
    fetch(url, { method: 'POST', body: new URLSearchParams({ JWT: jwt }) });
  const response = (overrides: Record<string, unknown> = {}, items = contentItems) =>
    world.keys.deepLinkingResponse({
      clientId: world.clientId,
      issuer: world.sim.issuer,
      deploymentId: world.deploymentId,
      msg: 'Harness deep link done',
      contentItems: items,
      claims: overrides,
    });

  it('verifies the response and saves the activity with a grade column named after the item', async () => {
    expect(returnUrl).toMatch(
      new RegExp(`^${world.sim.issuer}/mod/lti/contentitem_return\\.php\\?course=2&id=1&sesskey=\\w{10}$`),
    );
    const res = await post(await response());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('Harness deep link done');
    // Moodle goes back to the course page, which lists the new activity; no raw JSON is shown.
    expect(page).not.toContain('<pre');
    const courseUrl = /id="course-link" href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    expect(courseUrl).toBe(`/course/view.php?id=2&client_id=${world.clientId}&user=3`);
    const course = await (await fetch(`${world.sim.issuer}${courseUrl}`)).text();
    expect(course).toContain('Harness deep-linked item');
    expect(course).toContain(`/mod/lti/view.php?client_id=${world.clientId}&amp;course=2&amp;user=3&amp;id=2`);

    expect(world.sim.deepLinkingResponses).toHaveLength(1);
    const [logged] = world.sim.deepLinkingResponses;
    expect(logged).toMatchObject({
      courseId: '2',
      clientId: world.clientId,
      contentItems,
      created: [{ id: '2', cmid: 3, lineItemId: 3 }],
    });
    expect(world.sim.gradebook(2)[1]).toMatchObject({
      id: 3,
      label: 'Harness deep-linked item',
      scoreMaximum: 10,
      resourceId: 'dl-1',
      tag: 'harness',
      resourceLinkId: '2',
      coupled: true,
    });

    // The student launch of the new activity matches the recorded one.
    const recorded = readFixture<{ payload: Record<string, unknown> }>(
      'id_token-student-launch-of-deep-linked-activity.json',
    );
    const { payload } = await launch(world.sim, {
      clientId: world.clientId,
      userId: 4,
      courseId: 2,
      resourceLinkId: 2,
    });
    expect(Object.keys(payload)).toEqual(Object.keys(recorded.payload));
    expect(masked(payload)).toEqual(masked(toSimulator(recorded.payload, world.sim, world.clientId)));
  });

  it('accepts an empty selection without creating anything', async () => {
    expect((await post(await response({}, []))).status).toBe(200);
    expect(world.sim.deepLinkingResponses[0]!.created).toEqual([]);
  });

  it.each([
    ['aud is not the issuer', { aud: 'https://elsewhere.example' }],
    ['iss is not the client id', { iss: 'someone' }],
    ['wrong deployment_id', { 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': '99' }],
    ['wrong message_type', { 'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest' }],
    ['wrong version', { 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' }],
    ['no nonce', { nonce: undefined }],
    ['expired', { iat: 1_700_000_000, exp: 1_700_000_600 }],
  ])('answers 400 when %s', async (_label, overrides) => {
    const res = await post(await response(overrides));
    expect(res.status).toBe(400);
    expect(world.sim.deepLinkingResponses).toHaveLength(0);
    expect(world.sim.gradebook(2)).toHaveLength(1);
  });

  it('answers 400 for a bad signature, a missing kid, a replay, an unknown type or a bad sesskey', async () => {
    const stranger = await startTestToolKeys();
    try {
      const forged = await stranger.deepLinkingResponse({
        clientId: world.clientId,
        issuer: world.sim.issuer,
        deploymentId: '1',
        contentItems,
      });
      expect((await post(forged)).status).toBe(400);
    } finally {
      await stranger.close();
    }
    const now = Math.floor(Date.now() / 1000);
    const noKid = await world.keys.sign(
      {
        iss: world.clientId,
        aud: world.sim.issuer,
        iat: now,
        exp: now + 600,
        nonce: 'n-nokid',
        'https://purl.imsglobal.org/spec/lti/claim/deployment_id': '1',
        'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
        'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      },
      { kid: null },
    );
    expect((await post(noKid)).status).toBe(400);
    const link = await response({}, [{ type: 'link', url: 'https://example.com' }]);
    expect((await post(link)).status).toBe(400);
    const good = await response();
    expect((await post(good, returnUrl.replace(/sesskey=\w+/, 'sesskey=wrong'))).status).toBe(400);
    expect((await post(good)).status).toBe(200);
    expect((await post(good)).status).toBe(400); // same nonce again
    expect((await fetch(returnUrl, { method: 'POST', body: new URLSearchParams({}) })).status).toBe(400);
  });
});
