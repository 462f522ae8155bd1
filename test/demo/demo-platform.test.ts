import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPlatform, type DemoPlatform } from '../../lti-tool/server/demo/demo-platform';
import { demoPeriod } from '../../lti-tool/server/demo/seed';
import { enrolments, people } from '../../lti-tool/server/db/schema';
import { createBlobStore } from '../../lti-tool/server/storage';
import { parseAutoPostForm } from '../../scripts/lti-simulator';
import { TestBrowser, pageJson } from '../helpers/browser';
import { createDemoDatabase } from '../helpers/demo-db';
import { startToolServer, type ToolServer } from '../helpers/tool-server';

/**
 * The local demo as `npm start` runs it: the Moodle-like platform, the seeded county, and sample users who land on
 * their seeded records through the real LTI flow (course page → iframe → login → auth → launch).
 */
let tool: ToolServer;
let demo: DemoPlatform;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'demo-'));
  // The demo seeded once per run; the start below finds it seeded, as `npm start` does from its second start on.
  const { database } = await createDemoDatabase(dataDir);
  tool = await startToolServer({ env: { DATA_DIR: dataDir }, database });
  demo = await startDemoPlatform({
    db: tool.database.db,
    config: tool.config,
    storage: createBlobStore(tool.config),
    logger: tool.logger,
  });
});
afterAll(async () => {
  await demo?.close();
  await tool?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** What a browser does with the demo's course page: load the iframe, post the login, follow to the launch. */
async function openAs(launchUrl: string): Promise<string> {
  const browser = new TestBrowser();
  const page = await (await browser.get(launchUrl)).text();
  const src = /<iframe[^>]*src="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&') as string;
  const login = parseAutoPostForm(await (await browser.get(new URL(src, launchUrl).toString())).text());
  const loginPage = await (await browser.post(login.action, login.fields)).text();
  const auth = pageJson<{ auth: string }>(loginPage, 'lti-login').auth;
  const launch = parseAutoPostForm(await (await browser.get(auth)).text());
  const html = await (await browser.post(launch.action, launch.fields)).text();
  return pageJson<{ sessionToken: string }>(html, 'app-config').sessionToken;
}

const get = async (token: string, path: string) =>
  (await fetch(`${tool.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })).json();

describe('the local demo', () => {
  it('offers teachers, an assessor and an administrator', () => {
    const roles = demo.users.map((u) => u.role);
    expect(roles.filter((r) => r === 'teacher').length).toBeGreaterThanOrEqual(3);
    expect(roles).toContain('assessor');
    expect(roles).toContain('institution_admin');
  });

  it('opens a seeded teacher on their own record, with selections and hours', async () => {
    const token = await openAs(demo.users[0]?.launchUrl as string);
    const { status, enrolment } = await get(token, '/me/status');
    expect(enrolment.school.name).toBe(demo.users[0]?.school);
    expect(status.selection.chosen).toBe(3);
    expect(status.hours.recorded.total.hours).toBeGreaterThan(0);
  });

  it("shows the school's assessor the work to grade and the county officer the school-graded work to review", async () => {
    const [school, county] = demo.users.filter((u) => u.role === 'assessor');
    const schoolToken = await openAs(school?.launchUrl as string);
    const waiting = await get(schoolToken, '/review/queue');
    expect(waiting).toMatchObject({ level: 'school' });
    expect(waiting.total).toBeGreaterThan(0);
    const countyToken = await openAs(county?.launchUrl as string);
    const graded = await get(countyToken, '/review/queue?state=school_graded');
    expect(graded).toMatchObject({ level: 'county' });
    expect(graded.total).toBeGreaterThan(0);
    // The seeded school grades were given by the schools' own assessors, so the county may review them.
    const detail = await get(countyToken, `/review/submissions/${graded.items[0].id}`);
    expect(detail).toMatchObject({ canSchoolReview: false, canCountyReview: true, countyRefusal: null });
  });

  it('runs the demo programme around today: its deadline is ahead and this year counts', async () => {
    const token = await openAs(demo.users[0]?.launchUrl as string);
    const { status } = await get(token, '/me/status');
    const today = new Date().toISOString().slice(0, 10);
    expect(status.period.deadline > today).toBe(true);
    expect(status.period.deadlinePassed).toBe(false);
    expect(demoPeriod(new Date('2026-12-05T00:00:00Z'))).toEqual({
      startYear: 2025,
      endYear: 2027,
      deadline: '2028-06-30',
      schoolYear: 2026,
    });
  });

  it("shows the principal their school's profile, plans and activities, and the county the plans to review", async () => {
    const head = demo.users.find((u) => u.role === 'school_team');
    const token = await openAs(head?.launchUrl as string);
    const scope = await get(token, '/schools/scope');
    const schoolId = scope.roots[0].id as string;
    const profile = await get(token, `/schools/${schoolId}/profile`);
    expect(profile.team).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: '孙校长', principal: true })]),
    );
    const plans = await get(token, `/schools/${schoolId}/artefacts`);
    expect(plans.items.map((i: { status: string }) => i.status)).toEqual(
      expect.arrayContaining(['approved', 'returned']),
    );
    const activities = await get(token, `/schools/${schoolId}/activities`);
    expect(activities.items.length).toBeGreaterThan(0);
    expect(activities.items[0].participants.length).toBeGreaterThan(0);
    const officer = demo.users.find((u) => u.role === 'county_admin');
    const queue = await get(await openAs(officer?.launchUrl as string), '/schools/artefacts/queue');
    expect(queue.items.length).toBeGreaterThan(0);
  });

  it('asks a new teacher to pick a school first', async () => {
    const fresh = demo.users.find((u) => u.name.startsWith('新老师'));
    const token = await openAs(fresh?.launchUrl as string);
    expect((await get(token, '/me/enrolment')).state).toBe('needs_school');
  });

  it('can start again on the same data without duplicating people or enrolments', async () => {
    const db = tool.database.db;
    const before = { people: await db.$count(people), enrolments: await db.$count(enrolments) };
    const again = await startDemoPlatform({
      db,
      config: tool.config,
      storage: createBlobStore(tool.config),
      logger: tool.logger,
    });
    try {
      expect(again.users.map((u) => u.name)).toEqual(demo.users.map((u) => u.name));
      expect({ people: await db.$count(people), enrolments: await db.$count(enrolments) }).toEqual(before);
    } finally {
      await again.close();
    }
  });
});
