import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPlatformStatus } from '../../lti-tool/server/services/platform-admin';
import { TestBrowser, pageJson } from '../helpers/browser';
import { startLtiWorld, type LtiWorld } from './world';

/**
 * Refusal pages show inside the platform's frame: a registered platform (disabled, unknown deployment, used or
 * expired state) may frame them, in the launch's language; an unknown sender still may not frame anything.
 */
let world: LtiWorld;
beforeAll(async () => {
  world = await startLtiWorld();
});
afterAll(() => world.close());

const frameAncestors = (response: Response) =>
  /frame-ancestors ([^;]*)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

function loginForm(change: Record<string, string> = {}) {
  return {
    iss: world.sim.issuer,
    login_hint: '4',
    target_link_uri: `${world.tool.url}/lti/launch`,
    client_id: world.clientId,
    lti_deployment_id: world.deploymentId,
    ...change,
  };
}

/** A real login by user `userId`, then a launch whose state the tool no longer knows (used, expired or forged). */
async function launchWithUnknownState(userId: number, sign: (claims: Record<string, unknown>) => Promise<string>) {
  const browser = new TestBrowser();
  const init = world.sim.loginInitiation({ clientId: world.clientId, courseId: 2, userId, resourceLinkId: 1 });
  const page = await browser.post(init.url, init.form);
  const auth = new URL(pageJson<{ auth: string }>(await page.text(), 'lti-login').auth);
  const claims = world.sim.launchClaims({
    clientId: world.clientId,
    userId,
    courseId: 2,
    resourceLinkId: 1,
    nonce: auth.searchParams.get('nonce') as string,
    targetLinkUri: `${world.tool.url}/lti/launch`,
  });
  return browser.post(`${world.tool.url}/lti/launch`, { id_token: await sign(claims), state: 'no-such-state' });
}

describe('refusal pages in the platform frame', () => {
  it('frames the disabled-platform page for the registered platform, in Chinese by default', async () => {
    await setPlatformStatus(world.tool.database.db, world.platformId, 'disabled');
    try {
      // This process has served no login yet, so the login reads the registration (the cache keeps only logins that
      // go ahead) and is the step refused; with it cached, the launch is (processes.test.ts).
      const response = await new TestBrowser().post(`${world.tool.url}/lti/login`, loginForm());
      const html = await response.text();
      expect(response.status).toBe(403);
      expect(frameAncestors(response)).toBe(new URL(world.sim.issuer).origin);
      expect(htmlLang(html)).toBe('zh-CN');
      expect(html).toContain('此平台的注册已停用');
      const en = await new TestBrowser().post(`${world.tool.url}/lti/login`, loginForm(), {
        'accept-language': 'en-GB,en;q=0.9',
      });
      const enHtml = await en.text();
      expect(htmlLang(enHtml)).toBe('en');
      expect(enHtml.indexOf('This platform registration is disabled')).toBeLessThan(
        enHtml.indexOf('此平台的注册已停用'),
      );
    } finally {
      await setPlatformStatus(world.tool.database.db, world.platformId, 'active');
    }
  });

  it('frames the unknown-deployment page for the registered platform', async () => {
    const response = await new TestBrowser().post(
      `${world.tool.url}/lti/login`,
      loginForm({ lti_deployment_id: 'not-registered' }),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('unknown_deployment');
    expect(frameAncestors(response)).toBe(new URL(world.sim.issuer).origin);
  });

  it("keeps frame-ancestors 'none' for an issuer that is not registered", async () => {
    const response = await new TestBrowser().post(
      `${world.tool.url}/lti/login`,
      loginForm({ iss: 'https://unknown-lms.example.cn' }),
    );
    expect(response.status).toBe(400);
    expect(frameAncestors(response)).toBe("'none'");
  });

  it("shows a used or expired state in the platform's frame and the launch's language", async () => {
    // User 5 uses Moodle in English: the token's locale chooses the page's language.
    const en = await launchWithUnknownState(5, (c) => world.sim.signIdToken(c));
    const enHtml = await en.text();
    expect(en.status).toBe(401);
    expect(enHtml).toContain('state_invalid');
    expect(frameAncestors(en)).toBe(new URL(world.sim.issuer).origin);
    expect(htmlLang(enHtml)).toBe('en');
    const zh = await launchWithUnknownState(4, (c) => world.sim.signIdToken(c));
    expect(htmlLang(await zh.text())).toBe('zh-CN');
  });

  it("keeps 'none' when a token with an unknown state names an unregistered issuer", async () => {
    const response = await launchWithUnknownState(4, (c) =>
      world.sim.signIdToken({ ...c, iss: 'https://evil.example.cn' }),
    );
    expect(response.status).toBe(401);
    expect(frameAncestors(response)).toBe("'none'");
  });
});
