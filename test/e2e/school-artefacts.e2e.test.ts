import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JourneyWorld } from '../journey/world';
import { seriousAxeViolations } from './axe';
import { noSideScroll } from './moodle-frame';
import { startSchoolWorld, type SchoolWorld } from './school-world';

/**
 * Issue 11's artefact workflow in Chromium inside Moodle's iframe at 360 px: the school team uploads its plan and
 * submits it, the county returns it with a reason, the team uploads a new version and resubmits, the county
 * approves, and the overview counts it.
 */
let school: SchoolWorld;
let world: JourneyWorld;
let browser: Browser;
const PLAN = '学校信息化发展规划';
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);

beforeAll(async () => {
  school = await startSchoolWorld(0);
  ({ world, browser } = school);
});
afterAll(() => school?.close());

async function open(page: Page, user: number): Promise<Frame> {
  const frame = await school.open(page, user);
  await frame.getByRole('button', { name: '学校与区县' }).click();
  return frame;
}

const planCard = (frame: Frame) => frame.getByRole('article', { name: PLAN });

describe('a school plan from upload to the county’s approval', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 360, height: 900 } });
    // Approve and return ask for confirmation first.
    page.on('dialog', (dialog) => void dialog.accept());
  });

  async function uploadAndSubmit(frame: Frame, name: string, version: number) {
    const card = planCard(frame);
    await card.getByLabel(`上传新版本：${PLAN}`).setInputFiles({
      name,
      mimeType: 'application/pdf',
      buffer: pdf(`${name} v${version}`),
    });
    await card.getByRole('button', { name: `提交区县审核（第 ${version} 版）` }).click();
    await card.getByText('已提交，等待区县审核。').waitFor();
  }

  it('the school team uploads its plan and submits it', async () => {
    const frame = await open(page, 5);
    await frame.getByRole('heading', { name: `学校看板：${world.demo.schools[0]!.name}` }).waitFor();
    await frame.getByRole('heading', { name: '学校文档' }).waitFor();
    await planCard(frame).getByText('还没有上传任何版本。').waitFor();
    await uploadAndSubmit(frame, '规划.pdf', 1);
    expect(await noSideScroll(frame)).toBe(true);
  });

  it('the county officer returns it with a reason', async () => {
    const frame = await open(page, 3);
    await frame.getByRole('heading', { name: '待审核的学校文档' }).waitFor();
    const item = frame.getByRole('article', { name: `${world.demo.schools[0]!.name} · ${PLAN}` });
    await item.getByText('规划.pdf').waitFor();
    // Returning without a reason is stopped before anything is sent, saying what to write.
    await item.getByRole('button', { name: '退回' }).click();
    await item.getByRole('alert').getByText('请填写退回理由').waitFor();
    await item.getByLabel(/退回理由/).fill('请补充三年发展目标和保障措施');
    await item.getByRole('button', { name: '退回' }).click();
    await frame.getByText('暂无待审核的学校文档。').waitFor();
    expect(await noSideScroll(frame)).toBe(true);
  });

  it('the team sees the reason, uploads a new version and resubmits', async () => {
    const frame = await open(page, 5);
    const card = planCard(frame);
    await card.getByText('请补充三年发展目标和保障措施').waitFor();
    await card.getByText('已退回').waitFor();
    await uploadAndSubmit(frame, '规划（修订稿）.pdf', 2);
    expect(await card.getByText(/第 \d 版 ·/).count()).toBe(2);
    expect(await noSideScroll(frame)).toBe(true);
    expect(await seriousAxeViolations(frame)).toEqual([]);
    await page.screenshot({ path: 'test-results/screens/school-artefacts-360-zh.png', fullPage: true });
  });

  it('the county officer approves it, and the overview counts it', async () => {
    const frame = await open(page, 3);
    const item = frame.getByRole('article', { name: `${world.demo.schools[0]!.name} · ${PLAN}` });
    await item.getByText('规划（修订稿）.pdf').waitFor();
    await item.getByRole('button', { name: '审核通过' }).click();
    await frame.getByText('暂无待审核的学校文档。').waitFor();
    // The overview re-reads on the next visit: the school's approved count is 1.
    const again = await open(page, 3);
    const row = again.getByRole('row', { name: new RegExp(world.demo.schools[0]!.name) }).first();
    await row.locator('td[data-label="已通过的学校文档"]', { hasText: /^1$/ }).waitFor();
    await again.getByRole('button', { name: world.demo.schools[0]!.name }).first().click();
    await planCard(again).getByText('区县已通过第 2 版。').waitFor();
    expect(await noSideScroll(again)).toBe(true);
    expect(await seriousAxeViolations(again)).toEqual([]);
  });
});

describe('a school-based activity with its attendance', () => {
  it('the school team records an activity and who attended, at 360 px', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 900 } });
    const frame = await open(page, 5);
    await frame.getByRole('heading', { name: '校本研修活动' }).waitFor();
    await frame.getByText('本项目规定：参加活动不计学时').waitFor();
    await frame.getByText('记录新活动').click();
    await frame.getByLabel('日期', { exact: true }).fill('2026-11-20');
    await frame.getByLabel('主题', { exact: true }).fill('同课异构：交互式课件的使用');
    await frame.getByLabel('组织者', { exact: true }).fill('王老师');
    await frame.getByRole('button', { name: '保存', exact: true }).click();
    const activity = frame.locator('details.activity', { hasText: '同课异构：交互式课件的使用' });
    await activity.locator('summary').click();
    await activity.getByRole('checkbox').first().check();
    await activity.getByRole('button', { name: '保存出勤名单' }).click();
    await activity.locator('summary', { hasText: '出勤 1' }).waitFor();
    expect(await noSideScroll(frame)).toBe(true);
    expect(await seriousAxeViolations(frame)).toEqual([]);
    await page.close();
  });
});
