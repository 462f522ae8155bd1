import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JourneyWorld } from '../journey/world';
import { seriousAxeViolations } from './axe';
import { noSideScroll } from './moodle-frame';
import { startSchoolWorld, type SchoolWorld } from './school-world';

/**
 * Issue 11 in Chromium inside Moodle's iframe at 360 px: a county officer drills from the county overview to a
 * school, a 教研组 and a teacher's next actions, with the charts' table views; a school team member sees its school.
 */
let school: SchoolWorld;
let world: JourneyWorld;
let browser: Browser;

beforeAll(async () => {
  school = await startSchoolWorld(1);
  ({ world, browser } = school);
});
afterAll(() => school?.close());

const open = (page: Page, user: number) => school.open(page, user);

describe('school and county screens', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 360, height: 900 } });
  });

  it('a county officer drills from the overview to a school, a group and a teacher', async () => {
    const frame = await open(page, 3);
    await frame.getByRole('button', { name: '学校与区县' }).click();
    await frame.getByRole('heading', { name: '区县总览' }).waitFor();
    for (const s of world.demo.schools) await frame.getByRole('button', { name: s.name }).waitFor();
    await frame.locator('.chart svg').first().waitFor();
    expect(await noSideScroll(frame)).toBe(true);
    // The bar chart's table view (always in the page for screen readers) shows a row per school.
    await frame.getByRole('button', { name: '表格' }).first().click();
    expect(await frame.locator('.chart-table tbody tr').count()).toBe(world.demo.schools.length);
    await frame.getByRole('button', { name: world.demo.schools[0]!.name }).click();
    await frame.getByRole('heading', { name: `学校看板：${world.demo.schools[0]!.name}` }).waitFor();
    await frame.getByRole('button', { name: '语文组' }).click();
    await frame.locator('.teacher-list details summary').first().click();
    await frame.locator('.teacher-list details[open] ol.actions li').first().waitFor();
    expect(await frame.getByRole('button', { name: '复制名单' }).isVisible()).toBe(true);
    expect(await noSideScroll(frame)).toBe(true);
    expect(await seriousAxeViolations(frame)).toEqual([]);
    await page.screenshot({ path: 'test-results/screens/school-drilldown-360-zh.png' });
    await frame.getByRole('button', { name: '返回区县总览' }).click();
    await frame.getByRole('heading', { name: '区县总览' }).waitFor();
    // The same overview in English, for officials who read it so.
    await frame.getByRole('button', { name: 'English' }).click();
    await frame.getByRole('heading', { name: 'County overview' }).waitFor();
    await frame.locator('.chart svg').first().waitFor();
    expect(await noSideScroll(frame)).toBe(true);
  });

  it('a school team member sees its own school only, in English too', async () => {
    const frame = await open(page, 5);
    await frame.getByRole('button', { name: '学校与区县' }).click();
    await frame.getByRole('heading', { name: `学校看板：${world.demo.schools[1]!.name}` }).waitFor();
    expect(await frame.getByRole('button', { name: '返回区县总览' }).count()).toBe(0);
    await frame.getByRole('button', { name: 'English' }).click();
    await frame.getByRole('heading', { name: `School dashboard：${world.demo.schools[1]!.name}` }).waitFor();
    expect(await noSideScroll(frame)).toBe(true);
  });
});
