import { and, eq, inArray, sql } from 'drizzle-orm';
import { gradeOutbox, ltiResourceLinks } from '../../lti-tool/server/db/schema';
import { enqueueScore } from '../../lti-tool/server/services/grade-outbox';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import { TestBrowser, pageJson } from '../../test/helpers/browser';
import { parseAutoPostForm, startPlatformSimulator } from '../lti-simulator';
import { harness, kill9, waitUntil, type Result } from './harness';

// ---------------------------------------------------------------------------------------------------------------
// Grade delivery: 200 scores queued in the outbox, the delivery job of the running process posting them to the
// platform (the simulator, in this process, so it outlives the kill); SIGKILL once 60 are delivered. The new
// process's job resumes: every score is delivered, none is lost.
export async function gradeDelivery(serverUrl: string): Promise<Result> {
  const h = await harness(serverUrl, 'grades');
  const sim = await startPlatformSimulator();
  const registered = sim.registerTool({
    name: '能力提升工程2.0',
    loginUrl: `${h.url}/lti/login`,
    redirectUris: [`${h.url}/lti/launch`],
    jwksUrl: `${h.url}/.well-known/jwks.json`,
    targetLinkUri: `${h.url}/lti/launch`,
  });
  sim.addCourse({ id: 2, label: 'XXZX2024', title: '校本研修' });
  const LEARNERS = Array.from({ length: 200 }, (_, i) => 100 + i);
  for (const id of LEARNERS) {
    sim.addUser({ id, given_name: `教师${id}`, family_name: '张', email: `t${id}@example.cn`, username: `t${id}` });
    sim.enrol(2, id, 'Learner');
  }
  sim.addResourceLink({ courseId: 2, clientId: registered.clientId, id: 1, title: '我的研修', gradeMax: 100 });
  const platform = await registerPlatform(h.database.db, {
    tenant: 'county',
    name: 'Moodle',
    issuer: sim.issuer,
    clientId: registered.clientId,
    authLoginUrl: sim.endpoints.auth,
    accessTokenUrl: sim.endpoints.token,
    jwksUrl: sim.endpoints.jwks,
    deploymentIds: [registered.deploymentId],
  });
  let tool = await h.start();
  // One real launch records the resource link and its line item.
  const browser = new TestBrowser();
  const init = sim.loginInitiation({ clientId: registered.clientId, courseId: 2, resourceLinkId: 1, userId: 100 });
  const login = await browser.post(init.url, init.form);
  const { auth } = pageJson<{ auth: string }>(await login.text(), 'lti-login');
  const { action, fields } = parseAutoPostForm(await (await browser.get(auth)).text());
  await browser.post(action, fields);
  const [link] = await h.database.db
    .select({ lineItemUrl: ltiResourceLinks.lineItemUrl })
    .from(ltiResourceLinks)
    .where(eq(ltiResourceLinks.platformId, platform.id));
  // Stopped while queueing, so the kill lands in the middle of the delivery rather than before it.
  await tool.stop();
  const ids: string[] = [];
  await h.database.db.transaction(async (tx) => {
    for (const learner of LEARNERS) {
      const id = await enqueueScore(tx, {
        tenantId: platform.tenantId,
        platformId: platform.id,
        subject: String(learner),
        idempotencyKey: `kill9-${learner}`,
        lineItemUrl: link?.lineItemUrl,
        scoreGiven: 80,
        scoreMaximum: 100,
      });
      if (id) ids.push(id);
    }
  });
  const delivered = async () =>
    (
      await h.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(gradeOutbox)
        .where(and(inArray(gradeOutbox.id, ids), eq(gradeOutbox.status, 'delivered')))
    )[0]!.n;
  tool = await h.start();
  let deliveredAtKill = 0;
  await waitUntil(async () => (deliveredAtKill = await delivered()) >= 60);
  await kill9(tool);
  deliveredAtKill = await delivered();
  const postedAtKill = sim.scoresPosted.filter((s) => s.status < 300).length;
  const restartedAt = Date.now();
  tool = await h.start();
  await waitUntil(async () => (await delivered()) === ids.length);
  const resumeSeconds = (Date.now() - restartedAt) / 1000;
  const statuses = await h.database.db
    .select({ status: gradeOutbox.status, attempts: gradeOutbox.attempts })
    .from(gradeOutbox)
    .where(inArray(gradeOutbox.id, ids));
  const accepted = sim.scoresPosted
    .filter((s) => s.status < 300)
    .map((s) => (JSON.parse(s.body) as { userId: string }).userId);
  const perUser = new Map<string, number>();
  for (const u of accepted) perUser.set(u, (perUser.get(u) ?? 0) + 1);
  const refusedAsRepeat = sim.scoresPosted.filter((s) => s.status === 409).length;
  await tool.stop();
  await sim.close();
  await h.close();
  return {
    scenario: 'grade delivery (200 scores in the outbox, the job posting them)',
    queued: ids.length,
    deliveredAtKill,
    acceptedByPlatformAtKill: postedAtKill,
    secondsFromRestartToAllDelivered: Math.round(resumeSeconds * 10) / 10,
    deliveredAfterRestart: statuses.filter((s) => s.status === 'delivered').length,
    learnersWithScore: perUser.size,
    postedTwice: [...perUser.values()].filter((n) => n > 1).length,
    refusedAsRepeat,
    ok: statuses.every((s) => s.status === 'delivered') && LEARNERS.every((l) => perUser.has(String(l))),
  };
}
