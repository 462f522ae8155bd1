import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { preparePgliteTemplate } from './pglite-template';
import { dropRunDatabases, preparePostgresTemplate } from './postgres-template';

/**
 * Vitest globalSetup: prepares one migrated template database per run (PGlite tarball, or a template database on
 * the DATABASE_URL server) and hands its location to the workers; test/helpers/db.ts copies it per test file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = await mkdtemp(join(tmpdir(), 'test-run-'));
  const removeRunDir = () => rm(runDir, { recursive: true, force: true });
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    project.provide('testDatabaseTemplate', { ...(await preparePgliteTemplate()), runDir });
    return removeRunDir;
  }
  const template = await preparePostgresTemplate(serverUrl);
  project.provide('testDatabaseTemplate', { ...template, runDir });
  return async () => {
    await dropRunDatabases(template);
    await removeRunDir();
  };
}
