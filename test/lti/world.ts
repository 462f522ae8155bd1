import { parseAutoPostForm, startPlatformSimulator, type PlatformSimulator } from '../../scripts/lti-simulator';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import type { TestBrowser } from '../helpers/browser';
import { pageJson } from '../helpers/browser';
import { reusedKeyPairs } from '../helpers/key-pairs';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import type { Logger } from '../../lti-tool/server/logger';

/**
 * The tool and a Moodle-like platform, registered with each other as an administrator would by hand: a course
 * with a teacher (3, Instructor), two trainee teachers (4, 5, Learners), a site admin (2) and one graded activity.
 */
export interface LtiWorld {
  tool: ToolServer;
  sim: PlatformSimulator;
  clientId: string;
  deploymentId: string;
  platformId: string;
  tenantId: string;
  close(): Promise<void>;
}

export async function startLtiWorld(
  options: { studentLang?: string; env?: NodeJS.ProcessEnv; logger?: Logger; rateLimitClock?: () => number } = {},
): Promise<LtiWorld> {
  const tool = await startToolServer({
    env: options.env,
    logger: options.logger,
    rateLimitClock: options.rateLimitClock,
  });
  const sim = await startPlatformSimulator({ keyPairs: reusedKeyPairs('platform') });
  const { clientId, deploymentId } = sim.registerTool({
    name: '能力提升工程2.0',
    loginUrl: `${tool.url}/lti/login`,
    redirectUris: [`${tool.url}/lti/launch`],
    jwksUrl: `${tool.url}/.well-known/jwks.json`,
    deepLinkingUrl: `${tool.url}/lti/launch`,
    targetLinkUri: `${tool.url}/lti/launch`,
  });
  sim.addCourse({ id: 2, label: 'XXZX2024', title: '信息技术应用能力提升工程2.0 校本研修' });
  sim.addUser({ id: 2, given_name: '管理员', family_name: '系统', email: 'admin@example.cn', username: 'admin' });
  sim.addUser({ id: 3, given_name: '老师', family_name: '王', email: 'wang@example.cn', username: 'teacher1' });
  sim.addUser({
    id: 4,
    given_name: '小明',
    family_name: '李',
    email: 'li@example.cn',
    username: 'student1',
    lang: options.studentLang ?? 'zh_cn',
  });
  sim.addUser({
    id: 5,
    given_name: 'Sally',
    family_name: 'Scholar',
    email: 'sally@example.cn',
    username: 'student2',
    lang: 'en',
  });
  sim.makeSiteAdmin(2);
  sim.enrol(2, 3, 'Instructor');
  sim.enrol(2, 4, 'Learner');
  sim.enrol(2, 5, 'Learner');
  sim.addResourceLink({ courseId: 2, clientId, id: 1, title: '我的研修', gradeMax: 100 });
  const platform = await registerPlatform(tool.database.db, {
    tenant: 'demo-institution',
    tenantName: '示范培训机构',
    name: 'Moodle (simulator)',
    issuer: sim.issuer,
    clientId,
    authLoginUrl: sim.endpoints.auth,
    accessTokenUrl: sim.endpoints.token,
    jwksUrl: sim.endpoints.jwks,
    deploymentIds: [deploymentId],
  });
  return {
    tool,
    sim,
    clientId,
    deploymentId,
    platformId: platform.id,
    tenantId: platform.tenantId,
    close: async () => {
      await sim.close();
      await tool.close();
    },
  };
}

export interface LaunchResult {
  response: Response;
  html: string;
}

/** Moodle's whole launch: login initiation → our continue page → auth.php → the form post back to us. */
export async function browserLaunch(
  world: Pick<LtiWorld, 'sim' | 'clientId'>,
  browser: TestBrowser,
  input: { userId: number; resourceLinkId?: number; deepLinking?: boolean; courseId?: number },
): Promise<LaunchResult> {
  const init = world.sim.loginInitiation({ clientId: world.clientId, courseId: input.courseId ?? 2, ...input });
  const login = await browser.post(init.url, init.form);
  const loginHtml = await login.text();
  if (login.status !== 200) return { response: login, html: loginHtml };
  const { auth } = pageJson<{ auth: string }>(loginHtml, 'lti-login');
  const authPage = await browser.get(auth);
  const { action, fields } = parseAutoPostForm(await authPage.text());
  const response = await browser.post(action, fields);
  return { response, html: await response.text() };
}

export function appConfig(html: string) {
  return pageJson<{
    sessionToken: string;
    apiBase: string;
    lang: string;
    placement: string;
    abilityCode?: string;
    oversight: string | null;
  }>(html, 'app-config');
}
