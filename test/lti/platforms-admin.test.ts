import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import { sessionOf } from './admin-world';
import { startLtiWorld, type LtiWorld } from './world';

let world: LtiWorld;
let adminToken: string;
let teacherToken: string;
let otherTenantPlatform: string;
beforeAll(async () => {
  world = await startLtiWorld();
  adminToken = await sessionOf(world, 2);
  teacherToken = await sessionOf(world, 4);
  const other = await registerPlatform(world.tool.database.db, {
    tenant: 'another-institution',
    name: 'Another Moodle',
    issuer: 'https://moodle.other.example.cn',
    clientId: 'other',
    authLoginUrl: 'https://moodle.other.example.cn/mod/lti/auth.php',
    accessTokenUrl: 'https://moodle.other.example.cn/mod/lti/token.php',
    jwksUrl: 'https://moodle.other.example.cn/mod/lti/certs.php',
  });
  otherTenantPlatform = other.id;
});
afterAll(() => world.close());

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${world.tool.url}/api/v1/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('platform administration API', () => {
  it('lists only the administrator’s own tenant', async () => {
    const body = await (await api('/platforms', adminToken)).json();
    expect(body.platforms.map((p: { id: string }) => p.id)).toEqual([world.platformId]);
  });

  it('refuses teachers, and anonymous callers', async () => {
    expect((await api('/platforms', teacherToken)).status).toBe(403);
    expect((await fetch(`${world.tool.url}/api/v1/admin/platforms`)).status).toBe(401);
  });

  it('cannot touch another tenant’s platform', async () => {
    const response = await api(`/platforms/${otherTenantPlatform}`, adminToken, {
      method: 'PATCH',
      body: { status: 'disabled' },
    });
    expect(response.status).toBe(404);
  });

  it('adds a deployment and mints a registration link', async () => {
    const added = await api(`/platforms/${world.platformId}/deployments`, adminToken, {
      method: 'POST',
      body: { deploymentId: '17' },
    });
    expect(added.status).toBe(201);
    const list = await (await api('/platforms', adminToken)).json();
    expect(list.platforms[0].deployments.map((d: { id: string }) => d.id)).toContain('17');
    const link = await api('/registration-links', adminToken, { method: 'POST', body: {} });
    expect(link.status).toBe(201);
    expect((await link.json()).url).toMatch(new RegExp(`^${world.tool.url}/lti/register/[A-Za-z0-9_-]{32}$`));
  });

  it('explains invalid input and protects the platform the admin is launched from', async () => {
    const bad = await api(`/platforms/${world.platformId}`, adminToken, {
      method: 'PATCH',
      body: { status: 'deleted' },
    });
    expect(bad.status).toBe(422);
    // The one 422 body of every endpoint (http/validate.ts): each issue names its field path.
    expect((await bad.json()).error).toMatchObject({
      code: 'validation_failed',
      details: { issues: [{ path: 'status' }] },
    });
    const self = await api(`/platforms/${world.platformId}`, adminToken, {
      method: 'PATCH',
      body: { status: 'disabled' },
    });
    expect(self.status).toBe(409);
  });
});
