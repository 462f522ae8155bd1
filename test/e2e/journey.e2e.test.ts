import { mkdirSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { MP4, PDF } from '../journey/files';
import { api, linkCourse, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { seriousAxeViolations } from './axe';
import { launchChromium } from './chromium';
import { previewFixtureExport } from './completion-import';
import { openInMoodle } from './moodle-frame';

/**
 * Issue 4's journey in Debian's Chromium, through the whole LTI launch inside Moodle's iframe: a teacher picks
 * their school and three abilities, submits evidence with files; the assessor returns one item; the teacher
 * resubmits; the assessor grades; the simulator's gradebook receives the score. Screenshots land in
 * test-results/screens (the ones in docs/screenshots were copied from there).
 */
const SHOTS = 'test-results/screens';
let world: JourneyWorld;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startJourneyWorld({ webAssets: loadWebAssets() });
  browser = await launchChromium();
  // The institution administrator links the course to the programme and the county (API; the screen comes later).
  const admin = await world.launch(2);
  const { body } = await api(world, admin, 'GET', '/api/v1/admin/contexts');
  const course = body.contexts.find((c: { label: string }) => c.label === 'XXZX2024');
  const linked = await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course.id}`, {
    programmeInstanceId: world.demo.programmeInstanceId,
    organisationId: world.demo.countyId,
  });
  expect(linked.status).toBe(200);
  // The school's assessor (周老师) reviews from the school's own course; 王老师 is the county officer.
  await world.launch(6, { courseId: 3 });
  await linkCourse(world, admin, 'S2-2024', world.demo.schools[0]!.id);
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

const open = (page: Page, user: number, link: number, course = 2) =>
  openInMoodle(page, { issuer: world.sim.issuer, clientId: world.clientId, course, user, link });

async function checkA11y(frame: Frame) {
  expect(await seriousAxeViolations(frame)).toEqual([]);
}

describe('the teacher’s and assessor’s journey', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1024, height: 1500 } });
  });

  it('teacher: picks a school, then three abilities within the school’s environment', async () => {
    const frame = await open(page, 4, 1);
    await frame.getByLabel('学校').selectOption({ label: '示范县第一小学' });
    await frame.getByRole('button', { name: '确定' }).click();
    await frame.getByRole('heading', { name: '我的进度' }).waitFor();
    await frame.getByRole('button', { name: '选择微能力点' }).click();
    await frame.getByRole('heading', { name: '选择微能力点' }).waitFor();
    // A multimedia school cannot choose B abilities: the box is disabled and the reason is shown.
    await expect(frame.getByRole('checkbox', { name: /B2 / }).isDisabled()).resolves.toBe(true);
    for (const code of ['A1', 'A2', 'A5']) await frame.getByRole('checkbox', { name: new RegExp(`^${code} `) }).check();
    await checkA11y(frame);
    await page.screenshot({ path: `${SHOTS}/zh-choose-abilities.png`, fullPage: true });
    await frame.getByRole('button', { name: '保存选择' }).click();
    await frame.getByRole('heading', { name: '我的进度' }).waitFor();
    // The status loads after the heading: wait for the third card before counting.
    const abilities = frame.locator('.ability-card');
    await abilities.nth(2).waitFor();
    await expect(abilities.count()).resolves.toBe(3);
    await checkA11y(frame);
    await page.screenshot({ path: `${SHOTS}/zh-teacher-progress.png`, fullPage: true });
  });

  it('teacher: opens the deep-linked A2 activity, uploads files, writes the reflection and submits', async () => {
    const frame = await open(page, 4, 3);
    await frame.getByRole('heading', { name: /A2/ }).waitFor();
    // A wrong format is caught before upload.
    await frame
      .getByLabel('上传文件')
      .first()
      .setInputFiles({ name: 'design.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await frame
      .getByRole('alert')
      .filter({ hasText: /格式|exe/ })
      .first()
      .waitFor();
    await frame
      .getByLabel('上传文件')
      .first()
      .setInputFiles({ name: '教学设计.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF) });
    await frame.getByRole('button', { name: '教学设计.pdf' }).waitFor();
    await frame
      .getByLabel('上传文件')
      .first()
      .setInputFiles({ name: '课堂实录.mp4', mimeType: 'video/mp4', buffer: Buffer.from(MP4) });
    await frame.getByRole('button', { name: '课堂实录.mp4' }).waitFor();
    await frame
      .getByLabel('教学反思', { exact: true })
      .fill('本节课我运用信息技术创设情境导入新课，引发学生思考。'.repeat(14));
    await frame.getByRole('button', { name: '保存草稿' }).first().click();
    await frame.getByText('必交材料已齐全。').waitFor();
    await checkA11y(frame);
    await page.screenshot({ path: `${SHOTS}/zh-ability-task.png`, fullPage: true });
    await frame.getByRole('button', { name: '提交审核' }).click();
    await frame.getByText('已提交，等待审核').waitFor();
  });

  it('assessor: finds it in the queue and returns the reflection with a reason', async () => {
    const frame = await open(page, 6, 2, 3);
    await frame.getByRole('heading', { name: '成果审核' }).waitFor();
    await frame
      .getByRole('button', { name: /李小明|小明/ })
      .first()
      .click();
    await frame.getByRole('heading', { name: /A2/ }).waitFor();
    // Evidence shows inline: the PDF in a viewer frame, the video in a player.
    await frame.locator('iframe[title="教学设计.pdf"]').waitFor();
    await frame.locator('video').waitFor();
    await frame.getByLabel('退回原因（如需退回）').last().fill('反思需结合课堂实例，写出具体改进措施。');
    await checkA11y(frame);
    await page.screenshot({ path: `${SHOTS}/zh-review.png`, fullPage: true });
    await frame.getByRole('button', { name: '退回修改' }).click();
    await frame.getByText('已退回教师修改。').waitFor();
  });

  it('teacher: sees the reason, revises and resubmits', async () => {
    const frame = await open(page, 4, 3);
    await frame.getByText('反思需结合课堂实例').waitFor();
    await frame
      .getByLabel('教学反思', { exact: true })
      .fill('改进：在导入环节增加学生互动，利用希沃白板的课堂活动功能。'.repeat(12));
    await frame.getByRole('button', { name: '保存草稿' }).first().click();
    await frame.getByText('必交材料已齐全。').waitFor();
    await frame.getByRole('button', { name: '重新提交审核' }).click();
    await frame.getByText('已提交，等待审核').waitFor();
  });

  it('assessor: grades every item 合格; the LMS gradebook receives 80', async () => {
    const frame = await open(page, 6, 2, 3);
    await frame
      .getByRole('button', { name: /李小明|小明/ })
      .first()
      .click();
    await frame.getByRole('heading', { name: /A2/ }).waitFor();
    const radios = frame.getByRole('radio', { name: '合格', exact: true });
    const n = await radios.count();
    expect(n).toBe(3);
    for (let i = 0; i < n; i++) await radios.nth(i).check();
    await frame.getByRole('button', { name: '提交评定' }).click();
    await frame.getByText('评定已保存').waitFor();
    expect(await world.deliver()).toBeGreaterThan(0);
    const column = world.sim.gradebook(2).find((c) => c.resourceLinkId === '3');
    expect(column?.results.find((r) => r.userId === '4')).toMatchObject({ resultScore: 80 });
    await frame.getByRole('button', { name: /返回审核列表/ }).click();
  });

  it('county: the spot check confirms the school grade', async () => {
    const frame = await open(page, 3, 1);
    await frame.getByLabel('状态').selectOption({ label: '学校已评定' });
    await frame
      .getByRole('button', { name: /李小明|小明/ })
      .first()
      .click();
    await frame.getByRole('heading', { name: '区县抽检' }).waitFor();
    await frame.getByRole('button', { name: '确认学校评定' }).click();
    await frame.getByText('已确认学校评定。').waitFor();
  });

  it('administrator: sees the course linked to the programme and the county', async () => {
    const frame = await open(page, 2, 1);
    await frame.getByRole('button', { name: '平台管理' }).click();
    await frame.getByRole('heading', { name: '课程与研修项目' }).waitFor();
    const course = frame.getByRole('group', { name: /信息技术应用能力提升工程2.0 校本研修/ });
    await expect(course.getByLabel('研修项目').inputValue()).resolves.toBe(world.demo.programmeInstanceId);
    await checkA11y(frame);
    await page.screenshot({ path: `${SHOTS}/zh-admin.png`, fullPage: true });
  });

  it('administrator: previews a Moodle completion export row by row before importing', async () => {
    const frame = await open(page, 2, 1);
    const completions = await previewFixtureExport(frame);
    await completions.getByText(/^预览 · course-completion\.csv · 共 \d+ 行/).waitFor();
    // The recorded Moodle users are not teachers of this tenant: each row says so, nothing is credited.
    expect(await completions.locator('table tbody tr').count()).toBeGreaterThan(0);
    await expect(completions.getByRole('button', { name: '确认导入' }).isDisabled()).resolves.toBe(true);
  });

  it('shows the same progress page in English', async () => {
    const frame = await open(page, 4, 1);
    await frame.getByRole('button', { name: 'English' }).click();
    await frame.getByRole('heading', { name: 'My progress' }).waitFor();
    await checkA11y(frame);
    await page.screenshot({ path: `${SHOTS}/en-teacher-progress.png`, fullPage: true });
  });

  it('works at an iframe width of 360 px', async () => {
    const narrow = await browser.newPage({ viewport: { width: 360, height: 800 } });
    const frame = await open(narrow, 4, 1);
    await frame.getByRole('heading', { name: '我的进度' }).waitFor();
    const overflow = await frame.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await narrow.screenshot({ path: `${SHOTS}/zh-teacher-progress-360.png`, fullPage: true });
    await narrow.close();
  });
});
