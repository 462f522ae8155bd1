// kill -9 of the tool process in the middle of writes, then a restart: nothing acknowledged may be missing, nothing
// half-written, the grade outbox resumes. Each scenario runs the real server (lti-tool/server/main.ts) as a child
// process on a fresh PostgreSQL database, drives it over HTTP as its clients do, sends SIGKILL once some writes are
// acknowledged and others are in flight, starts a new process on the same database and data folder, lets the
// clients retry what was not acknowledged (same idempotency keys, as the extension's outbox and a platform's
// server do), and checks the database.
// Usage: DATABASE_URL=postgres://… npx tsx scripts/reliability-kill9.ts [import|clips|grades|upload …] (default all)
// Prints one JSON line per scenario; exit 1 when a check fails.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { openPostgres, type Database } from '../lti-tool/server/db/client';
import { migrate } from '../lti-tool/server/db/migrate';
import {
  appSessions,
  contextProgrammeLinks,
  courseCompletions,
  evidenceItems,
  extClips,
  gradeOutbox,
  hoursLedgerEntries,
  ltiContexts,
  ltiResourceLinks,
  organisations,
} from '../lti-tool/server/db/schema';
import { upsertCourseMappings } from '../lti-tool/server/services/completions/course-mappings';
import { createCompletionSource } from '../lti-tool/server/services/completions/sources';
import { enqueueScore } from '../lti-tool/server/services/grade-outbox';
import { registerPlatform } from '../lti-tool/server/services/platform-admin';
import { hashOfKey } from '../lti-tool/server/storage/types';
import { seedFixtureWorld, type FixtureWorld } from '../test/completions/seed';
import { TestBrowser, pageJson } from '../test/helpers/browser';
import { quoteIdentifier, urlForDatabase } from '../test/setup/template-info';
import { withAdminClient } from '../test/setup/postgres-template';
import { freePort, startToolProcess, type ToolProcess } from '../test/scale/tool-processes';
import { parseAutoPostForm, startPlatformSimulator } from './lti-simulator';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl?.startsWith('postgres')) {
  console.error('reliability-kill9: set DATABASE_URL to a PostgreSQL server');
  process.exit(2);
}

interface Harness {
  database: Database;
  url: string;
  dataDir: string;
  start(): Promise<ToolProcess>;
  close(): Promise<void>;
}

/** A fresh database and data folder, and a way to start the tool on them (one process, on one fixed port). */
async function harness(name: string, extraEnv: Record<string, string> = {}): Promise<Harness> {
  const dbName = `kill9_${name}`;
  await withAdminClient(serverUrl as string, async (admin) => {
    await admin.query(`drop database if exists ${quoteIdentifier(dbName)} with (force)`);
    await admin.query(`create database ${quoteIdentifier(dbName)}`);
  });
  const dbUrl = urlForDatabase(serverUrl as string, dbName);
  const database = await openPostgres(dbUrl, 4);
  await migrate(database.db);
  const dataDir = await mkdtemp(join(tmpdir(), `kill9-${name}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: dbUrl,
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    WORKERS: '1',
    KEY_ENCRYPTION_SECRET: 'kill9-key-encryption-secret',
    EGRESS_ALLOW_HOSTS: '127.0.0.1',
    EGRESS_ALLOW_HTTP: '1',
    LTI_RATE_LIMIT_PER_MINUTE: '1000000',
    API_RATE_LIMIT_PER_MINUTE: '1000000',
    JOB_POLL_MS: '200',
    ...extraEnv,
  };
  return {
    database,
    url,
    dataDir,
    start: () => startToolProcess(port, env),
    close: async () => {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
      await withAdminClient(serverUrl as string, (admin) =>
        admin.query(`drop database if exists ${quoteIdentifier(dbName)} with (force)`),
      );
    },
  };
}

/** SIGKILL: no handler runs, no transaction commits, no buffer is flushed. */
async function kill9(tool: ToolProcess): Promise<void> {
  const exited = new Promise((resolve) => tool.child.once('exit', resolve));
  tool.child.kill('SIGKILL');
  await exited;
}

const waitUntil = async (done: () => boolean | Promise<boolean>) => {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
};

/** A launch session inserted as a launch would write it (the scripts skip the browser dance where it adds nothing). */
async function sessionFor(
  db: Database['db'],
  world: FixtureWorld,
  personId: string,
  roles: string[],
  contextId: string | null = null,
) {
  const token = randomBytes(32).toString('base64url');
  await db.insert(appSessions).values({
    tokenHash: createHash('sha256').update(token).digest('base64url'),
    tenantId: world.tenantId,
    platformId: world.platformId,
    deploymentId: '1',
    personId,
    contextId,
    messageType: 'LtiResourceLinkRequest',
    toolRoles: roles,
    platformRoles: [],
    locale: 'zh-CN',
    launch: { userId: personId, custom: {}, issuer: 'https://moodle.example', clientId: 'client-1' },
    expiresAt: new Date(Date.now() + 3600_000),
  });
  return token;
}

async function post(url: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as unknown };
}

type Result = Record<string, unknown> & { ok: boolean };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// ---------------------------------------------------------------------------------------------------------------
// A bulk import: 28 batches of 100 completions through the platform-server API (POST /api/v1/completions/batch),
// two at a time; SIGKILL once 8 batches are acknowledged. Each batch is one transaction: after the restart every
// batch is either whole or absent; the retried batches complete; every completion is stored once with its credit.
async function bulkImport(): Promise<Result> {
  const h = await harness('import');
  const world = await seedFixtureWorld(h.database.db, 'kill9');
  const courses = Array.from({ length: 200 }, (_, i) => ({
    courseRef: `kill9-course-${i}`,
    abilityCode: ['A1', 'A3', 'A10', 'B2'][i % 4] as string,
    hours: 1,
  }));
  await upsertCourseMappings(h.database.db, world.tenantId, courses);
  const { credential } = await createCompletionSource(h.database.db, world.tenantId, {
    name: 'kill9',
    kind: 'api',
    programmeInstanceId: world.programmeInstanceId,
  });
  const teachers = [...world.teachers.keys()];
  const BATCHES = 28;
  const PER = 100;
  const batches = Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: PER }, (_, i) => {
      const n = b * PER + i;
      return {
        externalId: `k9-${b}-${i}`,
        teacher: { email: `${teachers[n % teachers.length]}@teachers.example.com` },
        courseRef: courses[Math.floor(n / teachers.length)]!.courseRef,
        completedAt: '2026-03-01T10:00:00+08:00',
      };
    }),
  );
  let tool = await h.start();
  const acked = new Set<number>();
  let killed = false;
  let next = 0;
  const sender = async () => {
    while (!killed && next < BATCHES) {
      const b = next++;
      try {
        const r = await post(`${h.url}/api/v1/completions/batch`, credential!.apiKey, { completions: batches[b] });
        if (r.status === 200) acked.add(b);
      } catch {
        // The connection died with the process: not acknowledged.
      }
    }
  };
  const senders = Promise.all([sender(), sender()]);
  await waitUntil(() => acked.size >= 8);
  await kill9(tool);
  killed = true;
  await senders;
  const stored = async (b: number) =>
    (
      await h.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(courseCompletions)
        .where(like(courseCompletions.externalId, `k9-${b}-%`))
    )[0]!.n;
  const afterKill = await Promise.all(batches.map((_, b) => stored(b)));
  const halfWritten = afterKill.filter((n) => n !== 0 && n !== PER).length;
  const ackedMissing = [...acked].filter((b) => afterKill[b] !== PER).length;
  const committedUnacked = afterKill.filter((n, b) => n === PER && !acked.has(b)).length;
  tool = await h.start();
  const retried: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    if (acked.has(b)) continue;
    const r = await post(`${h.url}/api/v1/completions/batch`, credential!.apiKey, { completions: batches[b] });
    if (r.status === 200) retried.push(b);
  }
  const [rows] = await h.database.db
    .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct external_id)::int` })
    .from(courseCompletions);
  const [credits] = await h.database.db.select({ n: sql<number>`count(*)::int` }).from(hoursLedgerEntries);
  await tool.stop();
  await h.close();
  const total = BATCHES * PER;
  return {
    scenario: 'bulk import (API batches of 100, one transaction each)',
    batches: BATCHES,
    acknowledgedBeforeKill: acked.size,
    wholeBatchesCommittedButUnacknowledged: committedUnacked,
    halfWrittenBatches: halfWritten,
    acknowledgedMissing: ackedMissing,
    retriedAfterRestart: retried.length,
    storedAfterRetries: rows!.n,
    distinctExternalIds: rows!.distinct,
    ledgerCredits: credits!.n,
    ok:
      halfWritten === 0 &&
      ackedMissing === 0 &&
      retried.length === BATCHES - acked.size &&
      rows!.n === total &&
      rows!.distinct === total &&
      credits!.n === total,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The extension's burst of clips: 300 clips, 12 in flight, each with its Idempotency-Key; SIGKILL after 80 are
// acknowledged. The extension keeps every unacknowledged clip in its outbox and sends it again with the same key.
async function clipBurst(): Promise<Result> {
  const h = await harness('clips');
  const world = await seedFixtureWorld(h.database.db, 'kill9');
  const teacher = world.teachers.get('t001')!;
  let tool = await h.start();
  const session = await sessionFor(h.database.db, world, teacher.personId, ['teacher']);
  const minted = (await post(`${h.url}/api/v1/me/extension/pairing-codes`, session, {})) as {
    body: { code: string };
  };
  const paired = await fetch(`${h.url}/ext/v1/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: minted.body.code, deviceName: 'kill -9' }),
  });
  const { accessToken } = (await paired.json()) as { accessToken: string };
  const CLIPS = 300;
  const clip = (i: number) => ({
    destination: 'library',
    kind: 'page',
    url: `https://www.example.cn/articles/${i}`,
    title: `课堂导入案例 ${i}`,
    site: '示例教育网',
    excerpt: '一节数学课如何用动画导入。',
    text: '正文……'.repeat(50),
    tags: ['课堂导入'],
    abilityCode: 'A2',
  });
  const key = (i: number) => `kill9-clip-${String(i).padStart(6, '0')}-0123456789`;
  const acked = new Map<number, string>();
  let killed = false;
  let next = 0;
  const send = async (i: number) => {
    const r = await post(`${h.url}/ext/v1/clips`, accessToken, clip(i), { 'idempotency-key': key(i) });
    if (r.status === 200 || r.status === 201) return (r.body as { clip: { id: string } }).clip.id;
    throw new Error(`clip ${i}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const sender = async () => {
    while (!killed && next < CLIPS) {
      const i = next++;
      try {
        acked.set(i, await send(i));
      } catch {
        // Not acknowledged: stays in the outbox.
      }
    }
  };
  const senders = Promise.all(Array.from({ length: 12 }, sender));
  await waitUntil(() => acked.size >= 80);
  await kill9(tool);
  killed = true;
  await senders;
  const ackedBeforeKill = acked.size;
  const rowsAfterKill = await h.database.db
    .select({ key: extClips.idempotencyKey, completedAt: extClips.completedAt, response: extClips.response })
    .from(extClips);
  const unfinished = rowsAfterKill.filter((r) => !r.completedAt || !r.response).length;
  tool = await h.start();
  // The outbox drains: every clip not acknowledged is sent again with its key. A clip whose claim the killed process
  // held answers 409 clip_in_progress (transient for the extension) until the claim is a minute old.
  const replayedIds = new Map<number, string>();
  let inProgressAnswers = 0;
  const resentAt = Date.now();
  for (let i = 0; i < CLIPS; i++) {
    if (acked.has(i)) continue;
    for (;;) {
      try {
        replayedIds.set(i, await send(i));
        break;
      } catch (err) {
        if (!String(err).includes('clip_in_progress')) throw err;
        inProgressAnswers++;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
  }
  const drainSeconds = Math.round((Date.now() - resentAt) / 1000);
  // And an acknowledged one sent again (a lost reply) answers the same clip.
  const sample = [...acked.keys()].slice(0, 20);
  const sameAnswer = (await Promise.all(sample.map(async (i) => (await send(i)) === acked.get(i)))).every(Boolean);
  const rows = await h.database.db
    .select({ id: extClips.id, key: extClips.idempotencyKey, completedAt: extClips.completedAt })
    .from(extClips);
  const ids = new Set(rows.map((r) => r.id));
  const missing = [...acked.values()].filter((id) => !ids.has(id)).length;
  const [resources] = await h.database.db
    .execute<{ n: number }>(sql`select count(*)::int as n from library_resources where person_id = ${teacher.personId}`)
    .then((r) => r.rows);
  await tool.stop();
  await h.close();
  return {
    scenario: 'extension burst of clips (300, 12 in flight, Idempotency-Key)',
    acknowledgedBeforeKill: ackedBeforeKill,
    rowsAfterKill: rowsAfterKill.length,
    unfinishedRowsAfterKill: unfinished,
    resentAfterRestart: replayedIds.size,
    clipInProgressAnswers: inProgressAnswers,
    secondsToDrainOutbox: drainSeconds,
    acknowledgedMissing: missing,
    lostReplyAnswersSameClip: sameAnswer,
    clipRows: rows.length,
    distinctKeys: new Set(rows.map((r) => r.key)).size,
    libraryResources: resources?.n,
    ok:
      missing === 0 &&
      sameAnswer &&
      rows.length === CLIPS &&
      new Set(rows.map((r) => r.key)).size === CLIPS &&
      rows.every((r) => r.completedAt),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Grade delivery: 200 scores queued in the outbox, the delivery job of the running process posting them to the
// platform (the simulator, in this process, so it outlives the kill); SIGKILL once 60 are delivered. The new
// process's job resumes: every score is delivered, none is lost.
async function gradeDelivery(): Promise<Result> {
  const h = await harness('grades');
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

// ---------------------------------------------------------------------------------------------------------------
// Evidence uploads: 6 teachers upload a 4 MB file each, slowly, two acknowledged first; SIGKILL while the others
// stream. After the restart: every acknowledged file is there with its bytes and hash, no record points at a
// missing or partial file, the interrupted uploads can be sent again.
async function uploads(): Promise<Result> {
  const h = await harness('upload');
  const world = await seedFixtureWorld(h.database.db, 'kill9');
  let tool = await h.start();
  // The course, linked by the administrator to the programme and the school, as the launch pages would have it.
  const [school] = await h.database.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.tenantId, world.tenantId), eq(organisations.kind, 'school')));
  const [context] = await h.database.db
    .insert(ltiContexts)
    .values({ tenantId: world.tenantId, platformId: world.platformId, deploymentId: '1', contextId: 'kill9-course' })
    .returning({ id: ltiContexts.id });
  await h.database.db.insert(contextProgrammeLinks).values({
    tenantId: world.tenantId,
    contextId: context!.id,
    programmeInstanceId: world.programmeInstanceId,
    organisationId: school!.id,
    linkedByPersonId: world.adminPersonId,
  });
  const teachers = [...world.teachers.values()].slice(0, 6);
  const sessions = await Promise.all(
    teachers.map((t) => sessionFor(h.database.db, world, t.personId, ['teacher'], context!.id)),
  );
  for (const s of sessions) {
    const chosen = await fetch(`${h.url}/api/v1/me/selections`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${s}`, 'content-type': 'application/json' },
      body: JSON.stringify({ abilities: ['A1', 'A2', 'A5'] }),
    });
    if (chosen.status !== 200) throw new Error(`selections: ${chosen.status} ${await chosen.text()}`);
  }
  const SIZE = 4 * 1024 * 1024;
  const file = (n: number) => {
    const bytes = Buffer.alloc(SIZE, n);
    bytes.write('%PDF-1.7\n', 0);
    return bytes;
  };

  const upload = (i: number, slow: boolean) => {
    const bytes = file(i);
    // A slow sender: 64 KiB every 20 ms, so the kill lands while the body streams.
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (let at = 0; at < bytes.length; at += 65536) {
          controller.enqueue(bytes.subarray(at, at + 65536));
          if (slow) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        controller.close();
      },
    });
    return fetch(`${h.url}/api/v1/me/abilities/A1/items/analysis-plan/file`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sessions[i]}`,
        'content-type': 'application/pdf',
        'x-filename': encodeURIComponent(`教学设计-${i}.pdf`),
        'content-length': String(bytes.length),
      },
      body,
      duplex: 'half',
    } as RequestInit).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as unknown }));
  };
  const acked = new Map<number, unknown>();
  for (const i of [0, 1]) {
    const r = await upload(i, false);
    if (r.status < 300) acked.set(i, r.body);
    else throw new Error(`upload ${i}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const inflight = [2, 3, 4, 5].map((i) =>
    upload(i, true).then(
      (r) => (r.status < 300 ? acked.set(i, r.body) : undefined),
      () => undefined,
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 600));
  await kill9(tool);
  await Promise.all(inflight);
  const ackedBeforeKill = acked.size;
  const fileRows = () =>
    h.database.db
      .select({ key: evidenceItems.storageKey, size: evidenceItems.fileSizeBytes, sha: evidenceItems.fileSha256 })
      .from(evidenceItems)
      .where(eq(evidenceItems.kind, 'document'));
  const rowsAfterKill = await fileRows();
  const leftovers = await readdir(join(h.dataDir, 'files', 'tmp')).catch(() => [] as string[]);
  tool = await h.start();
  const problems: string[] = [];
  const check = async (rows: Awaited<ReturnType<typeof fileRows>>) => {
    for (const row of rows) {
      const hex = hashOfKey(row.key ?? '');
      if (!hex) {
        problems.push(`no blob key: ${row.key}`);
        continue;
      }
      const bytes = await readFile(join(h.dataDir, 'files', hex.slice(0, 2), hex.slice(2, 4), hex)).catch(() => null);
      if (!bytes) problems.push(`${hex}: missing on disk`);
      else if (bytes.length !== row.size || sha(bytes) !== hex) {
        problems.push(`${hex}: ${bytes.length} bytes on disk, ${row.size} recorded`);
      }
    }
  };
  await check(rowsAfterKill);
  const ackedMissing = [...acked.keys()].filter((i) => !rowsAfterKill.some((r) => r.key === `sha256/${sha(file(i))}`));
  for (const i of [2, 3, 4, 5]) {
    if (acked.has(i)) continue;
    const r = await upload(i, false);
    if (r.status >= 300) problems.push(`re-upload ${i}: ${r.status}`);
  }
  const rows = await fileRows();
  await check(rows);
  await tool.stop();
  await h.close();
  return {
    scenario: 'evidence uploads (6 × 4 MB, 4 streaming when killed)',
    acknowledgedBeforeKill: ackedBeforeKill,
    fileRowsAfterKill: rowsAfterKill.length,
    acknowledgedMissing: ackedMissing.length,
    rowsPointingAtMissingOrPartialFiles: problems.length,
    problems,
    fileRowsAfterReuploads: rows.length,
    partialFilesLeftInTmp: leftovers.length,
    ok: problems.length === 0 && ackedMissing.length === 0 && rows.length === 6,
  };
}

const scenarios: Record<string, () => Promise<Result>> = {
  import: bulkImport,
  clips: clipBurst,
  grades: gradeDelivery,
  upload: uploads,
};
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
let failed = false;
for (const name of chosen) {
  const run = scenarios[name];
  if (!run) {
    console.error(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  const result = await run();
  console.log(JSON.stringify(result));
  if (!result.ok) failed = true;
}
process.exit(failed ? 1 : 0);
