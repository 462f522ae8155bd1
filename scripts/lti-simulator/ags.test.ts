import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCOPES } from './index';
import { bearer, moodleLikeWorld } from './helpers';
import type { World } from './helpers';
import { startTestToolKeys } from './test-tool-keys';
import type { TestToolKeys } from './test-tool-keys';

const LINEITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const CONTAINER = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const SCORE = 'application/vnd.ims.lis.v1.score+json';
const RESULTS = 'application/vnd.ims.lis.v2.resultcontainer+json';
const AGS = [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score];

/** What a Node client sees of Moodle's Link header (bytes read as latin1), made readable again. */
function readLink(header: string | null): string {
  return Buffer.from(header ?? '', 'latin1').toString('utf8');
}

describe('AGS line items, scores and results', () => {
  let world: World;
  let keys: TestToolKeys;
  beforeAll(async () => {
    keys = await startTestToolKeys();
  });
  afterAll(async () => {
    await keys.close();
  });
  let token: string;
  let lineItems: string;
  let lineItem: string;
  beforeEach(async () => {
    world = await moodleLikeWorld({}, {}, keys);
    token = await bearer(world, AGS);
    lineItems = `${world.sim.issuer}/mod/lti/services.php/2/lineitems?type_id=1`;
    lineItem = `${world.sim.issuer}/mod/lti/services.php/2/lineitems/2/lineitem?type_id=1`;
  });
  afterEach(async () => {
    await world.close();
  });

  const scoresUrl = () => lineItem.replace('?', '/scores?');
  const resultsUrl = () => lineItem.replace('?', '/results?');

  async function postScore(body: Record<string, unknown>, url = scoresUrl(), contentType = SCORE) {
    return fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: JSON.stringify(body),
    });
  }
  const score = (overrides: Record<string, unknown> = {}) => ({
    userId: '4',
    scoreGiven: 7,
    scoreMaximum: 10,
    comment: 'good',
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: '2026-11-22T09:12:26.878Z',
    ...overrides,
  });
  const get = (url: string, accept: string, auth = `Bearer ${token}`) =>
    fetch(url, { headers: { authorization: auth, accept } });

  it('requires a bearer token holding a scope the resource accepts', async () => {
    expect((await get(lineItems, CONTAINER, '')).status).toBe(401);
    expect((await get(lineItems, CONTAINER, `bearer ${token}`)).status).toBe(401); // Moodle's prefix check
    expect((await get(lineItems, CONTAINER, 'Bearer nope')).status).toBe(401);
    expect((await get(lineItems.replace('type_id=1', 'type_id=2'), CONTAINER)).status).toBe(401);
    const scoreOnly = await bearer(world, [SCOPES.score]);
    const denied = await get(lineItems, CONTAINER, `Bearer ${scoreOnly}`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await denied.json()).toMatchObject({
      status: 401,
      reason: 'Unauthorized',
      request: { method: 'GET', accept: CONTAINER },
    });
    expect((await get(lineItems, CONTAINER)).status).toBe(200);
  });

  it('routes by media type like Moodle: wrong or wildcard Accept is a 400 on the container', async () => {
    expect((await get(lineItems, '*/*')).status).toBe(400);
    expect((await get(lineItems, 'application/json')).status).toBe(400);
    expect((await get(lineItems, LINEITEM)).status).toBe(400);
    expect((await get(lineItem, '*/*')).status).toBe(200);
    expect((await postScore(score(), scoresUrl(), `${SCORE}; charset=utf-8`)).status).toBe(400);
  });

  it('accepts a valid score with 200 and an empty body, and reads it back rescaled', async () => {
    const res = await postScore(score());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(`${SCORE}; charset=utf-8`);
    expect(await res.text()).toBe('');
    const results = await get(resultsUrl(), RESULTS);
    expect(results.headers.get('content-type')).toBe(`${RESULTS}; charset=utf-8`);
    expect(await results.json()).toEqual([
      {
        id: `${resultsUrl()}&user_id=4`,
        userId: '4',
        resultScore: 70,
        resultMaximum: 100,
        comment: 'good',
        scoreOf: lineItem,
        timestamp: '2026-11-22T09:12:26+00:00',
      },
    ]);
    expect(world.sim.gradebook(2)[0]).toMatchObject({
      label: 'Harness LTI activity',
      results: [{ userId: '4', resultScore: 70 }],
    });
    expect(world.sim.scoresPosted).toMatchObject([{ status: 200, lineItemId: '2', courseId: '2', contentType: SCORE }]);
    // Rescaling keeps Moodle's five decimals.
    expect((await postScore(score({ userId: '5', scoreGiven: 0.7, scoreMaximum: 1 }))).status).toBe(200);
    expect(world.sim.gradebook(2)[0]!.results.find((r) => r.userId === '5')!.resultScore).toBe(70);
  });

  it.each([
    ['no userId', { userId: undefined }],
    ['no timestamp', { timestamp: undefined }],
    ['no activityProgress', { activityProgress: undefined }],
    ['no gradingProgress', { gradingProgress: undefined }],
    ['a timestamp that is not ISO 8601', { timestamp: '22/11/2026 09:12' }],
    ['scoreGiven without scoreMaximum', { scoreMaximum: undefined }],
    ['a non-numeric scoreGiven', { scoreGiven: 'seven' }],
    ['a teacher (not gradable)', { userId: '3' }],
    ['an admin who is not enrolled', { userId: '2' }],
    ['an unknown user', { userId: '99' }],
  ])('refuses a score with %s: 400 Incorrect score received', async (_label, overrides) => {
    const res = await postScore(score(overrides));
    expect(res.status).toBe(400);
    expect(res.statusText).toBe('Incorrect score received');
    expect(await res.text()).toBe('[]');
  });

  it('answers 409 unless the timestamp is newer at whole-second precision', async () => {
    expect((await postScore(score({ timestamp: '2026-11-22T09:12:26.100Z' }))).status).toBe(200);
    expect((await postScore(score({ timestamp: '2026-11-22T09:12:26.900Z', scoreGiven: 8 }))).status).toBe(409);
    expect((await postScore(score({ timestamp: '2026-11-22T09:12:25Z' }))).status).toBe(409);
    // The same second written in another zone is not newer either.
    expect((await postScore(score({ timestamp: '2026-11-22T10:12:26.999+01:00' }))).status).toBe(409);
    expect((await postScore(score({ timestamp: '2026-11-22T09:12:28Z', scoreGiven: 9 }))).status).toBe(200);
    const [result] = (await (await get(resultsUrl(), RESULTS)).json()) as { resultScore: number }[];
    expect(result!.resultScore).toBe(90);
  });

  it('clears the grade on a score that is not FullyGraded', async () => {
    expect((await postScore(score())).status).toBe(200);
    const pending = await postScore(score({ timestamp: '2026-11-22T09:13:00Z', gradingProgress: 'Pending' }));
    expect(pending.status).toBe(200);
    const results = (await (await get(resultsUrl(), RESULTS)).json()) as Record<string, unknown>[];
    expect(results).toEqual([{ id: `${resultsUrl()}&user_id=4`, userId: '4' }]);
    expect(world.sim.gradebook(2)[0]!.results[0]).toMatchObject({ resultScore: null, gradingProgress: 'Pending' });
  });

  it('creates, pages, filters, updates and deletes line items', async () => {
    const create = async (body: Record<string, unknown>) =>
      fetch(lineItems, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': LINEITEM },
        body: JSON.stringify(body),
      });
    for (let i = 1; i <= 4; i++) {
      const res = await create({
        scoreMaximum: 10 * i,
        label: `Extra ${i}`,
        resourceId: `r${i}`,
        tag: i % 2 ? 'odd' : 'even',
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe(`${LINEITEM}; charset=utf-8`);
      const created = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(created)).toEqual(['scoreMaximum', 'label', 'resourceId', 'tag', 'id']);
    }
    expect((await create({ label: 'no max' })).status).toBe(400);
    expect((await create({ label: 'bad link', scoreMaximum: 1, resourceLinkId: '77' })).status).toBe(403);

    const page1 = await get(`${lineItems}&limit=2`, CONTAINER);
    const items1 = (await page1.json()) as { label: string }[];
    expect(items1.map((i) => i.label)).toEqual(['Harness LTI activity', 'Extra 1']);
    const link = readLink(page1.headers.get('link'));
    const base = `${world.sim.issuer}/mod/lti/services.php/2/lineitems?type_id=1&amp;limit=2`;
    expect(link).toBe(
      `<${base}&amp;from=0>; rel=“first”, <${base}&amp;from=0>; rel=“canonical”, <${base}&amp;from=2>; rel=“next”, <${base}&amp;from=4>; rel=“last”`,
    );
    const next = /<([^>]+)>; rel=“next”/.exec(link)![1]!.replaceAll('&amp;', '&');
    const page3 = await get(next.replace('from=2', 'from=4'), CONTAINER);
    expect(((await page3.json()) as unknown[]).length).toBe(1);
    expect(readLink(page3.headers.get('link'))).not.toContain('“next”');

    const odd = (await (await get(`${lineItems}&tag=odd`, CONTAINER)).json()) as { label: string }[];
    expect(odd.map((i) => i.label)).toEqual(['Extra 1', 'Extra 3']);
    const byResource = (await (await get(`${lineItems}&resource_id=r2`, CONTAINER)).json()) as { label: string }[];
    expect(byResource.map((i) => i.label)).toEqual(['Extra 2']);
    const byLink = (await (await get(`${lineItems}&resource_link_id=1`, CONTAINER)).json()) as { id: string }[];
    expect(byLink.map((i) => i.id)).toEqual([lineItem]);

    const extra = `${world.sim.issuer}/mod/lti/services.php/2/lineitems/3/lineitem?type_id=1`;
    const put = await fetch(extra, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': LINEITEM },
      body: JSON.stringify({ label: 'Renamed', scoreMaximum: 20, resourceId: 'r1', tag: 'odd' }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ label: 'Renamed', scoreMaximum: 20, resourceId: 'r1', tag: 'odd', id: extra });
    const del = await fetch(extra, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(del.status).toBe(204);
    expect((await get(extra, LINEITEM)).status).toBe(404);
    const coupled = await fetch(lineItem, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(coupled.status).toBe(403);
  });

  it('can send RFC 8288 Link headers instead', async () => {
    await world.close();
    world = await moodleLikeWorld({ agsLinkHeader: 'rfc8288' }, {}, keys);
    token = await bearer(world, AGS);
    const url = `${world.sim.issuer}/mod/lti/services.php/2/lineitems?type_id=1`;
    const body = JSON.stringify({ label: 'Second', scoreMaximum: 5 });
    await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': LINEITEM }, body });
    const res = await get(`${url}&limit=1`, CONTAINER);
    expect(res.headers.get('link')).toBe(
      `<${url}&limit=1&from=0>; rel="first", <${url}&limit=1&from=0>; rel="canonical", ` +
        `<${url}&limit=1&from=1>; rel="next", <${url}&limit=1&from=2>; rel="last"`,
    );
  });

  it('keeps tools apart: another tool cannot score this line item', async () => {
    const other = world.sim.registerTool({
      loginUrl: 'http://127.0.0.1:8090/login',
      redirectUris: ['http://127.0.0.1:8090/launch'],
      targetLinkUri: 'http://127.0.0.1:8090/launch',
      jwksUrl: world.keys.jwksUrl,
    });
    token = await bearer(world, AGS, other.clientId);
    const res = await postScore(score(), scoresUrl().replace('type_id=1', `type_id=${other.deploymentId}`));
    expect(res.status).toBe(403);
    expect((await get(lineItem.replace('type_id=1', `type_id=${other.deploymentId}`), LINEITEM)).status).toBe(404);
  });
});
