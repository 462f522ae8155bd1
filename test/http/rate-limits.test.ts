import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOf } from '../lti/admin-world';
import { startLtiWorld, type LtiWorld } from '../lti/world';

/**
 * Everyone here calls from 127.0.0.1, as a whole school does from behind one NAT address: the signed-in API must
 * count per platform user, so one teacher over the limit never locks out the next.
 */
const PER_USER = 6;
const PER_ADDRESS = 30;

// The limiter's clock stands still: however slow the run, no window ends mid-test (windows ending are counted with a
// stepped clock in services/rate-limits.test.ts).
const FROZEN = Date.now();

let world: LtiWorld;
beforeAll(async () => {
  world = await startLtiWorld({
    env: { API_RATE_LIMIT_PER_MINUTE: String(PER_USER), LTI_RATE_LIMIT_PER_MINUTE: String(PER_ADDRESS) },
    rateLimitClock: () => FROZEN,
  });
});
afterAll(() => world.close());

const call = (token: string, path: string, init: RequestInit = {}) =>
  fetch(`${world.tool.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });

async function statuses(token: string, path: string, n: number, init: RequestInit = {}) {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call(token, path, init)).status);
  return out;
}

describe('API limits per platform user, not per address', () => {
  it('refuses one teacher past the limit with 429, Retry-After and a Chinese message naming the limit', async () => {
    const teacher = await sessionOf(world, 4);
    expect(await statuses(teacher, '/api/v1/me', PER_USER)).toEqual(Array(PER_USER).fill(200));
    const refused = await call(teacher, '/api/v1/me');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBe(60);
    const body = (await refused.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toBe(`操作过于频繁：每 60 秒最多 ${PER_USER} 次请求。请在 ${retryAfter} 秒后再试。`);
    expect(body.error.details).toEqual({ limit: PER_USER, windowSeconds: 60, retryAfterSeconds: retryAfter });
    const english = await call(teacher, '/api/v1/me', { headers: { 'accept-language': 'en' } });
    expect(((await english.json()) as { error: { message: string } }).error.message).toMatch(
      new RegExp(`^Too many requests: at most ${PER_USER} every 60 seconds`),
    );

    // The next teacher of the same school (same address) is not affected.
    const colleague = await sessionOf(world, 5);
    expect(await statuses(colleague, '/api/v1/me', PER_USER)).toEqual(Array(PER_USER).fill(200));

    // A fresh launch is a new session of the same platform user: still limited.
    const relaunched = await sessionOf(world, 4);
    expect((await call(relaunched, '/api/v1/me')).status).toBe(429);
  });

  it('counts tokens that are no session against the address, generously, and still answers 401 below it', async () => {
    const bogus = 'x'.repeat(43);
    const below = await statuses(bogus, '/api/v1/me', PER_ADDRESS);
    expect(below).toEqual(Array(PER_ADDRESS).fill(401));
    expect((await call(bogus, '/api/v1/me')).status).toBe(429);
    // A signed-in teacher from that address is counted as herself and goes on working.
    const instructor = await sessionOf(world, 3);
    expect((await call(instructor, '/api/v1/me')).status).toBe(200);
  });

  it('counts the extension per platform user of the device', async () => {
    world.sim.addUser({ id: 6, given_name: '老师', family_name: '赵', email: 'zhao@example.cn', username: 'teacher6' });
    world.sim.enrol(2, 6, 'Learner');
    const teacher = await sessionOf(world, 6);
    const minted = await call(teacher, '/api/v1/me/extension/pairing-codes', { method: 'POST' });
    expect(minted.status).toBe(201);
    const { code } = (await minted.json()) as { code: string };
    const paired = await fetch(`${world.tool.url}/ext/v1/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName: 'Chromium · 测试' }),
    });
    expect(paired.status).toBe(200);
    const { accessToken } = (await paired.json()) as { accessToken: string };
    const lookups = await statuses(
      accessToken,
      '/ext/v1/clips/lookup?url=https%3A%2F%2Fwww.example.cn%2F',
      PER_USER + 1,
    );
    expect(lookups.slice(0, PER_USER)).not.toContain(429);
    expect(lookups[PER_USER]).toBe(429);
  });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${world.tool.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('extension endpoints without a session', () => {
  it('limits token refresh and revocation per address (one bucket), with Retry-After and a Chinese message', async () => {
    const bogus = { refreshToken: 'r'.repeat(43) };
    const answers: number[] = [];
    for (let i = 0; i < PER_ADDRESS; i++) {
      answers.push((await post(i % 2 ? '/ext/v1/revoke' : '/ext/v1/token', bogus)).status);
    }
    expect(answers).not.toContain(429);
    expect(answers.filter((s) => s >= 500)).toEqual([]);
    for (const path of ['/ext/v1/token', '/ext/v1/revoke']) {
      const refused = await post(path, bogus);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      const body = (await refused.json()) as { error: { code: string; message: string; details: unknown } };
      expect(body.error.code).toBe('rate_limited');
      expect(body.error.message).toBe(`操作过于频繁：每 60 秒最多 ${PER_ADDRESS} 次请求。请在 60 秒后再试。`);
      expect(body.error.details).toEqual({ limit: PER_ADDRESS, windowSeconds: 60, retryAfterSeconds: 60 });
    }
  });

  it('refuses a sixth live pairing code with Retry-After until the oldest expires, saying what to do', async () => {
    world.sim.addUser({ id: 7, given_name: '老师', family_name: '钱', email: 'qian@example.cn', username: 'teacher7' });
    world.sim.enrol(2, 7, 'Learner');
    const teacher = await sessionOf(world, 7);
    // Six calls: exactly the API's per-user limit here, so the refusal is the pairing-code limit's own.
    const mint = () => call(teacher, '/api/v1/me/extension/pairing-codes', { method: 'POST' });
    const minted: number[] = [];
    for (let i = 0; i < 5; i++) minted.push((await mint()).status);
    expect(minted).toEqual([201, 201, 201, 201, 201]);
    const refused = await mint();
    expect(refused.status).toBe(429);
    // The codes live 10 minutes; the oldest was minted moments ago.
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    const body = (await refused.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.details).toEqual({ limit: 5, retryAfterSeconds: retryAfter });
    expect(body.error.message).toMatch(/^配对码过多：同时最多 5 个未使用的配对码。请在插件中输入已有的配对码/);
  });
});
