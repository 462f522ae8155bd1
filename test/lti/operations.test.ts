import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { egressPolicy } from '../../lti-tool/server/app';
import { gradeOutbox, platforms } from '../../lti-tool/server/db/schema';
import { deliverDueScores } from '../../lti-tool/server/jobs/grade-delivery';
import { ServiceTokenClient } from '../../lti-tool/server/lti/advantage/service-token';
import { createLtiStore } from '../../lti-tool/server/lti/store';
import { createLogger } from '../../lti-tool/server/logger';
import { enqueueScore } from '../../lti-tool/server/services/grade-outbox';
import { PlatformKeyCache } from '../../lti-tool/server/lti/platform-keys';
import { platformContactRecorder, reprobeQuietPlatforms } from '../../lti-tool/server/services/platform-reachability';
import { TestBrowser } from '../helpers/browser';
import { otherTenantWithKey } from './admin-world';
import { sessionOf } from './admin-world';
import { appConfig, browserLaunch, startLtiWorld, type LtiWorld } from './world';

/**
 * Operating the tool while it runs: structured log lines for launches, refusals, grade deliveries, roster syncs and
 * imports (ids only, never a token or a name); the administrator's screen of recent deliveries and failures; and
 * platform reachability (a registration deleted in the LMS shows as unreachable).
 */
const lines: string[] = [];
const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const byMsg = (msg: string) => records().filter((r) => r.msg === msg);

let world: LtiWorld;
let admin: string;
let teacher: string;
let otherKey: string;
let tokens: ServiceTokenClient;
/** Secrets and personal data seen during the test: none may reach the log. */
const secrets: string[] = [];
beforeAll(async () => {
  world = await startLtiWorld({ logger: createLogger('debug', (l) => lines.push(l)) });
  const adminLaunch = await browserLaunch(world, new TestBrowser(), { userId: 2, resourceLinkId: 1 });
  admin = appConfig(adminLaunch.html).sessionToken;
  teacher = await sessionOf(world, 4);
  otherKey = (await otherTenantWithKey(world.tool.database.db, 'other-ops')).key;
  secrets.push(admin, teacher, otherKey, '小明', '李', 'li@example.cn', 'admin@example.cn', 'student1');
  // The grade job's token client records reachability as main.ts wires it.
  tokens = new ServiceTokenClient({
    policy: egressPolicy(world.tool.config),
    onContact: platformContactRecorder(world.tool.database.db).token,
  });
});
afterAll(() => world.close());

const call = (token: string, path: string, init: { method?: string; body?: BodyInit; type?: string } = {}) =>
  fetch(`${world.tool.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.type ? { 'content-type': init.type } : {}),
    },
    body: init.body,
  });

const deliver = () =>
  deliverDueScores({
    db: world.tool.database.db,
    store: createLtiStore(world.tool.database.db),
    keys: world.tool.toolKeys,
    tokens,
    policy: egressPolicy(world.tool.config),
    logger: world.tool.logger,
  });

async function enqueue(key: string) {
  const lineItem = world.sim.gradebook(2).find((c) => c.coupled);
  await enqueueScore(world.tool.database.db, {
    tenantId: world.tenantId,
    platformId: world.platformId,
    subject: '4',
    idempotencyKey: key,
    lineItemUrl: lineItem?.url,
    scoreGiven: 80,
    scoreMaximum: 100,
    comment: '合格',
  });
}

function expectNoSecrets() {
  const all = lines.join('\n');
  for (const secret of secrets) expect(all).not.toContain(secret);
  expect(all).not.toMatch(/eyJ[\w-]{2,}\.[\w-]{2,}\./); // no JWT of any kind
}

describe('structured logs', () => {
  it('logs every launch with platform, deployment, message type, role and outcome, under its request id', async () => {
    const launches = byMsg('lti launch');
    expect(launches.length).toBeGreaterThanOrEqual(2);
    expect(launches[0]).toMatchObject({
      level: 'info',
      issuer: world.sim.issuer,
      platformId: world.platformId,
      tenantId: world.tenantId,
      deploymentId: world.deploymentId,
      messageType: 'LtiResourceLinkRequest',
      outcome: 'ok',
      userId: '2',
    });
    expect(launches[1]).toMatchObject({ role: ['learner'], userId: '4' });
    for (const launch of launches) expect(launch.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(byMsg('lti login')[0]).toMatchObject({ outcome: 'ok', platformId: world.platformId });
    expectNoSecrets();
  });

  it('logs every refusal with its code: login, launch and API', async () => {
    const browser = new TestBrowser();
    await browser.post(`${world.tool.url}/lti/login`, {
      iss: world.sim.issuer,
      login_hint: '4',
      target_link_uri: `${world.tool.url}/lti/launch`,
      client_id: world.clientId,
      lti_deployment_id: 'not-registered',
    });
    expect(byMsg('lti login refused').at(-1)).toMatchObject({
      level: 'warn',
      code: 'unknown_deployment',
      issuer: world.sim.issuer,
      deploymentId: 'not-registered',
    });
    const token = await world.sim.signIdToken(
      world.sim.launchClaims({ clientId: world.clientId, userId: 4, courseId: 2, resourceLinkId: 1, nonce: 'n' }),
    );
    secrets.push(token);
    const refused = await browser.post(`${world.tool.url}/lti/launch`, { id_token: token, state: 'forged' });
    expect(refused.status).toBe(401);
    const line = byMsg('lti launch refused').at(-1);
    expect(line).toMatchObject({ code: 'state_invalid', outcome: 'refused', issuer: world.sim.issuer });
    expect(line?.requestId).toBe(refused.headers.get('x-request-id'));

    const forbidden = await call(teacher, '/admin/activity');
    expect(forbidden.status).toBe(403);
    expect(byMsg('request refused').at(-1)).toMatchObject({
      code: 'forbidden',
      status: 403,
      requestId: forbidden.headers.get('x-request-id'),
    });
    expectNoSecrets();
  });

  it('logs grade deliveries, their retries and failures with attempt and code', async () => {
    await enqueue('ops-grade-1');
    expect(await deliver()).toBe(1);
    const delivered = byMsg('grade delivered').at(-1);
    expect(delivered).toMatchObject({
      job: 'grade-delivery',
      tenantId: world.tenantId,
      platformId: world.platformId,
      attempt: 1,
      outcome: 'delivered',
    });
    expect(delivered?.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(delivered)).not.toContain('合格'); // the score's comment stays out of the log
    expectNoSecrets();
  });

  it('logs a roster sync and records it for the administrator', async () => {
    const { contexts } = await (await call(admin, '/admin/contexts')).json();
    const synced = await call(admin, `/admin/contexts/${contexts[0].id}/roster-sync`, { method: 'POST' });
    expect(synced.status).toBe(200);
    expect(byMsg('roster sync').at(-1)).toMatchObject({
      requestId: synced.headers.get('x-request-id'),
      tenantId: world.tenantId,
      target: contexts[0].id,
      outcome: 'ok',
      fetched: 3,
    });
    expectNoSecrets();
  });

  it('logs an import (a preview too) and records the real one', async () => {
    const file = '区县代码,区县名称,学校代码,学校名称\n410102,中原区,4141010001,第一小学\n';
    const preview = await call(admin, '/admin/organisations/imports?dryRun=true', {
      method: 'POST',
      body: file,
      type: 'text/csv',
    });
    expect(preview.status).toBe(200);
    const imported = await call(admin, '/admin/organisations/imports?dryRun=false', {
      method: 'POST',
      body: file,
      type: 'text/csv',
    });
    expect(imported.status).toBe(200);
    const logged = byMsg('organisation import');
    expect(logged.map((l) => l.dryRun)).toEqual([true, false]);
    expect(logged[1]).toMatchObject({ outcome: 'ok', create: 2, requestId: imported.headers.get('x-request-id') });
    expect(JSON.stringify(logged)).not.toContain('第一小学');
  });
});

describe('GET /api/v1/admin/activity', () => {
  it("lists the tenant's deliveries, roster syncs and imports with status, attempts, code and time", async () => {
    const response = await call(admin, '/admin/activity');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.deliveries[0]).toMatchObject({
      platformId: world.platformId,
      platformName: 'Moodle (simulator)',
      status: 'delivered',
      attempts: 1,
      errorCode: null,
    });
    expect(body.runs.map((r: { kind: string }) => r.kind).sort()).toEqual(['org_import', 'roster_sync']);
    expect(body.runs.find((r: { kind: string }) => r.kind === 'org_import')).toMatchObject({ status: 'ok', rows: 1 });
    // Only what went wrong: nothing yet.
    const failures = await (await call(admin, '/admin/activity?failures=1')).json();
    expect(failures).toEqual({ deliveries: [], runs: [] });
  });

  it('shows nothing of this tenant to another and names a bad query parameter', async () => {
    expect(await (await call(otherKey, '/admin/activity')).json()).toEqual({ deliveries: [], runs: [] });
    const bad = await call(admin, '/admin/activity?limit=5000');
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('limit');
  });
});

describe('platform reachability', () => {
  const listed = async () =>
    (
      (await (await call(admin, '/admin/platforms')).json()).platforms as {
        id: string;
        reachability: Record<string, unknown>;
      }[]
    ).find((p) => p.id === world.platformId)?.reachability;

  it('shows a platform whose keys and token endpoint answered as reachable', async () => {
    expect(await listed()).toMatchObject({ state: 'reachable', failedEndpoint: null, reason: null });
    const checked = await call(admin, `/admin/platforms/${world.platformId}/check`, { method: 'POST' });
    expect(checked.status).toBe(200);
    expect((await checked.json()).reachability.state).toBe('reachable');
  });

  it('checks a platform whose key set cannot be fetched, names the endpoint and reason, and sees it recover', async () => {
    const db = world.tool.database.db;
    const jwksUrl = world.sim.endpoints.jwks;
    await db
      .update(platforms)
      .set({ jwksUrl: `${world.sim.issuer}/no-such-keys` })
      .where(eq(platforms.id, world.platformId));
    const checked = await call(admin, `/admin/platforms/${world.platformId}/check`, { method: 'POST' });
    expect(checked.status).toBe(200);
    // The token endpoint still answers; the key set's failure is newer than the key set's last success.
    expect((await checked.json()).reachability).toMatchObject({
      state: 'unreachable',
      failedEndpoint: 'jwks',
      reason: 'jwks_http_404',
    });
    expect(byMsg('platform check').at(-1)).toMatchObject({
      outcome: 'unreachable',
      endpoint: 'jwks',
      code: 'jwks_http_404',
    });
    await db.update(platforms).set({ jwksUrl }).where(eq(platforms.id, world.platformId));
    const again = await call(admin, `/admin/platforms/${world.platformId}/check`, { method: 'POST' });
    expect((await again.json()).reachability.state).toBe('reachable');
  });

  it('probes, on schedule, a platform nothing has contacted for a while, and leaves recently contacted ones alone', async () => {
    const db = world.tool.database.db;
    const jwksUrl = world.sim.endpoints.jwks;
    const deps = {
      keys: new PlatformKeyCache({
        policy: egressPolicy(world.tool.config),
        onContact: platformContactRecorder(db).jwks,
      }),
      tokens,
      toolKeys: world.tool.toolKeys,
    };
    const dayAgo = new Date(Date.now() - 24 * 60 * 60_000);
    // Quiet for a day, and its key set is gone since (as after a site's keys moved).
    await db
      .update(platforms)
      .set({ jwksUrl: `${world.sim.issuer}/no-such-keys`, jwksOkAt: dayAgo, tokenOkAt: dayAgo, contactFailedAt: null })
      .where(eq(platforms.id, world.platformId));
    const probed = await reprobeQuietPlatforms(db, deps, { quietMs: 6 * 60 * 60_000 });
    expect(probed.find((p) => p.platformId === world.platformId)?.reachability).toMatchObject({
      state: 'unreachable',
      failedEndpoint: 'jwks',
      reason: 'jwks_http_404',
    });
    expect(await listed()).toMatchObject({ state: 'unreachable', failedEndpoint: 'jwks' });
    // Just contacted (by that probe): the next run leaves it alone.
    const again = await reprobeQuietPlatforms(db, deps, { quietMs: 6 * 60 * 60_000 });
    expect(again.map((p) => p.platformId)).not.toContain(world.platformId);
    await db.update(platforms).set({ jwksUrl }).where(eq(platforms.id, world.platformId));
    const recovered = await reprobeQuietPlatforms(db, deps, { quietMs: 0, now: new Date(Date.now() + 1000) });
    expect(recovered.find((p) => p.platformId === world.platformId)?.reachability.state).toBe('reachable');
  });

  it('shows a registration deleted in the LMS as unreachable once its token endpoint refuses the tool', async () => {
    world.sim.deleteTool(world.clientId);
    await enqueue('ops-grade-2');
    expect(await deliver()).toBe(1);
    expect(byMsg('grade delivery retry').at(-1)).toMatchObject({
      outcome: 'retry',
      code: 'token_invalid_client',
      attempt: 1,
    });
    const reachability = await listed();
    expect(reachability).toMatchObject({
      state: 'unreachable',
      failedEndpoint: 'token',
      reason: 'token_invalid_client',
    });
    expect(Date.parse(String(reachability?.lastFailedAt))).toBeGreaterThan(Date.parse(String(reachability?.lastOkAt)));
    // The failure is on the administrator's screen as a delivery still retrying.
    const failures = await (await call(admin, '/admin/activity?failures=1')).json();
    expect(failures.deliveries).toHaveLength(1);
    expect(failures.deliveries[0]).toMatchObject({ status: 'pending', attempts: 1, errorCode: 'token_invalid_client' });
    expect(failures.deliveries[0].nextAttemptAt).not.toBeNull();
    const [row] = await world.tool.database.db
      .select()
      .from(gradeOutbox)
      .where(eq(gradeOutbox.idempotencyKey, 'ops-grade-2'));
    expect(row?.lastErrorCode).toBe('token_invalid_client');
    expectNoSecrets();
  });

  it("refuses another tenant's check and a teacher's", async () => {
    expect((await call(otherKey, `/admin/platforms/${world.platformId}/check`, { method: 'POST' })).status).toBe(404);
    expect((await call(teacher, `/admin/platforms/${world.platformId}/check`, { method: 'POST' })).status).toBe(403);
  });
});
