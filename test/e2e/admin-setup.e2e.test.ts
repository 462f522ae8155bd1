import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import { startPlatformSimulator, type PlatformSimulator } from '../../scripts/lti-simulator';
import { registerEmbeddedTool } from './embedded-tool';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { seriousAxeViolations } from './axe';
import { launchChromium } from './chromium';
import { openInMoodle } from './moodle-frame';

/**
 * An institution administrator sets up from an empty tool on a 360 px phone, inside Moodle's frame: the checklist,
 * the organisation import (preview, row report, import), a programme instance and an assessor grant.
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
  sim.addUser({
    id: 2,
    given_name: '管理员',
    family_name: '系统',
    email: 'a@example.cn',
    username: 'admin',
    lang: 'zh_cn',
  });
  sim.addUser({ id: 3, given_name: '老师', family_name: '王', email: 'w@example.cn', username: 'wang', lang: 'zh_cn' });
  sim.makeSiteAdmin(2);
  sim.enrol(2, 3, 'Instructor');
  sim.addResourceLink({ courseId: 2, clientId, id: 1, title: '我的研修', gradeMax: 100 });
  await registerPlatform(tool.database.db, {
    tenant: 'e2e-setup',
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

const open = (page: Page, user: number) =>
  openInMoodle(page, { issuer: sim.issuer, clientId, course: 2, user, link: 1 });

const overflow = (frame: Frame) =>
  frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const TREE = [
  '省代码,省名称,市代码,市名称,区县代码,区县名称,学校代码,学校名称,教研组名称,教研组代码',
  '410000,河南省,410100,郑州市,410102,中原区,4141010001,郑州市中原区第一实验小学,语文教研组,',
  ',,,,410102,中原区,41-41,第二小学,,',
].join('\n');

describe('setting up an institution without the demo', () => {
  it('goes from an empty checklist to a tree, a programme and an assessor at 360 px', async () => {
    await open(await browser.newPage(), 3); // the instructor launches once, so there is someone to grant
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    page.on('dialog', (d) => void d.accept());
    const frame = await open(page, 2);
    await frame.getByRole('button', { name: '平台管理' }).click();
    const checklist = frame.locator('#admin-checklist');
    await checklist.getByText('导入组织机构').waitFor();
    expect(await checklist.locator('li.done').count()).toBe(1);
    expect(await overflow(frame)).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(frame)).toEqual([]);

    const org = frame.locator('#admin-organisations');
    await org.locator('#org-file').setInputFiles({ name: '组织.csv', mimeType: 'text/csv', buffer: Buffer.from(TREE) });
    await org.getByRole('button', { name: '预览' }).click();
    await org.getByText('有问题的行 1').waitFor();
    expect(await org.innerText()).toContain('学校代码“41-41”格式不对');
    expect(await org.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await org.locator('#org-file').setInputFiles({
      name: '组织.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(TREE.replace('41-41,', '4141010002,')),
    });
    await org.getByRole('button', { name: '预览' }).click();
    await org.getByText('新建 6').waitFor();
    await org.getByRole('button', { name: '确认导入' }).click();
    await org.getByText('已导入').waitFor();
    await org
      .getByText(/郑州市中原区第一实验小学/)
      .first()
      .waitFor();
    expect(await overflow(frame)).toBeLessThanOrEqual(0);

    const programmes = frame.locator('#admin-programmes');
    await programmes.getByRole('button', { name: '开设培训项目' }).click();
    await programmes.getByLabel('项目名称').fill('中原区 2026 年能力提升工程');
    await programmes.getByLabel('实施区域').selectOption({ label: '河南省 (410000)' });
    await programmes.getByRole('button', { name: '开设培训项目' }).click();
    await programmes
      .getByText(/中原区 2026 年能力提升工程/)
      .first()
      .waitFor();
    await programmes.getByText(/参训教师 0 人/).waitFor();

    const assessors = frame.locator('#admin-assessors');
    await assessors.getByLabel('查找人员（姓名或邮箱）').first().fill('王');
    await assessors.getByRole('button', { name: '查找' }).click();
    await assessors.getByRole('combobox', { name: '查找人员（姓名或邮箱）' }).waitFor();
    await assessors.getByLabel('审核范围（学校或区县）').selectOption({ label: '郑州市中原区第一实验小学 · 学校评定' });
    await assessors.getByRole('button', { name: '授权' }).click();
    await assessors.getByText('已授权').waitFor();
    await assessors.locator('li', { hasText: '王老师' }).waitFor();

    await checklist.locator('li.done').nth(3).waitFor();
    expect(await checklist.locator('li.done').count()).toBe(4);
    expect(await overflow(frame)).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(frame)).toEqual([]);
    await page.screenshot({ path: 'test-results/admin-setup-360.png', fullPage: true });
  });
});
