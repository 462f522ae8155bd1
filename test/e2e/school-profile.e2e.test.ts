import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JourneyWorld } from '../journey/world';
import { seriousAxeViolations } from './axe';
import { noSideScroll } from './moodle-frame';
import { startSchoolWorld, type SchoolWorld } from './school-world';

/**
 * The school profile in Chromium inside Moodle's iframe at 360 px, by keyboard: the team sets the environment with its
 * diagnosis, opens a 教研组 and puts a teacher in it; the county officer reads the same profile without a form.
 */
let school: SchoolWorld;
let world: JourneyWorld;
let browser: Browser;

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

describe('the school profile at 360 px', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 360, height: 900 } });
  });

  it('the team sets the environment and a group’s members with the keyboard', async () => {
    const frame = await open(page, 5);
    const profile = frame.getByRole('region', { name: '学校概况' });
    await profile.locator('strong', { hasText: '多媒体教学环境' }).waitFor();
    // Open the form from the keyboard: focus the disclosure, Enter, then fill and submit with Enter.
    await profile.getByText('修改教学环境').focus();
    await page.keyboard.press('Enter');
    await profile.getByRole('combobox').selectOption('blended');
    await profile.getByLabel('诊断日期').fill('2026-09-15');
    await profile.getByLabel('诊断依据').fill('县教师发展中心环境调研');
    await profile.getByRole('button', { name: '保存教学环境' }).focus();
    await page.keyboard.press('Enter');
    await profile.getByText('2026-09-15 诊断，依据：县教师发展中心环境调研').waitFor();
    await profile.locator('strong', { hasText: '混合式教学环境' }).waitFor();

    await profile.getByLabel('新建教研组').fill('英语组');
    await page.keyboard.press('Enter');
    const group = profile.locator('details').filter({ has: frame.locator('summary strong', { hasText: /^英语组$/ }) });
    await group.locator('summary').focus();
    await page.keyboard.press('Enter');
    await group.getByRole('checkbox').first().focus();
    await page.keyboard.press('Space');
    await group.getByRole('button', { name: '保存成员名单' }).click();
    await group.locator('summary', { hasText: '1 名成员' }).waitFor();
    expect(await noSideScroll(frame)).toBe(true);
    expect(await seriousAxeViolations(frame)).toEqual([]);
    await page.screenshot({ path: 'test-results/screens/school-profile-360-zh.png', fullPage: true });
  });

  it('the county officer reads the profile with no form to change it', async () => {
    const frame = await open(page, 3);
    await frame.getByRole('button', { name: world.demo.schools[0]!.name }).first().click();
    const profile = frame.getByRole('region', { name: '学校概况' });
    await profile.getByText('学校概况由本校信息化管理团队（校长牵头）维护；您可以查看。').waitFor();
    await profile.getByText('2026-09-15 诊断，依据：县教师发展中心环境调研').waitFor();
    expect(await profile.getByText('修改教学环境').count()).toBe(0);
    expect(await profile.getByRole('button', { name: '新建' }).count()).toBe(0);
    expect(await noSideScroll(frame)).toBe(true);
  });
});
