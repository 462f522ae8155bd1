import { mkdirSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { PDF } from '../journey/files';
import { api, linkCourse, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { launchChromium } from './chromium';
import { openInMoodle } from './moodle-frame';

/**
 * Nothing wider than 360 px: every main screen (teacher progress, ability choice, the task page, the review queue and
 * a submission, the admin page, the schools tab) opened in Moodle's frame on a 360 px phone, in Chinese and English,
 * and measured. Moodle's frame is the whole width here, so the tool's page is 360 px wide.
 */
const WIDTH = 360;
let world: JourneyWorld;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync('test-results/screens', { recursive: true });
  world = await startJourneyWorld({ webAssets: loadWebAssets() });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: WIDTH, height: 800 } });
  const db = world.tool.database.db;
  const admin = await world.launch(2);
  const school = world.demo.schools[0]!.id;
  await world.launch(4);
  await linkCourse(world, admin, 'XXZX2024', school);
  // The teacher has chosen abilities and started A2 with a long-named file and a long unbroken link.
  const teacher = await world.launch(4);
  expect((await api(world, teacher, 'PUT', '/api/v1/me/selections', { abilities: ['A1', 'A2', 'A5'] })).status).toBe(
    200,
  );
  const name = '《认识分数》第一课时教学设计（人教版三年级上册，信息技术支持下的学情分析与导入）最终修订版.pdf';
  await api(world, teacher, 'POST', '/api/v1/me/abilities/A2/items/lesson-design/file', PDF, {
    'content-type': 'application/octet-stream',
    'x-filename': encodeURIComponent(name),
  });
  // The school's assessor (周老师) reviews the demo school's submissions from the school's own course.
  await world.launch(6, { courseId: 3 });
  await linkCourse(world, admin, 'S2-2024', school);
  // 王老师 (3) is the county officer for the schools tab.
  await world.launch(3);
  const grant = await api(world, admin, 'POST', '/api/v1/admin/role-grants', {
    email: 'assessor1@example.cn',
    role: 'county_admin',
    organisationId: world.demo.countyId,
  });
  expect(grant.status).toBe(201);
  await backfillTeacherStatus(db);
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** Course 2's activity is link 1, course 3's (the school's review course) link 2. */
const open = (user: number, course = 2) =>
  openInMoodle(page, { issuer: world.sim.issuer, clientId: world.clientId, course, user, link: course === 3 ? 2 : 1 });

/** The page's full width and, when it is too wide, the elements that stick out (to say what to fix). */
async function width(frame: Frame) {
  return frame.evaluate((limit) => {
    const scrollWidth = document.documentElement.scrollWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().right)}`,
      );
    return { scrollWidth, wide };
  }, WIDTH);
}

async function expectFits(frame: Frame, shot: string) {
  await page.screenshot({ path: `test-results/screens/${shot}-360.png`, fullPage: true });
  const measured = await width(frame);
  // The elements past the edge go into the message, so a failure says what to fix.
  expect(measured.scrollWidth, `${shot}: ${measured.wide.join(', ')}`).toBeLessThanOrEqual(WIDTH);
}

async function inBothLanguages(frame: Frame, shot: string, englishReady: () => Promise<unknown>) {
  await expectFits(frame, `${shot}-zh`);
  await frame.getByRole('button', { name: 'English' }).click();
  await englishReady();
  await expectFits(frame, `${shot}-en`);
  await frame.getByRole('button', { name: '中文' }).click();
}

describe('every main screen at 360 px', () => {
  it('teacher: progress, choosing abilities and the ability task page', async () => {
    const frame = await open(4);
    await frame.getByRole('heading', { name: '我的进度' }).waitFor();
    await inBothLanguages(frame, 'teacher-progress', () =>
      frame.getByRole('heading', { name: 'My progress' }).waitFor(),
    );
    await frame
      .getByRole('button', { name: /选择微能力点|调整/ })
      .first()
      .click();
    await frame.locator('fieldset, .ability-list').first().waitFor();
    await expectFits(frame, 'teacher-choose-zh');
    await page.goBack().catch(() => undefined);
    const task = await open(4);
    await task.getByRole('button', { name: /A2/ }).first().click();
    await task.locator('fieldset.slot').first().waitFor();
    await task.getByText('最终修订版.pdf', { exact: false }).first().waitFor();
    await inBothLanguages(task, 'teacher-task', () => task.getByText('Upload a file').first().waitFor());
  });

  it('assessor: the review queue and a submission', async () => {
    const frame = await open(6, 3);
    // An assessor who is nothing else has one tab, so no tab bar.
    const tab = frame.getByRole('button', { name: '成果审核' });
    if ((await tab.count()) > 0) await tab.click();
    const first = frame.locator('table.table tbody button.link').first();
    await first.waitFor();
    await inBothLanguages(frame, 'review-queue', () => frame.getByRole('button', { name: '中文' }).waitFor());
    await first.click();
    await frame.locator('fieldset, .card').first().waitFor();
    await expectFits(frame, 'review-submission-zh');
  });

  it('administrator: the whole admin page', async () => {
    const frame = await open(2);
    await frame.getByRole('button', { name: '平台管理' }).click();
    await frame.getByRole('heading', { name: '能力点目录与核实说明' }).waitFor();
    await frame.locator('.catalogue-entry').first().waitFor();
    await inBothLanguages(frame, 'admin', () =>
      frame.getByRole('heading', { name: 'Catalogue and verification notes' }).waitFor(),
    );
  });

  it('county officer: the schools tab, overview and a school', async () => {
    const frame = await open(3);
    await frame.getByRole('button', { name: '学校与区县' }).click();
    await frame.getByRole('heading', { name: '区县总览' }).waitFor();
    await frame.locator('.chart svg').first().waitFor();
    await expectFits(frame, 'schools-county-zh');
    await frame.getByRole('button', { name: world.demo.schools[0]!.name }).click();
    await frame.getByRole('heading', { name: `学校看板：${world.demo.schools[0]!.name}` }).waitFor();
    await inBothLanguages(frame, 'schools-school', () =>
      frame.getByRole('heading', { name: `School dashboard：${world.demo.schools[0]!.name}` }).waitFor(),
    );
  });
});
