import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDeploymentStatus, setPlatformStatus } from '../../lti-tool/server/services/platform-admin';
import { parseAutoPostForm } from '../../scripts/lti-simulator';
import { TestBrowser, pageJson } from '../helpers/browser';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { startLtiWorld, type LtiWorld } from './world';

/**
 * Two processes of one deployment (two apps on one database, one public URL, as behind a round-robin proxy): what an
 * administrator changes through one holds in the other at once. The launch reads the platform and the deployment in
 * the statement that consumes the state, so no process's copy can admit a launch the administrator has refused. The
 * login's registration may come from the process's cache (issue 14: no read per login): a disabled platform's login
 * may still redirect for up to PLATFORM_CACHE_MS, and its launch is the one refused.
 */
let world: LtiWorld;
let second: ToolServer;
beforeAll(async () => {
  world = await startLtiWorld();
  second = await startToolServer({ database: world.tool.database, env: { PUBLIC_URL: world.tool.url } });
});
afterAll(async () => {
  await world.close();
  await second.close();
});

/** The same URL, served by the second process. */
const onSecond = (url: string) => {
  const u = new URL(url);
  u.port = new URL(second.url).port;
  return u.toString();
};

async function loginOnSecond(browser: TestBrowser, userId: number) {
  const init = world.sim.loginInitiation({ clientId: world.clientId, courseId: 2, userId, resourceLinkId: 1 });
  return browser.post(onSecond(init.url), init.form);
}

/** A launch on the second process up to the platform's signed form, not yet posted back. */
async function pendingLaunchOnSecond(browser: TestBrowser, userId: number) {
  const login = await loginOnSecond(browser, userId);
  expect(login.status).toBe(200);
  const { auth } = pageJson<{ auth: string }>(await login.text(), 'lti-login');
  const { action, fields } = parseAutoPostForm(await (await browser.get(auth)).text());
  return () => browser.post(onSecond(action), fields);
}

/** The administrator's change, made where an administrator makes it (the command line, or the first process). */
const setStatus = (status: 'active' | 'disabled') =>
  setPlatformStatus(world.tool.database.db, world.platformId, status);

describe('an administrator’s change in one process holds in the others at once', () => {
  it('refuses launches, in flight or newly logged in, on the other process as soon as the platform is disabled', async () => {
    // The second process has served this platform already (anything it might keep is warm).
    const warm = await (await pendingLaunchOnSecond(new TestBrowser(), 4))();
    expect(warm.status).toBe(200);
    const browser = new TestBrowser();
    const inFlight = await pendingLaunchOnSecond(browser, 5);

    await setStatus('disabled');
    try {
      const launch = await inFlight();
      expect(launch.status).toBe(403);
      expect(await launch.text()).toContain('platform_disabled');
      // A login after the change, on the process that has the registration cached: refused at its launch.
      const late = await (await pendingLaunchOnSecond(new TestBrowser(), 4))();
      expect(late.status).toBe(403);
      expect(await late.text()).toContain('platform_disabled');
    } finally {
      await setStatus('active');
    }
    const again = await (await pendingLaunchOnSecond(new TestBrowser(), 4))();
    expect(again.status).toBe(200);
  });

  it('refuses a launch in flight on the other process as soon as its deployment is disabled', async () => {
    const inFlight = await pendingLaunchOnSecond(new TestBrowser(), 5);
    await setDeploymentStatus(world.tool.database.db, world.platformId, world.deploymentId, 'disabled');
    try {
      const launch = await inFlight();
      expect(launch.status).toBe(403);
      expect(await launch.text()).toContain('unknown_deployment');
    } finally {
      await setDeploymentStatus(world.tool.database.db, world.platformId, world.deploymentId, 'active');
    }
    expect((await (await pendingLaunchOnSecond(new TestBrowser(), 5))()).status).toBe(200);
  });
});
