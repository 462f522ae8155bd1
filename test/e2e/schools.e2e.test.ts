import { mkdirSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { seriousAxeViolations } from './axe';
import { launchChromium } from './chromium';

/**
 * Issue 11 in Chromium inside Moodle's iframe at 360 px: a county officer drills from the county overview to a
 * school, a 教研组 and a teacher's next actions, with the charts' table views; a school team member sees its school.
 */
let world: JourneyWorld;
let browser: Browser;

beforeAll(async () => {
  mkdirSync('test-results/screens', { recursive: true });
  world = await startJourneyWorld({ webAssets: loadWebAssets() });
  browser = await launchChromium();
  await backfillTeacherStatus(world.tool.database.db);
  const admin = await world.launch(2);
  await world.launch(3);
  for (const [email, role, organisationId] of [
    ['assessor1@example.cn', 'county_admin', world.demo.countyId],
    ['teacher5@example.cn', 'school_team', world.demo.schools[1]!.id],
  ] as const) {
    await world.launch(5);
    const r = await api(world, admin, 'POST', '/api/v1/admin/role-grants', { email, role, organisationId });
    expect(r.status).toBe(201);
  }
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function open(page: Page, user: number): Promise<Frame> {
  const query = new URLSearchParams({ client_id: world.clientId, course: '2', user: String(user), id: '1' });
  await page.goto(`${world.sim.issuer}/mod/lti/view.php?${query}`);
  const frame = await (await page.locator('#contentframe').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no tool frame');
  await frame.locator('header.topbar').waitFor();
  return frame;
}

const noSideScroll = (frame: Frame) =>
  frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

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
