/**
 * Replays the recorded service session (services-token-nrps-ags.json) against the simulator after the
 * same setup and deep-linking step, and compares every response with the recording.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, launch, moodleLikeWorld, readFixture, toSimulator } from './helpers';
import type { World } from './helpers';

interface Call {
  name: string;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

const calls = readFixture<{ calls: Call[] }>('services-token-nrps-ags.json').calls;
const dlFixture = readFixture<{ payload: Record<string, unknown> }>('deep-linking-response-sent-by-tool.json');

describe('replay of the recorded Moodle service calls', () => {
  let world: World;
  let token: string;
  beforeAll(async () => {
    world = await moodleLikeWorld();
    const { payload } = await launch(world.sim, {
      clientId: world.clientId,
      userId: 3,
      courseId: 2,
      deepLinking: true,
    });
    const settings = payload['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] as Record<
      string,
      string
    >;
    const jwt = await world.keys.deepLinkingResponse({
      clientId: world.clientId,
      issuer: world.sim.issuer,
      deploymentId: world.deploymentId,
      contentItems: dlFixture.payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<
        string,
        unknown
      >[],
    });
    const res = await fetch(settings.deep_link_return_url!, {
      method: 'POST',
      body: new URLSearchParams({ JWT: jwt }),
    });
    expect(res.status).toBe(200);
    const tokenCall = calls.find((c) => c.name === 'token')!;
    token = await bearer(world, new URLSearchParams(tokenCall.request.body).get('scope')!.split(' '));
  });
  afterAll(async () => {
    await world.close();
  });

  it.each(calls.filter((c) => c.name !== 'token').map((c) => [c.name, c] as const))('%s', async (_name, call) => {
    const url = toSimulator(call.request.url, world.sim, world.clientId);
    const headers = { ...call.request.headers, Authorization: `Bearer ${token}` };
    const res = await fetch(url, { method: call.request.method, headers, body: call.request.body });
    expect(res.status).toBe(call.response.status);
    expect(res.headers.get('content-type')).toBe(call.response.headers['content-type']);
    const text = await res.text();
    const expected = toSimulator(call.response.body, world.sim, world.clientId);
    if (typeof expected === 'string') expect(text).toBe(expected);
    else expect(JSON.parse(text)).toEqual(expected);
  });
});
