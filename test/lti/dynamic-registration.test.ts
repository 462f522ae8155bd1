import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployments, platforms } from '../../lti-tool/server/db/schema';
import { createRegistrationTicket } from '../../lti-tool/server/services/platform-admin';
import { startPlatformSimulator, type PlatformSimulator } from '../../scripts/lti-simulator';
import { TestBrowser } from '../helpers/browser';
import { reusedKeyPairs } from '../helpers/key-pairs';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { appConfig, browserLaunch } from './world';

let tool: ToolServer;
let sim: PlatformSimulator;
beforeAll(async () => {
  tool = await startToolServer();
  sim = await startPlatformSimulator({ keyPairs: reusedKeyPairs('platform') });
});
afterAll(async () => {
  await sim.close();
  await tool.close();
});

describe('LTI Dynamic Registration with a one-time link', () => {
  it('registers the platform and its deployment, then closes the dialog towards the platform origin only', async () => {
    const { ticket } = await createRegistrationTicket(tool.database.db, { tenant: 'county-a', createdBy: 'test' });
    const url = await sim.startDynamicRegistration(`${tool.url}/lti/register/${ticket}`);
    const page = await new TestBrowser().get(url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('注册成功');
    expect(html).toContain('org.imsglobal.lti.close');
    expect(html).toContain(JSON.stringify({ origin: sim.issuer }));
    expect(html).not.toMatch(/postMessage\([^)]*'\*'\)/);

    const [platform] = await tool.database.db.select().from(platforms).where(eq(platforms.issuer, sim.issuer));
    expect(platform).toMatchObject({ status: 'active', authLoginUrl: sim.endpoints.auth, jwksUrl: sim.endpoints.jwks });
    const registered = sim.tool(platform?.clientId ?? '');
    const [deployment] = await tool.database.db
      .select()
      .from(deployments)
      .where(eq(deployments.platformId, platform?.id ?? ''));
    expect(deployment?.deploymentId).toBe(registered.deploymentId);

    // The link is single use.
    const replay = await new TestBrowser().get(
      await sim.startDynamicRegistration(`${tool.url}/lti/register/${ticket}`),
    );
    expect(replay.status).toBe(403);

    // Once the Moodle administrator activates the tool, launches work.
    sim.activateTool(registered.clientId);
    sim.addCourse({ id: 7, label: 'T7', title: '测试课程' });
    sim.addUser({ id: 9, given_name: '老师', family_name: '张', email: 'z@example.cn', username: 'z', lang: 'zh_cn' });
    sim.enrol(7, 9, 'Learner');
    sim.addResourceLink({ courseId: 7, clientId: registered.clientId, id: 70, title: '研修' });
    const world = { sim, clientId: registered.clientId };
    const launch = await browserLaunch(world, new TestBrowser(), { userId: 9, resourceLinkId: 70, courseId: 7 });
    expect(launch.response.status).toBe(200);
    expect(appConfig(launch.html).lang).toBe('zh-CN');
  });

  it('refuses an unknown ticket without contacting the platform', async () => {
    const before = sim.requests.length;
    const url = await sim.startDynamicRegistration(`${tool.url}/lti/register/not-a-ticket`);
    const page = await new TestBrowser().get(url);
    expect(page.status).toBe(403);
    expect(sim.requests.length).toBe(before);
  });

  it('is not an open URL fetcher: private addresses are refused unless configured', async () => {
    const strict = await startToolServer({ env: { EGRESS_ALLOW_HOSTS: '', EGRESS_ALLOW_HTTP: '1' } });
    try {
      const { ticket } = await createRegistrationTicket(strict.database.db, { tenant: 'county-b', createdBy: 'test' });
      const before = sim.requests.length;
      const page = await new TestBrowser().get(
        `${strict.url}/lti/register/${ticket}?openid_configuration=${encodeURIComponent(sim.endpoints.openidConfiguration)}`,
      );
      expect(page.status).toBe(502);
      expect(await page.text()).toContain('non-public');
      expect(sim.requests.length).toBe(before);
      expect(await strict.database.db.select().from(platforms)).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('refuses a configuration whose issuer does not match its URL', async () => {
    const { ticket } = await createRegistrationTicket(tool.database.db, { tenant: 'county-c', createdBy: 'test' });
    const page = await new TestBrowser().get(
      `${tool.url}/lti/register/${ticket}?openid_configuration=${encodeURIComponent(`${tool.url}/.well-known/jwks.json`)}`,
    );
    expect(page.status).toBe(502);
  });
});
