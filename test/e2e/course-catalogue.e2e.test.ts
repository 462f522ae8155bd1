import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, programmeInstances } from '../../lti-tool/server/db/schema';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { startPlatformSimulator, type PlatformSimulator } from '../../scripts/lti-simulator';
import { registerEmbeddedTool } from './embedded-tool';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { seriousAxeViolations } from './axe';
import { launchChromium } from './chromium';
import { openInMoodle } from './moodle-frame';

/** The course catalogue screen as an institution administrator meets it in Moodle's frame, on a 360 px phone. */
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
  sim.addUser({
    id: 2,
    given_name: '红',
    family_name: '郑',
    email: 'admin@example.cn',
    username: 'admin',
    lang: 'zh_cn',
  });
  sim.makeSiteAdmin(2);
  sim.addResourceLink({ courseId: 2, clientId, id: 1, title: '研修管理', gradeMax: 100 });
  const platform = await registerPlatform(tool.database.db, {
    tenant: 'e2e-catalogue',
    name: 'Moodle (simulator)',
    issuer: sim.issuer,
    clientId,
    authLoginUrl: sim.endpoints.auth,
    accessTokenUrl: sim.endpoints.token,
    jwksUrl: sim.endpoints.jwks,
    deploymentIds: [registered.deploymentId],
  });
  const [county] = await tool.database.db
    .insert(organisations)
    .values({ tenantId: platform.tenantId, kind: 'county', code: '410329', name: '伊川县' })
    .returning();
  await tool.database.db.insert(programmeInstances).values({
    tenantId: platform.tenantId,
    definitionId: 'cn-national-2.0',
    definitionVersion: '1',
    regionOrganisationId: county!.id,
    name: '2025 年伊川县 2.0 项目',
    startYear: 2025,
    endYear: 2027,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await tool?.close();
});

const toolFrame = (page: Page) =>
  openInMoodle(page, { issuer: sim.issuer, clientId, course: 2, user: 2, link: 1 }, null);

describe('course catalogue screen', () => {
  it('adds a course with two abilities, asks before deleting it, fits 360 px, in Chinese', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    const frame = await toolFrame(page);
    const tab = frame.getByRole('button', { name: '平台管理' });
    if (await tab.isVisible().catch(() => false)) await tab.click();
    await frame.getByRole('heading', { name: '课程目录：能力点与学时' }).waitFor();
    await frame.getByText('课程目录为空').waitFor();
    const form = frame.locator('form', { has: frame.getByText('能力点与学时', { exact: true }) }).last();
    await form.getByLabel('课程名称或标识').fill('报表课程 · 信息技术 2.0');
    await expect(form.getByRole('button', { name: '保存课程' }).isDisabled()).resolves.toBe(true);
    await form.getByLabel('能力点 1').selectOption('A1');
    await form.getByLabel('学时 1').fill('2');
    await form.getByRole('button', { name: '再加一个能力点' }).click();
    await form.getByLabel('能力点 2').selectOption('A3');
    await form.getByLabel('学时 2').fill('1.5');
    await form.getByRole('button', { name: '保存课程' }).click();
    const item = frame.locator('li.card', { hasText: '报表课程 · 信息技术 2.0' });
    await item.getByText('共 3.5 学时').waitFor();
    expect(await item.innerText()).toContain('A1 2，A3 1.5');
    expect(await seriousAxeViolations(frame)).toEqual([]);
    const widths = await frame.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.client).toBeLessThanOrEqual(360);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);

    await item.getByRole('button', { name: '删除' }).click();
    const dialog = item.getByRole('alertdialog');
    expect(await dialog.innerText()).toContain('已计入的学时不受影响');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(item.getByRole('alertdialog').count()).resolves.toBe(0);
    await item.getByRole('button', { name: '删除' }).click();
    await item.getByRole('alertdialog').getByRole('button', { name: '删除' }).click();
    await frame.getByText('课程目录为空').waitFor();
    await page.close();
  });
});
