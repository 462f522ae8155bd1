import { mkdirSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { launchChromium } from './chromium';
import { openInMoodle } from './moodle-frame';

export interface SchoolWorld {
  world: JourneyWorld;
  browser: Browser;
  /** Opens the tool as `user` in course 2's activity, inside Moodle's frame. */
  open(page: Page, user: number): Promise<Frame>;
  close(): Promise<void>;
}

/**
 * The demo world for the school and county screens in Chromium: teacher statuses maintained, and two grants by the
 * admin (user 2): assessor1 (user 3) as the county's officer, teacher5 (user 5) on the team of the demo school at
 * `teamSchool` (its index in the demo's schools).
 */
export async function startSchoolWorld(teamSchool: number): Promise<SchoolWorld> {
  mkdirSync('test-results/screens', { recursive: true });
  const world = await startJourneyWorld({ webAssets: loadWebAssets() });
  const browser = await launchChromium();
  await backfillTeacherStatus(world.tool.database.db);
  const admin = await world.launch(2);
  await world.launch(3);
  await world.launch(5);
  for (const [email, role, organisationId] of [
    ['assessor1@example.cn', 'county_admin', world.demo.countyId],
    ['teacher5@example.cn', 'school_team', world.demo.schools[teamSchool]!.id],
  ] as const) {
    const r = await api(world, admin, 'POST', '/api/v1/admin/role-grants', { email, role, organisationId });
    expect(r.status).toBe(201);
  }
  return {
    world,
    browser,
    open: (page, user) =>
      openInMoodle(page, { issuer: world.sim.issuer, clientId: world.clientId, course: 2, user, link: 1 }),
    close: async () => {
      await browser.close();
      await world.close();
    },
  };
}
