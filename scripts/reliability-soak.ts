// Soak: the real server (one process, PostgreSQL) under a steady load at half its measured capacity for SOAK_MINUTES,
// its memory sampled. First a closed loop (CONCURRENCY clients, CAPACITY_SECONDS) measures what the process serves;
// then an open loop sends half that rate. The load is what teachers do between launches: who am I, my status, and
// the extension saving a clip (a write). Every answer must be 2xx; RSS and heap are read inside the server process
// (a preload that writes process.memoryUsage() every second), so the curve is the server's, not the driver's.
// Usage: DATABASE_URL=postgres://… [SOAK_MINUTES=10] [CAPACITY_SECONDS=15] [CONCURRENCY=16] npx tsx scripts/reliability-soak.ts
// Prints a table and an ASCII chart (Markdown) and exits 1 on any error.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { openPostgres } from '../lti-tool/server/db/client';
import { migrate } from '../lti-tool/server/db/migrate';
import { contextProgrammeLinks, ltiContexts, organisations } from '../lti-tool/server/db/schema';
import { fixtureSession } from '../test/completions/fixture-session';
import { seedFixtureWorld } from '../test/completions/seed';
import { quoteIdentifier, urlForDatabase } from '../test/setup/template-info';
import { withAdminClient } from '../test/setup/postgres-template';
import { freePort, startToolProcess } from '../test/scale/tool-processes';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl?.startsWith('postgres')) {
  console.error('reliability-soak: set DATABASE_URL to a PostgreSQL server');
  process.exit(2);
}
const SOAK_MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const CAPACITY_SECONDS = Number(process.env.CAPACITY_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const SAMPLE_EVERY_S = Number(process.env.SAMPLE_SECONDS ?? 15);

const dbName = 'soak';
await withAdminClient(serverUrl, async (admin) => {
  await admin.query(`drop database if exists ${quoteIdentifier(dbName)} with (force)`);
  await admin.query(`create database ${quoteIdentifier(dbName)}`);
});
const dbUrl = urlForDatabase(serverUrl, dbName);
const database = await openPostgres(dbUrl, 2);
await migrate(database.db);
const db = database.db;
const world = await seedFixtureWorld(db, 'soak');
const [school] = await db
  .select({ id: organisations.id })
  .from(organisations)
  .where(and(eq(organisations.tenantId, world.tenantId), eq(organisations.kind, 'school')));
const [context] = await db
  .insert(ltiContexts)
  .values({ tenantId: world.tenantId, platformId: world.platformId, deploymentId: '1', contextId: 'soak-course' })
  .returning({ id: ltiContexts.id });
await db.insert(contextProgrammeLinks).values({
  tenantId: world.tenantId,
  contextId: context!.id,
  programmeInstanceId: world.programmeInstanceId,
  organisationId: school!.id,
  linkedByPersonId: world.adminPersonId,
});
// One launch session per teacher, as the launches of the evening would have left them.
const sessions: string[] = [];
for (const teacher of world.teachers.values()) {
  const token = await fixtureSession(db, world, teacher.personId, ['teacher'], {
    contextId: context!.id,
    ttlMs: 6 * 3600_000,
  });
  sessions.push(token);
}

const work = await mkdtemp(join(tmpdir(), 'soak-'));
const memoryFile = join(work, 'memory.json');
const sampler = join(work, 'sampler.mjs');
await writeFile(
  sampler,
  `import { writeFileSync } from 'node:fs';
setInterval(() => writeFileSync(${JSON.stringify(memoryFile)}, JSON.stringify(process.memoryUsage())), 1000).unref();
`,
);
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const tool = await startToolProcess(port, {
  DATABASE_URL: dbUrl,
  PUBLIC_URL: url,
  DATA_DIR: join(work, 'data'),
  WORKERS: '1',
  KEY_ENCRYPTION_SECRET: 'soak-key-encryption-secret',
  LTI_RATE_LIMIT_PER_MINUTE: '1000000',
  API_RATE_LIMIT_PER_MINUTE: '1000000',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${sampler}`.trim(),
});

// Pair one browser per teacher for the clip writes.
const devices: string[] = [];
const refreshTokens: string[] = [];
let refreshes = 0;
for (const session of sessions) {
  const minted = await fetch(`${url}/api/v1/me/extension/pairing-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session}` },
  });
  const { code } = (await minted.json()) as { code: string };
  const paired = await fetch(`${url}/ext/v1/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: 'soak' }),
  });
  const tokens = (await paired.json()) as { accessToken: string; refreshToken: string };
  devices.push(tokens.accessToken);
  refreshTokens.push(tokens.refreshToken);
}

/** As the extension does when its access token expires (minutes): one refresh per device at a time. */
const refreshing = new Map<number, Promise<void>>();
function refresh(who: number): Promise<void> {
  let running = refreshing.get(who);
  if (!running) {
    running = (async () => {
      const response = await fetch(`${url}/ext/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: refreshTokens[who] }),
      });
      if (response.status !== 200) throw new Error(`refresh ${who}: ${response.status}`);
      const tokens = (await response.json()) as { accessToken: string; refreshToken: string };
      devices[who] = tokens.accessToken;
      refreshTokens[who] = tokens.refreshToken;
      refreshes++;
    })().finally(() => refreshing.delete(who));
    refreshing.set(who, running);
  }
  return running;
}

let sequence = 0;
const errors: string[] = [];
const latencies: number[] = [];
/** One request of the mix: two reads for each write. */
async function one(): Promise<void> {
  const n = sequence++;
  const who = n % sessions.length;
  const kind = n % 3;
  const started = performance.now();
  let response: Response;
  if (kind === 0) {
    response = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${sessions[who]}` } });
  } else if (kind === 1) {
    response = await fetch(`${url}/api/v1/me/status`, { headers: { authorization: `Bearer ${sessions[who]}` } });
  } else {
    const token = devices[who];
    response = await clip(n, who);
    // An expired access token: refresh and send the clip again, as the extension's outbox does.
    if (response.status === 401) {
      await response.arrayBuffer();
      if (devices[who] === token) await refresh(who);
      response = await clip(n, who);
    }
  }
  await response.arrayBuffer();
  latencies.push(performance.now() - started);
  if (response.status >= 300) errors.push(`${kind} → ${response.status}`);
}

function clip(n: number, who: number): Promise<Response> {
  return fetch(`${url}/ext/v1/clips`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${devices[who]}`,
      'content-type': 'application/json',
      'idempotency-key': `soak-${String(n).padStart(10, '0')}-clip`,
    },
    body: JSON.stringify({
      destination: 'library',
      kind: 'page',
      url: `https://www.example.cn/articles/${n}`,
      title: `课堂导入案例 ${n}`,
      site: '示例教育网',
      excerpt: '一节数学课如何用动画导入。',
      text: '正文……'.repeat(40),
      tags: ['课堂导入'],
      abilityCode: 'A2',
    }),
  });
}

// Capacity: a closed loop.
const capacityEnd = Date.now() + CAPACITY_SECONDS * 1000;
let served = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < capacityEnd) {
      await one();
      served++;
    }
  }),
);
const capacity = served / CAPACITY_SECONDS;
const rate = capacity / 2;
const capacityErrors = errors.length;
latencies.length = 0;

// Soak: an open loop at half the capacity, memory sampled.
const memory = async () => {
  const inside = JSON.parse(await readFile(memoryFile, 'utf8')) as NodeJS.MemoryUsage;
  return { rssMb: inside.rss / 2 ** 20, heapMb: inside.heapUsed / 2 ** 20 };
};
const samples: Array<{ minute: number; rssMb: number; heapMb: number; requests: number; p99: number }> = [];
const start = Date.now();
const end = start + SOAK_MINUTES * 60_000;
let sent = 0;
const pending = new Set<Promise<void>>();
let nextSample = start;
while (Date.now() < end) {
  const due = Math.floor(((Date.now() - start) / 1000) * rate);
  while (sent < due) {
    sent++;
    const p = one()
      .catch((err: unknown) => void errors.push(String(err)))
      .finally(() => {
        pending.delete(p);
      });
    pending.add(p);
  }
  if (Date.now() >= nextSample) {
    const sorted = [...latencies].sort((a, b) => a - b);
    samples.push({
      minute: (Date.now() - start) / 60_000,
      ...(await memory()),
      requests: sent,
      p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    });
    latencies.length = 0;
    nextSample += SAMPLE_EVERY_S * 1000;
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await Promise.all(pending);
const sortedLast = [...latencies].sort((a, b) => a - b);
samples.push({
  minute: (Date.now() - start) / 60_000,
  ...(await memory()),
  requests: sent,
  p99: sortedLast[Math.floor(sortedLast.length * 0.99)] ?? 0,
});
await tool.stop();
await database.close();
await rm(work, { recursive: true, force: true });
await withAdminClient(serverUrl, (admin) =>
  admin.query(`drop database if exists ${quoteIdentifier(dbName)} with (force)`),
);

const f = (n: number, d = 1) => n.toFixed(d);
console.log(
  `Capacity (closed loop, ${CONCURRENCY} clients, ${CAPACITY_SECONDS} s): ${f(capacity)} requests/s; ` +
    `soak at ${f(rate)} requests/s for ${SOAK_MINUTES} min: ${sent} requests, ${errors.length - capacityErrors} errors ` +
    `(${capacityErrors} during the capacity run); ` +
    `${refreshes} access-token refreshes.\n`,
);
console.log('| minute | requests so far | server RSS (MB) | server heap used (MB) | p99 of the interval (ms) |');
console.log('|---|---|---|---|---|');
for (const s of samples)
  console.log(`| ${f(s.minute)} | ${s.requests} | ${f(s.rssMb)} | ${f(s.heapMb)} | ${f(s.p99, 0)} |`);
const top = Math.max(...samples.map((s) => s.rssMb));
console.log('\n```');
for (const s of samples) {
  const bar = (mb: number) => Math.round((mb / top) * 50);
  const rss = bar(s.rssMb);
  const heap = bar(s.heapMb);
  console.log(
    `${f(s.minute).padStart(5)} min |${'#'.repeat(heap)}${'='.repeat(Math.max(0, rss - heap))} ${f(s.rssMb, 0)} MB`,
  );
}
console.log('        # heap used, = rest of RSS\n```');
if (errors.length) console.log(`errors: ${errors.slice(0, 10).join('; ')}`);
process.exit(errors.length ? 1 : 0);
