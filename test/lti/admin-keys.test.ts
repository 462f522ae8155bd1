import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApiKeys, auditLog, tenants } from '../../lti-tool/server/db/schema';
import { createAdminKey } from '../../lti-tool/server/services/admin-keys';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import { sessionOf } from './admin-world';
import { startLtiWorld, type LtiWorld } from './world';

let world: LtiWorld;
let adminToken: string;
let teacherToken: string;
let otherKey: string;
let otherPlatform: string;
beforeAll(async () => {
  world = await startLtiWorld();
  adminToken = await sessionOf(world, 2);
  teacherToken = await sessionOf(world, 4);
  const db = world.tool.database.db;
  otherPlatform = (
    await registerPlatform(db, {
      tenant: 'another-institution',
      name: 'Another Moodle',
      issuer: 'https://moodle.other.example.cn',
      clientId: 'other',
      authLoginUrl: 'https://moodle.other.example.cn/mod/lti/auth.php',
      accessTokenUrl: 'https://moodle.other.example.cn/mod/lti/token.php',
      jwksUrl: 'https://moodle.other.example.cn/mod/lti/certs.php',
    })
  ).id;
  const [other] = await db.select().from(tenants).where(eq(tenants.slug, 'another-institution'));
  otherKey = (
    await createAdminKey(
      db,
      { tenantId: other!.id, name: 'other', createdByPersonId: null },
      { actorLabel: 'cli', client: 'cli' },
    )
  ).secret;
});
afterAll(() => world.close());

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${world.tool.url}/api/v1/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('admin API keys', () => {
  it('an administrator creates a key, shown once and stored hashed, then uses it on the admin API', async () => {
    const created = await api('/api-keys', adminToken, { method: 'POST', body: { name: '运维脚本' } });
    expect(created.status).toBe(201);
    const { key, secret } = await created.json();
    expect(secret).toMatch(/^lak_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    const rows = await world.tool.database.db.select().from(adminApiKeys).where(eq(adminApiKeys.id, key.id));
    expect(rows[0]!.keyHash).not.toContain(secret.slice(4, 20));
    const listed = await (await api('/api-keys', adminToken)).json();
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.keys.map((k: { name: string }) => k.name)).toContain('运维脚本');

    const platforms = await api('/platforms', secret);
    expect(platforms.status).toBe(200);
    expect((await platforms.json()).platforms.map((p: { id: string }) => p.id)).toEqual([world.platformId]);
    const link = await api('/registration-links', secret, { method: 'POST', body: { validHours: 2 } });
    expect(link.status).toBe(201);

    const revoked = await api(`/api-keys/${key.id}`, adminToken, { method: 'DELETE' });
    expect((await revoked.json()).key.revokedAt).not.toBeNull();
    const after = await api('/platforms', secret);
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('admin_key_invalid');

    const audit = await world.tool.database.db.select().from(auditLog).where(eq(auditLog.entityId, key.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['admin_key.create', 'admin_key.revoke']);
  });

  it('refuses teachers, anonymous callers and made-up keys', async () => {
    expect((await api('/api-keys', teacherToken)).status).toBe(403);
    expect((await api('/api-keys', teacherToken, { method: 'POST', body: { name: 'x' } })).status).toBe(403);
    expect((await fetch(`${world.tool.url}/api/v1/admin/api-keys`)).status).toBe(401);
    expect((await api('/platforms', `lak_${'x'.repeat(43)}`)).status).toBe(401);
  });

  it('keeps a key inside its own tenant', async () => {
    const list = await (await api('/platforms', otherKey)).json();
    expect(list.platforms.map((p: { id: string }) => p.id)).toEqual([otherPlatform]);
    const patch = await api(`/platforms/${world.platformId}`, otherKey, {
      method: 'PATCH',
      body: { status: 'disabled' },
    });
    expect(patch.status).toBe(404);
    const keys = await (await api('/api-keys', otherKey)).json();
    expect(keys.keys.map((k: { name: string }) => k.name)).toEqual(['other']);
    const mine = await (await api('/api-keys', adminToken)).json();
    const revokeOther = await api(`/api-keys/${mine.keys[0].id}`, otherKey, { method: 'DELETE' });
    expect(revokeOther.status).toBe(404);
  });

  it('names the field when a key has no name', async () => {
    const bad = await api('/api-keys', adminToken, { method: 'POST', body: { name: '' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('name');
  });

  it('a key cannot use routes that need a launch session', async () => {
    expect((await api('/contexts', otherKey)).status).toBe(403);
  });
});
