import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { abilitySelections, enrolments, ltiContexts } from '../../lti-tool/server/db/schema';
import { runDueExports } from '../../lti-tool/server/jobs/exports';
import { createBlobStore } from '../../lti-tool/server/storage';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { makePassing } from '../exports/passing';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { launchChromium } from './chromium';
import { openInMoodle } from './moodle-frame';

/**
 * Issue 12 in Chromium inside Moodle's iframe: the county officer generates this month's completion table and
 * downloads it; a teacher who passed downloads the certificate; the verification page opened from its URL confirms it.
 */
let world: JourneyWorld;
let browser: Browser;

beforeAll(async () => {
  world = await startJourneyWorld({ webAssets: loadWebAssets() });
  browser = await launchChromium();
  const db = world.tool.database.db;
  const admin = await world.launch(2);
  const courses = await db.select().from(ltiContexts).where(eq(ltiContexts.tenantId, world.tenantId));
  const course = courses.find((c) => c.label === 'XXZX2024')!.id;
  const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId: world.demo.countyId };
  expect((await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course}`, body)).status).toBe(200);
  // Teacher 4 (李小明) joins the first school and passes by the demo's own grading path.
  const teacher = await world.launch(4);
  const school = world.demo.schools[0]!;
  expect((await api(world, teacher, 'PUT', '/api/v1/me/school', { schoolId: school.id })).status).toBe(200);
  const mine = (await db.select().from(enrolments)).find(
    (e) => e.schoolId === school.id && !world.demo.teachers.some((t) => t.enrolmentId === e.id),
  )!;
  for (const abilityCode of ['A1', 'A2', 'A5']) {
    await db.insert(abilitySelections).values({ tenantId: world.tenantId, enrolmentId: mine.id, abilityCode });
  }
  const passed = await makePassing(db, createBlobStore(world.tool.config), {
    enrolmentId: mine.id,
    assessorId: world.demo.assessorId,
    index: 20,
  });
  expect(passed?.state).toBe('ready_to_certify');
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

const open = (page: Page, user: number) =>
  openInMoodle(page, { issuer: world.sim.issuer, clientId: world.clientId, course: 2, user, link: 1 });

describe('exports in the browser', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 360, height: 900 }, acceptDownloads: true });
  });

  it('the county officer generates the monthly report and downloads it', async () => {
    const frame = await open(page, 3);
    // The officer's first tab is 成果审核, where the exports panel sits.
    await frame.getByRole('heading', { name: '报表导出' }).waitFor();
    await frame.getByRole('button', { name: '生成报表' }).click();
    const row = frame.locator('li[data-export]').first();
    await row.getByText('排队中').waitFor();
    // The job runner of the tool process, run once here instead of on its interval.
    expect(
      await runDueExports({
        db: world.tool.database.db,
        storage: createBlobStore(world.tool.config),
        publicUrl: world.tool.config.publicUrl,
      }),
    ).toBe(1);
    const download = page.waitForEvent('download');
    await row.getByRole('button', { name: '下载' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^完成情况表_示范县_\d{4}-\d{2}\.xlsx$/);
    const book = XLSX.read(await readFile((await file.path())!), { type: 'buffer' });
    expect(book.SheetNames).toEqual(['学校汇总', '教师明细', '说明']);
    const info = Object.fromEntries(
      XLSX.utils.sheet_to_json<Record<string, string>>(book.Sheets['说明']!).map((r) => [r['项目'], r['内容']]),
    );
    expect(info['统计周期']).toBe(new Date().toISOString().slice(0, 7));
    const teachers = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['教师明细']!);
    expect(teachers.find((r) => r['教师'] === '李小明')).toMatchObject({ 完成状态: '已完成' });
    expect(await frame.evaluate(() => document.documentElement.scrollWidth <= 360)).toBe(true);
  });

  it('a teacher who passed downloads the certificate, and its verification page confirms it', async () => {
    const frame = await open(page, 4);
    const download = page.waitForEvent('download');
    await frame.getByRole('button', { name: '下载结业证书' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^结业证书.*\.pdf$/);
    const pdf = await readFile((await file.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const link = frame.locator('a[href*="/verify/"]');
    await link.waitFor();
    const verifyUrl = (await link.getAttribute('href'))!;
    const verification = await browser.newPage({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
    await verification.goto(verifyUrl);
    await verification.getByText('有效证书').first().waitFor();
    const text = await verification.locator('body').innerText();
    expect(text).toContain('李小明');
    expect(text).toContain('示范县能力提升工程2.0');
    expect(text).not.toContain('@example.cn');
    await verification.close();
  });
});
