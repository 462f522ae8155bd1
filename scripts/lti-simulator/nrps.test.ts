import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from './index';
import { bearer, moodleLikeWorld, readFixture, toSimulator } from './helpers';
import type { World } from './helpers';
import { startTestToolKeys } from './test-tool-keys';
import type { TestToolKeys } from './test-tool-keys';

const NRPS = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

interface ServicesFixture {
  calls: { name: string; response: { headers: Record<string, string>; body: unknown } }[];
}

describe('NRPS context memberships', () => {
  let world: World;
  let keys: TestToolKeys;
  beforeAll(async () => {
    keys = await startTestToolKeys();
  });
  afterAll(async () => {
    await keys.close();
  });
  afterEach(async () => {
    await world.close();
  });

  async function members(url: string, token: string, accept = NRPS) {
    return fetch(url, { headers: { authorization: `Bearer ${token}`, accept } });
  }

  it('answers exactly like the recorded Moodle response', async () => {
    world = await moodleLikeWorld({}, {}, keys);
    const fixture = readFixture<ServicesFixture>('services-token-nrps-ags.json').calls.find(
      (c) => c.name === 'nrps-context-memberships',
    )!;
    const token = await bearer(world, [SCOPES.nrps]);
    const url = `${world.sim.issuer}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`;
    const res = await members(url, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(fixture.response.headers['content-type']);
    expect(res.headers.get('link')).toBeNull();
    expect(await res.json()).toEqual(toSimulator(fixture.response.body, world.sim, world.clientId));
  });

  it('pages with limit/from and a Link rel="next" header, and filters by role', async () => {
    world = await moodleLikeWorld({}, {}, keys);
    const token = await bearer(world, [SCOPES.nrps]);
    const url = `${world.sim.issuer}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`;
    const first = await members(`${url}?limit=2`, token);
    expect(first.headers.get('link')).toBe(`<${url}?limit=2&from=2>; rel="next"`);
    const names = async (res: Response) =>
      ((await res.json()) as { members: { name: string }[] }).members.map((m) => m.name);
    expect(await names(first)).toEqual(['Sally Scholar', 'Sam Student']);
    const second = await members(`${url}?limit=2&from=2`, token);
    expect(second.headers.get('link')).toBeNull();
    expect(await names(second)).toEqual(['Tina Teacher']);

    expect(await names(await members(`${url}?role=Learner`, token))).toEqual(['Sally Scholar', 'Sam Student']);
    const instructors = await members(
      `${url}?role=${encodeURIComponent('http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor')}`,
      token,
    );
    expect(await names(instructors)).toEqual(['Tina Teacher']);
    // Moodle drops the role filter from the next-page URL.
    const learners = await members(`${url}?role=Learner&limit=1`, token);
    expect(learners.headers.get('link')).toBe(`<${url}?limit=1&from=1>; rel="next"`);
  });

  it('withholds name and email per the privacy settings', async () => {
    world = await moodleLikeWorld({}, { shareName: false, shareEmail: false }, keys);
    const token = await bearer(world, [SCOPES.nrps]);
    const url = `${world.sim.issuer}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`;
    const body = (await (await members(url, token)).json()) as { members: Record<string, unknown>[] };
    expect(body.members[0]).toEqual({ status: 'Active', roles: ['Learner'], user_id: '5', lis_person_sourcedid: '' });
  });

  it('requires the membership scope and a routable Accept', async () => {
    world = await moodleLikeWorld({}, {}, keys);
    const url = `${world.sim.issuer}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`;
    const agsOnly = await bearer(world, [SCOPES.score]);
    expect((await members(url, agsOnly)).status).toBe(401);
    const token = await bearer(world, [SCOPES.nrps]);
    expect((await members(url, token, 'application/json')).status).toBe(400);
    expect((await members(url.replace('/2/', '/9/'), token)).status).toBe(404);
  });
});
