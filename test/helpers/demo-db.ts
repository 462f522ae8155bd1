import { cp, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { openPostgres, type Database } from '../../lti-tool/server/db/client';
import { pgliteDatabase } from '../../lti-tool/server/db/drivers';
import { DEMO_TENANT } from '../../lti-tool/server/demo/demo-platform';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import { seedDemoCounty } from '../../lti-tool/server/demo/seed-county';
import { seedDemoOversight } from '../../lti-tool/server/demo/seed-oversight';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { createBlobStore } from '../../lti-tool/server/storage';
import { withAdminClient } from '../setup/postgres-template';
import { quoteIdentifier, urlForDatabase, type TestDatabaseTemplate } from '../setup/template-info';
import { clonePostgresDatabase, loadPgliteClient, loadPgliteTarball, type TestDatabase } from './db';

// The demo county (40 schools, 2,047 teachers) takes tens of seconds of CPU to seed: seeded once per run, as the
// tool seeds it at start-up, by the first test file that asks; every file that asks gets its own copy of it.

interface DemoTemplate {
  tenantId: string;
  /** The demo's county, first three schools, programme instance and first twelve teachers, as seedDemo returned them. */
  world: DemoWorld;
  /** What seeding the county on an empty demo wrote: its schools and teachers beyond the demo's first twelve. */
  seeded: { schools: number; teachers: number };
  /** The evidence files the seed stored (DATA_DIR/files). */
  filesDir: string;
  /** PGlite: the dumped data directory; PostgreSQL: the database to copy. */
  tarball?: string;
  databaseName?: string;
}

export interface DemoDatabase {
  database: TestDatabase;
  tenantId: string;
  world: DemoWorld;
  seeded: DemoTemplate['seeded'];
}

/** A fresh database holding the seeded demo, with its evidence files copied under `dataDir`/files. */
export async function createDemoDatabase(dataDir: string): Promise<DemoDatabase> {
  const template = inject('testDatabaseTemplate');
  const demo = await demoTemplate(template);
  await cp(demo.filesDir, join(dataDir, 'files'), { recursive: true });
  const database =
    template.kind === 'pglite'
      ? await loadPgliteTarball(demo.tarball!)
      : await clonePostgresDatabase(template, demo.databaseName!);
  return { database, tenantId: demo.tenantId, world: demo.world, seeded: demo.seeded };
}

async function demoTemplate(template: TestDatabaseTemplate): Promise<DemoTemplate> {
  const result = join(template.runDir, 'demo.json');
  const claim = await open(join(template.runDir, 'demo.lock'), 'wx').catch(() => undefined);
  if (!claim) return waitFor(result);
  await claim.close();
  let outcome: DemoTemplate | { error: string };
  try {
    outcome = await buildDemo(template);
  } catch (err) {
    outcome = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  // Written whole and renamed, so a waiting worker never reads half of it.
  await writeFile(`${result}.tmp`, JSON.stringify(outcome));
  await rename(`${result}.tmp`, result);
  if ('error' in outcome) throw new Error(`seeding the demo template failed: ${outcome.error}`);
  return outcome;
}

/** Another worker is seeding: its result appears once, whole (or the error it met). */
async function waitFor(result: string): Promise<DemoTemplate> {
  while (!(await stat(result).catch(() => undefined))) await sleep(100);
  const outcome = JSON.parse(await readFile(result, 'utf8')) as DemoTemplate | { error: string };
  if ('error' in outcome) throw new Error(`seeding the demo template failed in another worker: ${outcome.error}`);
  return outcome;
}

async function buildDemo(template: TestDatabaseTemplate): Promise<DemoTemplate> {
  const dataDir = join(template.runDir, 'demo-data');
  const storage = createBlobStore({ dataDir });
  const filesDir = join(dataDir, 'files');
  if (template.kind === 'pglite') {
    const client = await loadPgliteClient(template.migratedTarball);
    try {
      const found = await seed(pgliteDatabase(client), storage);
      // Checkpointed, so each copy starts without replaying the seed's WAL.
      await client.exec('checkpoint');
      const tarball = join(template.runDir, 'demo.tar');
      await writeFile(tarball, new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer()));
      return { ...found, filesDir, tarball };
    } finally {
      await client.close();
    }
  }
  const databaseName = `${template.namePrefix}demo`;
  await withAdminClient(template.serverUrl, (admin) =>
    admin.query(`create database ${quoteIdentifier(databaseName)} template ${quoteIdentifier(template.templateName)}`),
  );
  // A template must have no open connection when it is copied: the seeding connection is closed first.
  const database: Database = await openPostgres(urlForDatabase(template.serverUrl, databaseName), 4);
  try {
    return { ...(await seed(database, storage)), filesDir, databaseName };
  } finally {
    await database.close();
  }
}

/** What `npm start` seeds before the demo platform opens (demo-platform.ts), and the status backfill it runs. */
async function seed(database: Database, storage: ReturnType<typeof createBlobStore>) {
  const { db } = database;
  const tenantId = await ensureTenant(db, DEMO_TENANT.slug, DEMO_TENANT.name);
  const world = await seedDemo(db, { tenantId, storage });
  await backfillTeacherStatus(db);
  const seeded = await seedDemoCounty(db, { tenantId, ...world, storage });
  await seedDemoOversight(db, { tenantId, world, storage });
  return { tenantId, world, seeded };
}
