import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import { startPlatformSimulator, type PlatformSimulator } from '../../scripts/lti-simulator';
import { registerEmbeddedTool } from './embedded-tool';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { seriousAxeViolations } from './axe';
import { launchChromium } from './chromium';

/**
 * The LTI flow in a real browser: Moodle's course page embeds the tool in an iframe, the login and launch run
 * inside it (cookies partitioned or same-site), and the Preact app boots with its session.
 */
let tool: ToolServer;
let sim: PlatformSimulator;
let browser: Browser;
let clientId: string;

beforeAll(async () => {
  tool = await startToolServer({ webAssets: loadWebAssets() });
  sim = await startPlatformSimulator();
  const registered = registerEmbeddedTool(sim, tool.url);
  clientId = registered.clientId;
  sim.addCourse({ id: 2, label: 'XXZX', title: '能力提升工程2.0 校本研修' });
  sim.addUser({ id: 3, given_name: '老师', family_name: '王', email: 'w@example.cn', username: 'wang', lang: 'zh_cn' });
  sim.addUser({ id: 4, given_name: '小明', family_name: '李', email: 'l@example.cn', username: 'li', lang: 'zh_cn' });
  sim.addUser({
    id: 5,
    given_name: 'Sally',
    family_name: 'Scholar',
    email: 's@example.cn',
    username: 'sally',
    lang: 'en',
  });
  sim.enrol(2, 3, 'Instructor');
  sim.enrol(2, 4, 'Learner');
  sim.enrol(2, 5, 'Learner');
  sim.addResourceLink({ courseId: 2, clientId, id: 1, title: '我的研修', gradeMax: 100 });
  await registerPlatform(tool.database.db, {
    tenant: 'e2e-institution',
    name: 'Moodle (simulator)',
    issuer: sim.issuer,
    clientId,
    authLoginUrl: sim.endpoints.auth,
    accessTokenUrl: sim.endpoints.token,
    jwksUrl: sim.endpoints.jwks,
    deploymentIds: [registered.deploymentId],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await tool?.close();
});

async function openCoursePage(page: Page, query: Record<string, string>): Promise<Frame> {
  const params = new URLSearchParams({ client_id: clientId, course: '2', ...query });
  await page.goto(`${sim.issuer}/mod/lti/view.php?${params}`);
  const frame = page.frameLocator('#contentframe');
  await frame.locator('body').waitFor();
  const handle = await page.locator('#contentframe').elementHandle();
  const contentFrame = await handle?.contentFrame();
  if (!contentFrame) throw new Error('no tool frame');
  return contentFrame;
}

describe('a launch inside Moodle’s iframe', () => {
  it('boots the app in Chinese for a trainee teacher, accessible, with no token in any URL', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    const frame = await openCoursePage(page, { user: '4', id: '1' });
    await frame.getByRole('heading', { name: '我的进度' }).or(frame.getByRole('status')).first().waitFor();
    expect(await frame.locator('header.topbar').innerText()).toContain('能力提升工程2.0');
    // A course not yet linked to a programme says so plainly.
    expect(await frame.locator('main').innerText()).toContain('尚未关联');
    expect(await seriousAxeViolations(frame)).toEqual([]);
    const { sessionToken } = JSON.parse((await frame.locator('#app-config').textContent()) ?? '{}') as {
      sessionToken: string;
    };
    expect(sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(urls.filter((u) => u.includes(sessionToken))).toEqual([]);
    expect(urls.filter((u) => /[?&](id_token|access_token|session)=/.test(u))).toEqual([]);
    await page.close();
  });

  it('switches to English from the launch locale and back with the language button', async () => {
    const page = await browser.newPage();
    const frame = await openCoursePage(page, { user: '5', id: '1' });
    await frame.getByRole('button', { name: '中文' }).waitFor();
    expect(await frame.locator('main').innerText()).toContain('not linked');
    await frame.getByRole('button', { name: '中文' }).click();
    await frame.getByRole('button', { name: 'English' }).waitFor();
    await page.close();
  });

  it('lets an editing teacher add micro-ability activities through Deep Linking', async () => {
    const page = await browser.newPage();
    const frame = await openCoursePage(page, { user: '3', dl: '1' });
    await frame.getByRole('heading', { name: '添加到课程' }).waitFor();
    expect(await seriousAxeViolations(frame)).toEqual([]);
    await frame.getByLabel(/A1 /).check();
    await frame.getByLabel(/B6 /).check();
    await frame.getByRole('button', { name: '添加所选内容' }).click();
    // Like Moodle, the platform then shows the course page with the new activities (never a raw JSON page).
    await page.waitForURL(/\/course\/view\.php/);
    await page.locator('#activities a', { hasText: /^A1 / }).waitFor();
    await page.locator('#activities a', { hasText: /^B6 / }).waitFor();
    const received = sim.deepLinkingResponses.at(-1);
    expect(received?.contentItems.map((i) => (i.custom as Record<string, string>).ability_code)).toEqual(['A1', 'B6']);
    expect(
      sim
        .gradebook(2)
        .filter((c) => c.tag === 'ability-grade')
        .map((c) => c.resourceId),
    ).toEqual(['ability:A1', 'ability:B6']);
    await page.close();
  });
});
