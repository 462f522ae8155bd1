import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPlatform, type DemoPlatform } from '../../lti-tool/server/demo/demo-platform';
import { enrolments, people } from '../../lti-tool/server/db/schema';
import { createBlobStore } from '../../lti-tool/server/storage';
import { parseAutoPostForm } from '../../scripts/lti-simulator';
import { TestBrowser, pageJson } from '../helpers/browser';
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
  tool = await startToolServer({ env: { DATA_DIR: dataDir } });
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

  it('shows the assessor the seeded submissions waiting for review', async () => {
    const assessor = demo.users.find((u) => u.role === 'assessor');
    const token = await openAs(assessor?.launchUrl as string);
    const queue = await get(token, '/review/queue');
    expect(queue.total).toBeGreaterThan(0);
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
