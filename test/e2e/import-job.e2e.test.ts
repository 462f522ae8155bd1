import { mkdirSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueImportJobs } from '../../lti-tool/server/jobs/import-jobs';
import { createLogger } from '../../lti-tool/server/logger';
import { createBlobStore } from '../../lti-tool/server/storage';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { startJourneyWorld, type JourneyWorld } from '../journey/world';
import { seriousAxeViolations } from './axe';
import { launchChromium } from './chromium';
import { previewFixtureExport } from './completion-import';
import { openInMoodle } from './moodle-frame';

/**
 * A large completion file on the admin import screen, on a 360 px phone inside Moodle's frame: the upload answers
 * 202 (uploads from 1 KiB run as jobs here; the fixture export is 3.4 KB), the screen shows an accessible progress
 * bar while it polls, the job runs (called directly: no timers), and the same report appears.
 */
const WIDTH = 360;
let world: JourneyWorld;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync('test-results/screens', { recursive: true });
  world = await startJourneyWorld({ webAssets: loadWebAssets(), env: { IMPORT_JOB_FROM_BYTES: '1024' } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: WIDTH, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

const fits = (frame: Frame) =>
  frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('admin import screen with a large file', () => {
  it('follows the import job with a progress bar, then shows the report, within 360 px', async () => {
    const frame = await openInMoodle(page, {
      issuer: world.sim.issuer,
      clientId: world.clientId,
      course: 2,
      user: 2,
      link: 1,
    });
    const completions = await previewFixtureExport(frame);
    const bar = completions.getByRole('progressbar', { name: '预览进度' });
    await bar.waitFor();
    await completions.getByText(/预览排队中：文件已上传/).waitFor();
    expect(await bar.getAttribute('aria-valuemin')).toBe('0');
    expect(await seriousAxeViolations(frame)).toEqual([]);
    expect(await fits(frame)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-results/screens/import-job-progress-360.png', fullPage: true });
    const deps = {
      db: world.tool.database.db,
      storage: createBlobStore(world.tool.config),
      logger: createLogger('silent'),
    };
    expect(await runDueImportJobs(deps)).toBe(1);
    await completions.getByText(/^预览 · course-completion\.csv · 共 \d+ 行/).waitFor();
    expect(await bar.count()).toBe(0);
    expect(await completions.locator('table tbody tr').count()).toBeGreaterThan(0);
    expect(await fits(frame)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-results/screens/import-job-report-360.png', fullPage: true });
  });
});
