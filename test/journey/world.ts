import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatformSimulator, type PlatformSimulator } from '../../scripts/lti-simulator';
import { egressPolicy } from '../../lti-tool/server/app';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import { deliverDueScores } from '../../lti-tool/server/jobs/grade-delivery';
import { ServiceTokenClient } from '../../lti-tool/server/lti/advantage/service-token';
import { createLtiStore } from '../../lti-tool/server/lti/store';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import { createBlobStore } from '../../lti-tool/server/storage';
import type { WebAssets } from '../../lti-tool/server/web-assets';
import { TestBrowser } from '../helpers/browser';
import { reusedKeyPairs } from '../helpers/key-pairs';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { browserLaunch } from '../lti/world';

/**
 * The tool (files in a temporary DATA_DIR) and a simulated Moodle with the demo county seeded. Course 2 has an
 * admin (2), an instructor-assessor (3) and two trainee teachers (4, 5); course 3 is a second course taught by 6.
 * A second registration of the same Moodle belongs to another tenant ("other"), for isolation tests.
 */
export interface JourneyWorld {
  tool: ToolServer;
  sim: PlatformSimulator;
  clientId: string;
  otherClientId: string;
  tenantId: string;
  demo: DemoWorld;
  launch(userId: number, options?: { courseId?: number; resourceLinkId?: number; other?: boolean }): Promise<string>;
  deliver(): Promise<number>;
  close(): Promise<void>;
}

export async function startJourneyWorld(
  options: { webAssets?: WebAssets; env?: NodeJS.ProcessEnv } = {},
): Promise<JourneyWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), 'journey-'));
  const tool = await startToolServer({ env: { ...options.env, DATA_DIR: dataDir }, webAssets: options.webAssets });
  const sim = await startPlatformSimulator({ keyPairs: reusedKeyPairs('platform') });
  const toolUrls = {
    loginUrl: `${tool.url}/lti/login`,
    redirectUris: [`${tool.url}/lti/launch`],
    jwksUrl: `${tool.url}/.well-known/jwks.json`,
    targetLinkUri: `${tool.url}/lti/launch`,
  };
  const mine = sim.registerTool({ name: '能力提升工程2.0', ...toolUrls });
  const other = sim.registerTool({ name: '另一机构', ...toolUrls });
  sim.addCourse({ id: 2, label: 'XXZX2024', title: '信息技术应用能力提升工程2.0 校本研修' });
  sim.addCourse({ id: 3, label: 'S2-2024', title: '实验中学 校本研修' });
  const users = [
    { id: 2, given_name: '管理员', family_name: '系统', username: 'admin' },
    { id: 3, given_name: '老师', family_name: '王', username: 'assessor1' },
    { id: 4, given_name: '小明', family_name: '李', username: 'teacher4' },
    { id: 5, given_name: '小红', family_name: '陈', username: 'teacher5' },
    { id: 6, given_name: '老师', family_name: '周', username: 'assessor6' },
  ];
  for (const u of users) sim.addUser({ ...u, email: `${u.username}@example.cn`, lang: 'zh_cn' });
  sim.makeSiteAdmin(2);
  sim.enrol(2, 3, 'Instructor');
  sim.enrol(2, 4, 'Learner');
  sim.enrol(2, 5, 'Learner');
  sim.enrol(3, 6, 'Instructor');
  for (const client of [mine.clientId, other.clientId]) {
    sim.addResourceLink({ courseId: 2, clientId: client, id: client === mine.clientId ? 1 : 11, title: '我的研修' });
    sim.addResourceLink({ courseId: 3, clientId: client, id: client === mine.clientId ? 2 : 12, title: '审核' });
  }
  sim.addResourceLink({
    courseId: 2,
    clientId: mine.clientId,
    id: 3,
    title: 'A2 技术支持的课堂导入',
    custom: { placement: 'ability', ability_code: 'A2' },
    gradeMax: 100,
  });
  const register = (tenant: string, clientId: string, deploymentId: string) =>
    registerPlatform(tool.database.db, {
      tenant,
      tenantName: tenant,
      name: 'Moodle (simulator)',
      issuer: sim.issuer,
      clientId,
      authLoginUrl: sim.endpoints.auth,
      accessTokenUrl: sim.endpoints.token,
      jwksUrl: sim.endpoints.jwks,
      deploymentIds: [deploymentId],
    });
  const platform = await register('demo-institution', mine.clientId, mine.deploymentId);
  await register('other-institution', other.clientId, other.deploymentId);
  const demo = await seedDemo(tool.database.db, { tenantId: platform.tenantId, storage: createBlobStore(tool.config) });
  const tokens = new ServiceTokenClient({ policy: egressPolicy(tool.config) });
  return {
    tool,
    sim,
    clientId: mine.clientId,
    otherClientId: other.clientId,
    tenantId: platform.tenantId,
    demo,
    async launch(userId, options = {}) {
      const clientId = options.other ? other.clientId : mine.clientId;
      const courseId = options.courseId ?? 2;
      const defaultLink = (courseId === 2 ? 1 : 2) + (options.other ? 10 : 0);
      const result = await browserLaunch({ sim, clientId }, new TestBrowser(), {
        userId,
        courseId,
        resourceLinkId: options.resourceLinkId ?? defaultLink,
      });
      if (result.response.status !== 200) throw new Error(`launch failed: ${result.response.status}`);
      // Only the token is read from the page, so changes to the rest of the app config do not matter here.
      const token = /"sessionToken":"([A-Za-z0-9_-]{43})"/.exec(result.html)?.[1];
      if (!token) throw new Error('no session token in the launch page');
      return token;
    },
    deliver: () =>
      deliverDueScores({
        db: tool.database.db,
        store: createLtiStore(tool.database.db),
        keys: tool.toolKeys,
        tokens,
        policy: egressPolicy(tool.config),
        logger: tool.logger,
      }),
    async close() {
      await sim.close();
      await tool.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Response bodies are JSON of many shapes; tests read the fields they assert on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON (or raw) call to the tool's API with a session token. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function api<T = any>(
  world: Pick<JourneyWorld, 'tool'>,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const raw = body instanceof Uint8Array;
  const response = await fetch(`${world.tool.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : raw ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    body: (type.includes('json') ? JSON.parse(text) : text) as T,
    headers: response.headers,
  };
}

/** The admin links a launched course (by its label) to an organisation of the demo programme. */
export async function linkCourse(world: JourneyWorld, admin: string, label: string, organisationId: string) {
  const { body } = await api(world, admin, 'GET', '/api/v1/admin/contexts');
  const course = (body.contexts as { id: string; label: string }[]).find((c) => c.label === label);
  if (!course) throw new Error(`course ${label} was never launched`);
  const linked = await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course.id}`, {
    programmeInstanceId: world.demo.programmeInstanceId,
    organisationId,
  });
  if (linked.status !== 200) throw new Error(`linking ${label}: ${linked.status}`);
}
