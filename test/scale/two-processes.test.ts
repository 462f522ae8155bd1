import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPostgres, type Database } from '../../lti-tool/server/db/client';
import { gradeOutbox, ltiResourceLinks, toolKeys } from '../../lti-tool/server/db/schema';
import { enqueueScore } from '../../lti-tool/server/services/grade-outbox';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import { parseAutoPostForm, startPlatformSimulator, type PlatformSimulator } from '../../scripts/lti-simulator';
import { TestBrowser, pageJson } from '../helpers/browser';
import { createTestDatabaseUrl } from '../helpers/db';
import { freePort, startToolProcess, type ToolProcess } from './tool-processes';

// Two tool processes on one PostgreSQL database, as two machines behind a load balancer would run: nothing a
// request needs may live in one process's memory. Needs a PostgreSQL server: on PGlite (an in-memory copy no other
// process can open) the whole file is skipped, saying so; CI's PostgreSQL run executes it.
const onPostgres = inject('testDatabaseTemplate').kind === 'postgres';
if (!onPostgres)
  console.info(
    'two-processes.test.ts skipped: several processes need a PostgreSQL server; run with DATABASE_URL=postgres://… (CI does)',
  );

const RATE_LIMIT = 40;
const API_RATE_LIMIT = 20;

/** The tool processes (main.ts, not helpers such as tsx's esbuild service) whose parent is `pid` (Linux /proc). */
function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('main.ts');
      } catch {
        return false;
      }
    })
    .map(Number);
}
const LEARNERS = [10, 11, 12, 13, 14, 15];

describe.skipIf(!onPostgres)('two tool processes on one PostgreSQL database', () => {
  let sim: PlatformSimulator;
  let a: ToolProcess;
  let b: ToolProcess;
  let database: Database;
  let dropDatabase: () => Promise<void>;
  let clientId: string;
  let platformId: string;
  let tenantId: string;

  beforeAll(async () => {
    const created = await createTestDatabaseUrl();
    if (!created) throw new Error('unreachable: PostgreSQL template expected');
    dropDatabase = created.drop;
    database = await openPostgres(created.url, 2);
    sim = await startPlatformSimulator();
    const [portA, portB] = [await freePort(), await freePort()];
    // One public address (what a load balancer would answer on); the test picks the process for each request.
    const publicUrl = `http://127.0.0.1:${portA}`;
    const registered = sim.registerTool({
      name: '能力提升工程2.0',
      loginUrl: `${publicUrl}/lti/login`,
      redirectUris: [`${publicUrl}/lti/launch`],
      jwksUrl: `${publicUrl}/.well-known/jwks.json`,
      targetLinkUri: `${publicUrl}/lti/launch`,
    });
    clientId = registered.clientId;
    sim.addCourse({ id: 2, label: 'XXZX2024', title: '校本研修' });
    for (const id of LEARNERS) {
      sim.addUser({ id, given_name: `教师${id}`, family_name: '张', email: `t${id}@example.cn`, username: `t${id}` });
      sim.enrol(2, id, 'Learner');
    }
    sim.addResourceLink({ courseId: 2, clientId, id: 1, title: '我的研修', gradeMax: 100 });
    const platform = await registerPlatform(database.db, {
      tenant: 'county',
      name: 'Moodle',
      issuer: sim.issuer,
      clientId,
      authLoginUrl: sim.endpoints.auth,
      accessTokenUrl: sim.endpoints.token,
      jwksUrl: sim.endpoints.jwks,
      deploymentIds: [registered.deploymentId],
    });
    platformId = platform.id;
    tenantId = platform.tenantId;
    const env = {
      DATABASE_URL: created.url,
      PUBLIC_URL: publicUrl,
      WORKERS: '1',
      KEY_ENCRYPTION_SECRET: 'two-processes-key-encryption-secret',
      EGRESS_ALLOW_HOSTS: '127.0.0.1',
      EGRESS_ALLOW_HTTP: '1',
      LTI_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      API_RATE_LIMIT_PER_MINUTE: String(API_RATE_LIMIT),
      // The rate-limit test speaks for other client addresses through X-Forwarded-For, as a proxy would.
      TRUST_PROXY: '1',
      JOB_POLL_MS: '200',
    };
    // Started together on a database with no tool keys yet: both create keys at the same moment.
    // The second machine runs `npm start` with two cluster workers sharing its port: three processes in all.
    [a, b] = await Promise.all([startToolProcess(portA, env), startToolProcess(portB, { ...env, WORKERS: '2' })]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await sim?.close();
    await database?.close();
    await dropDatabase?.();
  });

  /** Rewrites a URL of the public address to the process that should answer it. */
  const on = (process: ToolProcess, url: string) => {
    const target = new URL(url);
    target.port = new URL(process.url).port;
    return target.toString();
  };

  async function launch(browser: TestBrowser, userId: number, loginOn: ToolProcess, launchOn: ToolProcess) {
    const init = sim.loginInitiation({ clientId, courseId: 2, resourceLinkId: 1, userId });
    const login = await browser.post(on(loginOn, init.url), init.form);
    expect(login.status).toBe(200);
    const { auth } = pageJson<{ auth: string }>(await login.text(), 'lti-login');
    const { action, fields } = parseAutoPostForm(await (await browser.get(auth)).text());
    return browser.post(on(launchOn, action), fields);
  }

  it('creates one current and one next tool key when both start on a new database', async () => {
    const keys = await database.db.select({ status: toolKeys.status }).from(toolKeys);
    expect(keys.map((k) => k.status).sort()).toEqual(['current', 'next']);
  });

  it('completes on one process a launch whose login ran on the other, and the session works on both', async () => {
    for (const [first, second] of [
      [a, b],
      [b, a],
    ] as const) {
      const launched = await launch(new TestBrowser(), 10, first, second);
      const html = await launched.text();
      expect(launched.status).toBe(200);
      const { sessionToken } = pageJson<{ sessionToken: string }>(html, 'app-config');
      for (const process of [a, b]) {
        const me = await fetch(`${process.url}/api/v1/me`, { headers: { authorization: `Bearer ${sessionToken}` } });
        expect(me.status).toBe(200);
        expect(((await me.json()) as { roles: string[] }).roles).toEqual(['teacher']);
      }
    }
  });

  it('refuses the same state a second time on the other process (single use across processes)', async () => {
    const browser = new TestBrowser();
    const init = sim.loginInitiation({ clientId, courseId: 2, resourceLinkId: 1, userId: 11 });
    const login = await browser.post(on(a, init.url), init.form);
    const { auth } = pageJson<{ auth: string }>(await login.text(), 'lti-login');
    const { action, fields } = parseAutoPostForm(await (await browser.get(auth)).text());
    const replayBrowser = new TestBrowser();
    for (const [name, value] of browser.cookies('127.0.0.1')) replayBrowser.cookies('127.0.0.1').set(name, value);
    expect((await browser.post(on(b, action), fields)).status).toBe(200);
    const replay = await replayBrowser.post(on(a, action), fields);
    expect(replay.status).toBeGreaterThanOrEqual(400);
    expect(replay.status).toBeLessThan(500);
  });

  it('delivers each queued grade exactly once while both processes run the delivery job', async () => {
    const [link] = await database.db
      .select({ lineItemUrl: ltiResourceLinks.lineItemUrl })
      .from(ltiResourceLinks)
      .where(eq(ltiResourceLinks.platformId, platformId));
    expect(link?.lineItemUrl).toBeTruthy();
    const ids: string[] = [];
    await database.db.transaction(async (tx) => {
      for (const learner of LEARNERS) {
        const id = await enqueueScore(tx, {
          tenantId,
          platformId,
          subject: String(learner),
          idempotencyKey: `two-processes-${learner}`,
          lineItemUrl: link?.lineItemUrl,
          scoreGiven: 80,
          scoreMaximum: 100,
        });
        if (id) ids.push(id);
      }
    });
    expect(ids).toHaveLength(LEARNERS.length);
    // Wait for the outcome, not for a time: both processes poll every 200 ms; the test timeout bounds the wait.
    for (;;) {
      const rows = await database.db
        .select({ status: gradeOutbox.status })
        .from(gradeOutbox)
        .where(inArray(gradeOutbox.id, ids));
      if (rows.every((row) => row.status !== 'pending')) {
        expect(rows.map((row) => row.status)).toEqual(ids.map(() => 'delivered'));
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const posted = sim.scoresPosted
      .filter((s) => s.status < 300)
      .map((s) => (JSON.parse(s.body) as { userId: string }).userId);
    expect(posted.sort()).toEqual(LEARNERS.map(String).sort());
  });

  it('shares the login rate limit: the two processes together allow the limit, not twice it', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < RATE_LIMIT + 2; i++) {
      const response = await fetch(`${(i % 2 === 0 ? a : b).url}/lti/login?iss=x`, {
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
    }
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(RATE_LIMIT)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('shares the API limit per platform user: the two processes together allow the limit, not twice it', async () => {
    const launched = await launch(new TestBrowser(), 15, a, b);
    const { sessionToken } = pageJson<{ sessionToken: string }>(await launched.text(), 'app-config');
    const statuses: number[] = [];
    for (let i = 0; i < API_RATE_LIMIT + 2; i++) {
      const process = i % 2 === 0 ? a : b;
      const me = await fetch(`${process.url}/api/v1/me`, { headers: { authorization: `Bearer ${sessionToken}` } });
      statuses.push(me.status);
    }
    expect(statuses).toEqual([...Array<number>(API_RATE_LIMIT).fill(200), 429, 429]);
  });

  it('runs WORKERS=2 as a primary with two worker processes that serve launches, and stops them with it', async () => {
    const workers = childPids(b.child.pid as number);
    expect(workers).toHaveLength(2);
    for (const userId of [12, 13, 14]) {
      const launched = await launch(new TestBrowser(), userId, b, b);
      expect(launched.status).toBe(200);
    }
    await b.stop();
    expect(b.child.exitCode).toBe(0);
    expect(workers.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  });
});
