import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appSessions,
  ltiContexts,
  ltiIdentities,
  ltiResourceLinks,
  organisations,
  people,
  roleAssignments,
} from '../../lti-tool/server/db/schema';
import { hashToken } from '../../lti-tool/server/services/sessions';
import { TestBrowser, pageJson } from '../helpers/browser';
import { appConfig, browserLaunch, startLtiWorld, type LtiWorld } from './world';

let world: LtiWorld;
beforeAll(async () => {
  world = await startLtiWorld();
});
afterAll(() => world.close());

async function me(token: string) {
  return fetch(`${world.tool.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
}

describe('resource-link launch through the simulator', () => {
  it('logs a trainee teacher in, in Chinese, with a session bound to the launch', async () => {
    const { response, html } = await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    expect(response.status).toBe(200);
    expect(html).toContain('欢迎');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors ${world.sim.issuer}`);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const config = appConfig(html);
    expect(config.lang).toBe('zh-CN');
    const body = await (await me(config.sessionToken)).json();
    expect(body).toMatchObject({
      roles: ['teacher'],
      locale: 'zh-CN',
      context: { title: '信息技术应用能力提升工程2.0 校本研修' },
    });
    expect(body.person.displayName).toBeTruthy();
  });

  it('gives an instructor the assessor role and follows an English launch locale', async () => {
    const teacher = await browserLaunch(world, new TestBrowser(), { userId: 3, resourceLinkId: 1 });
    expect(appConfig(teacher.html).lang).toBe('en'); // Moodle's default language, `en`
    expect((await (await me(appConfig(teacher.html).sessionToken)).json()).roles).toEqual(['assessor']);
    const english = await browserLaunch(world, new TestBrowser(), { userId: 5, resourceLinkId: 1 });
    expect(english.html).toContain('Welcome');
    expect(appConfig(english.html).lang).toBe('en');
  });

  it('maps a site administrator who is not enrolled', async () => {
    const admin = await browserLaunch(world, new TestBrowser(), { userId: 2, resourceLinkId: 1 });
    const roles = (await (await me(appConfig(admin.html).sessionToken)).json()).roles;
    expect(roles).toEqual(expect.arrayContaining(['assessor', 'institution_admin']));
  });

  it('upserts one person per platform user however often they launch, and keeps the course service URLs', async () => {
    const db = world.tool.database.db;
    const before = (await db.select({ n: count() }).from(people))[0]?.n ?? 0;
    await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    expect((await db.select({ n: count() }).from(people))[0]?.n).toBe(before);
    const subjects = (await db.select().from(ltiIdentities)).map((i) => i.subject);
    expect(subjects).toContain('4');
    expect(new Set(subjects).size).toBe(subjects.length);
    const [context] = await db.select().from(ltiContexts);
    expect(context?.membershipsUrl).toContain('/memberships');
    expect(context?.lineItemsUrl).toContain('/lineitems');
  });

  it("refreshes a returning user's name, email and last launch from the platform", async () => {
    const db = world.tool.database.db;
    await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    const [identity] = await db.select().from(ltiIdentities).where(eq(ltiIdentities.subject, '4'));
    const personId = identity?.personId as string;
    const stale = new Date('2020-01-01T00:00:00Z');
    await db.update(people).set({ displayName: '旧名字', email: 'old@example.cn' }).where(eq(people.id, personId));
    await db.update(ltiIdentities).set({ lastLaunchAt: stale }).where(eq(ltiIdentities.subject, '4'));
    await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    const [person] = await db.select().from(people).where(eq(people.id, personId));
    expect(person).toMatchObject({ displayName: '李小明', email: 'li@example.cn' });
    const [again] = await db.select().from(ltiIdentities).where(eq(ltiIdentities.subject, '4'));
    expect(again?.personId).toBe(personId);
    expect(again?.lastLaunchAt?.getTime()).toBeGreaterThan(stale.getTime());
  });

  it('does not rewrite a returning person whose name and email are unchanged', async () => {
    const db = world.tool.database.db;
    await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    const [identity] = await db.select().from(ltiIdentities).where(eq(ltiIdentities.subject, '4'));
    const stamp = new Date('2021-06-01T00:00:00Z');
    await db.update(people).set({ updatedAt: stamp }).where(eq(people.id, identity!.personId));
    await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    const [person] = await db.select().from(people).where(eq(people.id, identity!.personId));
    expect(person?.updatedAt.toISOString()).toBe(stamp.toISOString());
  });

  it('rewrites the course and the link only when they changed, and still binds the session to them', async () => {
    // A whole school launching one course must not queue on the course's and the link's row locks (issue 14).
    const db = world.tool.database.db;
    await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    const stamp = new Date('2021-06-01T00:00:00Z');
    await db.update(ltiContexts).set({ updatedAt: stamp });
    await db.update(ltiResourceLinks).set({ updatedAt: stamp });
    const unchanged = await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    const [context] = await db.select().from(ltiContexts);
    const [link] = await db.select().from(ltiResourceLinks).where(eq(ltiResourceLinks.resourceLinkId, '1'));
    expect(context?.updatedAt.toISOString()).toBe(stamp.toISOString());
    expect(link?.updatedAt.toISOString()).toBe(stamp.toISOString());
    const [session] = await db
      .select()
      .from(appSessions)
      .where(eq(appSessions.tokenHash, hashToken(appConfig(unchanged.html).sessionToken)));
    expect(session).toMatchObject({ contextId: context?.id, resourceLinkId: link?.id });

    // Renamed here (as if the platform had renamed them since), and the course's last launch long ago: rewritten.
    const stale = new Date('2020-01-01T00:00:00Z');
    await db.update(ltiContexts).set({ title: '旧课程', lastLaunchAt: stale });
    await db.update(ltiResourceLinks).set({ title: '旧活动' }).where(eq(ltiResourceLinks.id, link!.id));
    await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    const [renamed] = await db.select().from(ltiContexts);
    const [relinked] = await db.select().from(ltiResourceLinks).where(eq(ltiResourceLinks.id, link!.id));
    expect(renamed?.title).toBe(context?.title);
    expect(renamed?.lastLaunchAt?.getTime()).toBeGreaterThan(stale.getTime());
    expect(relinked?.title).toBe(link?.title);
    expect(relinked?.updatedAt.getTime()).toBeGreaterThan(stamp.getTime());
  });

  it('tells the app how far a returning teacher oversees schools, from grants made since the last launch', async () => {
    const db = world.tool.database.db;
    const first = await browserLaunch(world, new TestBrowser(), { userId: 5, resourceLinkId: 1 });
    expect(appConfig(first.html).oversight).toBeNull();
    const [identity] = await db.select().from(ltiIdentities).where(eq(ltiIdentities.subject, '5'));
    const [county] = await db
      .insert(organisations)
      .values({ tenantId: world.tenantId, kind: 'county', code: 'LF-COUNTY', name: '测试县' })
      .returning();
    await db.insert(roleAssignments).values({
      tenantId: world.tenantId,
      personId: identity!.personId,
      role: 'county_admin',
      organisationId: county!.id,
    });
    const again = await browserLaunch(world, new TestBrowser(), { userId: 5, resourceLinkId: 1 });
    expect(appConfig(again.html).oversight).toBe('county');
    await db
      .update(roleAssignments)
      .set({ revokedAt: new Date() })
      .where(eq(roleAssignments.personId, identity!.personId));
    const revoked = await browserLaunch(world, new TestBrowser(), { userId: 5, resourceLinkId: 1 });
    expect(appConfig(revoked.html).oversight).toBeNull();
  });

  it('keeps two tabs apart: each launch gets its own state cookie and session', async () => {
    const browser = new TestBrowser();
    const [a, b] = await Promise.all([
      browserLaunch(world, browser, { userId: 4, resourceLinkId: 1 }),
      browserLaunch(world, browser, { userId: 4, resourceLinkId: 1 }),
    ]);
    expect(a.response.status).toBe(200);
    expect(b.response.status).toBe(200);
    expect(appConfig(a.html).sessionToken).not.toBe(appConfig(b.html).sessionToken);
  });

  it('refuses API calls without a session, with a Chinese message', async () => {
    const response = await fetch(`${world.tool.url}/api/v1/me`);
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatchObject({
      code: 'unauthenticated',
      message: expect.stringContaining('登录'),
    });
    expect((await me('x'.repeat(43))).status).toBe(401);
  });

  it('offers the new-window fallback when the browser drops the state cookie', async () => {
    const init = world.sim.loginInitiation({ clientId: world.clientId, courseId: 2, userId: 4, resourceLinkId: 1 });
    const browser = new TestBrowser();
    const login = await browser.post(init.url, init.form);
    const html = await login.text();
    expect(html).toContain('在新窗口中打开');
    const retry = /id="new-window" href="([^"]+)"/.exec(html)?.[1]?.replace(/&#38;/g, '&');
    expect(retry).toBeDefined();
    const params = new URL(retry as string).searchParams;
    expect(params.get('lti_message_hint')).toBe(init.form.lti_message_hint);
    expect(params.get('iss')).toBe(world.sim.issuer);
    // A browser that blocks our cookie reaches the launch without it: refused, and no session is made.
    const sessionsBefore = (await world.tool.database.db.select({ n: count() }).from(appSessions))[0]?.n;
    const { auth } = pageJson<{ auth: string }>(html, 'lti-login');
    const authPage = await browser.get(auth);
    const form = await authPage.text();
    const idToken = /name="id_token" value="([^"]+)"/.exec(form)?.[1] as string;
    const state = /name="state" value="([^"]+)"/.exec(form)?.[1] as string;
    const cookieless = await fetch(`${world.tool.url}/lti/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ id_token: idToken, state }).toString(),
    });
    expect(cookieless.status).toBe(401);
    expect(await cookieless.text()).toContain('state_not_bound');
    expect((await world.tool.database.db.select({ n: count() }).from(appSessions))[0]?.n).toBe(sessionsBefore);
  });
});

describe('the tool’s key set', () => {
  it('publishes the current and the next key, with kid, alg and use', async () => {
    const response = await fetch(`${world.tool.url}/.well-known/jwks.json`);
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(2);
    for (const key of keys)
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(JSON.stringify(keys)).not.toMatch(/"d"|"p"|"q"/);
  });
});

describe('platform storage (lti_storage_target) instead of a cookie', () => {
  const rows = async () => {
    const db = world.tool.database.db;
    const [sessions] = await db.select({ n: count() }).from(appSessions);
    const [persons] = await db.select({ n: count() }).from(people);
    return { sessions: sessions?.n, people: persons?.n };
  };
  const post = (fields: Record<string, string>, cookie?: string) =>
    fetch(`${world.tool.url}/lti/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    });

  /** A login naming a storage frame, and the platform's answer (id_token + state) for a browser keeping no cookie. */
  async function loginWithStorage(userId: number) {
    const init = world.sim.loginInitiation({ clientId: world.clientId, courseId: 2, userId, resourceLinkId: 1 });
    const browser = new TestBrowser();
    const login = await browser.post(init.url, { ...init.form, lti_storage_target: '_parent' });
    const config = pageJson<{ auth: string; storage: { target: string; origin: string; key: string; value: string } }>(
      await login.text(),
      'lti-login',
    );
    const form = await (await browser.get(config.auth)).text();
    const idToken = /name="id_token" value="([^"]+)"/.exec(form)?.[1] as string;
    const state = /name="state" value="([^"]+)"/.exec(form)?.[1] as string;
    return { config, idToken, state };
  }

  it('keeps the binding in the platform frame and stores nothing until the browser has read it back', async () => {
    const { config, idToken, state } = await loginWithStorage(4);
    expect(config.storage).toEqual({
      target: '_parent',
      origin: new URL(world.sim.endpoints.auth).origin,
      key: expect.stringMatching(/^lti_state_/),
      value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    // The secret kept in the frame is the login's binding, never the state the platform echoes in the launch.
    expect(config.storage.value).not.toBe(state);

    // The platform's form post arrives without a cookie (third-party cookies blocked): the page that answers only
    // reads the binding from the frame and posts again; no session, no person, the state not used up.
    const before = await rows();
    const first = await post({ id_token: idToken, state });
    const bindPage = await first.text();
    expect(first.status).toBe(200);
    expect(pageJson(bindPage, 'storage-binding')).toEqual({
      target: '_parent',
      origin: config.storage.origin,
      key: config.storage.key,
    });
    expect(bindPage).toContain("subject:'lti.get_data'");
    expect(bindPage).toContain('<form id="bind" method="post">');
    expect(await rows()).toEqual(before);

    // A wrong binding (another browser's, or made up) is refused and still nothing is recorded.
    const forged = await post({ id_token: idToken, state, lti_binding: 'x'.repeat(43) });
    expect(forged.status).toBe(401);
    expect(await forged.text()).toContain('state_not_bound');
    expect(await rows()).toEqual(before);
  });

  it('launches once the page posts the binding it read, still gating the page on reading it again', async () => {
    const { config, idToken, state } = await loginWithStorage(5);
    const before = await rows();
    await (await post({ id_token: idToken, state })).text();
    const launch = await post({ id_token: idToken, state, lti_binding: config.storage.value });
    const html = await launch.text();
    expect(launch.status).toBe(200);
    expect(html).toContain('<div id="gated" hidden>');
    expect(pageJson<{ key: string; value: string; origin: string }>(html, 'storage-check')).toEqual({
      target: '_parent',
      origin: config.storage.origin,
      key: config.storage.key,
      value: config.storage.value,
    });
    expect((await rows()).sessions).toBe((before.sessions ?? 0) + 1);
    // Single use: the same launch posted again finds no state.
    const replay = await post({ id_token: idToken, state, lti_binding: config.storage.value });
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('state_invalid');
  });

  it('refuses a launch without cookie when the login named no storage frame, storing nothing', async () => {
    const init = world.sim.loginInitiation({ clientId: world.clientId, courseId: 2, userId: 4, resourceLinkId: 1 });
    const browser = new TestBrowser();
    const login = await browser.post(init.url, init.form);
    const { auth } = pageJson<{ auth: string }>(await login.text(), 'lti-login');
    const form = await (await browser.get(auth)).text();
    const idToken = /name="id_token" value="([^"]+)"/.exec(form)?.[1] as string;
    const state = /name="state" value="([^"]+)"/.exec(form)?.[1] as string;
    const before = await rows();
    const refused = await post({ id_token: idToken, state });
    expect(refused.status).toBe(401);
    expect(await rows()).toEqual(before);
  });
});
