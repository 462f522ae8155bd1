import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres } from '../../lti-tool/server/db/client';
import { migrate } from '../../lti-tool/server/db/migrate';
import { quoteIdentifier, urlForDatabase, type TestDatabaseTemplate } from './template-info';

type PostgresTemplate = Omit<Extract<TestDatabaseTemplate, { kind: 'postgres' }>, 'runDir'>;

/**
 * Creates and migrates a template database for this run; each test file then gets a cheap copy
 * (`CREATE DATABASE … TEMPLATE`). Names carry a run id, so concurrent runs on one server do not collide.
 */
export async function preparePostgresTemplate(serverUrl: string): Promise<PostgresTemplate> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const templateName = `test_${runId}_template`;
  await withAdminClient(serverUrl, (admin) => admin.query(`create database ${quoteIdentifier(templateName)}`));
  // The template must have no open connections when it is copied, so migrate through a connection we close.
  const database = await openPostgres(urlForDatabase(serverUrl, templateName), 1);
  try {
    await migrate(database.db);
  } finally {
    await database.close();
  }
  return { kind: 'postgres', serverUrl, templateName, namePrefix: `test_${runId}_` };
}

/** Drops the template and any database of this run a crashed worker left behind. */
export async function dropRunDatabases(template: PostgresTemplate): Promise<void> {
  await withAdminClient(template.serverUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [template.namePrefix],
    );
    for (const { datname } of rows)
      await admin.query(`drop database if exists ${quoteIdentifier(datname)} with (force)`);
  });
}

export async function withAdminClient<T>(serverUrl: string, use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}
