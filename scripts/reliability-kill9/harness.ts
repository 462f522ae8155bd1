// Shared by the kill -9 scenarios: a fresh database and tool process per scenario, SIGKILL, and the clients' calls.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres, type Database } from '../../lti-tool/server/db/client';
import { migrate } from '../../lti-tool/server/db/migrate';
import { fixtureSession } from '../../test/completions/fixture-session';
import type { FixtureWorld } from '../../test/completions/seed';
import { quoteIdentifier, urlForDatabase } from '../../test/setup/template-info';
import { withAdminClient } from '../../test/setup/postgres-template';
import { freePort, startToolProcess, type ToolProcess } from '../../test/scale/tool-processes';

export interface Harness {
  database: Database;
  url: string;
  dataDir: string;
  start(): Promise<ToolProcess>;
  close(): Promise<void>;
}

/** A fresh database and data folder, and a way to start the tool on them (one process, on one fixed port). */
export async function harness(
  serverUrl: string,
  name: string,
  extraEnv: Record<string, string> = {},
): Promise<Harness> {
  const dbName = `kill9_${name}`;
  await withAdminClient(serverUrl, async (admin) => {
    await admin.query(`drop database if exists ${quoteIdentifier(dbName)} with (force)`);
    await admin.query(`create database ${quoteIdentifier(dbName)}`);
  });
  const dbUrl = urlForDatabase(serverUrl, dbName);
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
      await withAdminClient(serverUrl, (admin) =>
        admin.query(`drop database if exists ${quoteIdentifier(dbName)} with (force)`),
      );
    },
  };
}

/** SIGKILL: no handler runs, no transaction commits, no buffer is flushed. */
export async function kill9(tool: ToolProcess): Promise<void> {
  const exited = new Promise((resolve) => tool.child.once('exit', resolve));
  tool.child.kill('SIGKILL');
  await exited;
}

export const waitUntil = async (done: () => boolean | Promise<boolean>) => {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
};

/** A launch session inserted as a launch would write it (the scripts skip the browser dance where it adds nothing). */
export const sessionFor = (
  db: Database['db'],
  world: FixtureWorld,
  personId: string,
  roles: string[],
  contextId: string | null = null,
) => fixtureSession(db, world, personId, roles, { contextId });

export async function post(url: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as unknown };
}

export type Result = Record<string, unknown> & { ok: boolean };
export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
