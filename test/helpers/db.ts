import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { openPostgres, type Database } from '../../lti-tool/server/db/client';
import { pgliteDatabase } from '../../lti-tool/server/db/drivers';
import { withAdminClient } from '../setup/postgres-template';
import { quoteIdentifier, urlForDatabase, type TestDatabaseTemplate } from '../setup/template-info';

// Real databases for tests, never mocks. Each call returns a new, isolated database copied from the template
// that test/setup/global-db.ts prepared: PGlite in memory, or a fresh database on the DATABASE_URL server.
// Usage (one per test file is the norm):
//   let database: Database;
//   beforeAll(async () => { database = await createTestDatabase(); });
//   afterAll(() => database.close());

export type TestDatabase = Database;

/** A new database with every migration applied. */
export function createTestDatabase(): Promise<TestDatabase> {
  return copyTemplate('migrated');
}

/** A new, empty database (no migrations applied): for testing the migrator itself. */
export function createEmptyTestDatabase(): Promise<TestDatabase> {
  return copyTemplate('empty');
}

async function copyTemplate(state: 'empty' | 'migrated'): Promise<TestDatabase> {
  const template = inject('testDatabaseTemplate');
  return template.kind === 'pglite' ? loadPglite(template, state) : createPostgresDatabase(template, state);
}

type PgliteTemplate = Extract<TestDatabaseTemplate, { kind: 'pglite' }>;
type PostgresTemplate = Extract<TestDatabaseTemplate, { kind: 'postgres' }>;

/**
 * A tarball PGlite can load many times. PGlite reads `loadDataDir` with `arrayBuffer()`, and Node's Blob rebuilds
 * its 44 MB from chunks on every call: a quarter of each database's start-up. This one hands out a copy of bytes
 * read once (PGlite untars from it; the copy keeps one load from seeing another's).
 */
class TarballBlob extends Blob {
  readonly #tar: Uint8Array<ArrayBuffer>;
  constructor(tar: Uint8Array<ArrayBuffer>) {
    super([]);
    this.#tar = tar;
  }
  override get size(): number {
    return this.#tar.byteLength;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#tar.slice().buffer);
  }
}

// One read of each tarball per worker module graph, however many databases a file creates.
const tarballs = new Map<string, Promise<Blob>>();

export function tarballOf(path: string): Promise<Blob> {
  let tarball = tarballs.get(path);
  if (!tarball) {
    tarball = readFile(path).then((bytes) => new TarballBlob(new Uint8Array(bytes)));
    tarballs.set(path, tarball);
  }
  return tarball;
}

async function loadPglite(template: PgliteTemplate, state: 'empty' | 'migrated'): Promise<TestDatabase> {
  return loadPgliteTarball(state === 'empty' ? template.emptyTarball : template.migratedTarball);
}

/**
 * A test's database in memory, from a tarball. Its buffer pool is small: PostgreSQL zeroes the whole pool at start
 * (128 MB by default), a third of a load's CPU, and a test database is a few megabytes held in memory anyway.
 */
export async function loadPgliteTarball(path: string): Promise<TestDatabase> {
  return pgliteDatabase(await loadPgliteClient(path));
}

export async function loadPgliteClient(path: string): Promise<PGlite> {
  return PGlite.create({
    loadDataDir: await tarballOf(path),
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
  });
}

/**
 * Fills an embedded data directory (openDatabase's `${dataDir}/pglite`) from the migrated template, so a test that
 * opens, closes and reopens one on disk pays no initdb (15 s under load). On a PostgreSQL run there is no PGlite
 * template: the directory stays empty and the first open runs initdb as on a new machine.
 */
export async function seedPgliteDirectory(directory: string): Promise<void> {
  const template = inject('testDatabaseTemplate');
  if (template.kind !== 'pglite') return;
  const seeded = await PGlite.create({ dataDir: directory, loadDataDir: await tarballOf(template.migratedTarball) });
  await seeded.close();
}

function createPostgresDatabase(template: PostgresTemplate, state: 'empty' | 'migrated'): Promise<TestDatabase> {
  // template0 is PostgreSQL's pristine database: "empty" means exactly what a new server would give us.
  return clonePostgresDatabase(template, state === 'empty' ? 'template0' : template.templateName);
}

/** A new database of this run on the DATABASE_URL server, copied from `source`; dropped when closed. */
export async function clonePostgresDatabase(template: PostgresTemplate, source: string): Promise<TestDatabase> {
  const name = `${template.namePrefix}${randomBytes(6).toString('hex')}`;
  await withAdminClient(template.serverUrl, (admin) =>
    admin.query(`create database ${quoteIdentifier(name)} template ${quoteIdentifier(source)}`),
  );
  const database = await openPostgres(urlForDatabase(template.serverUrl, name), 4);
  return {
    ...database,
    close: async () => {
      await database.close();
      await withAdminClient(template.serverUrl, (admin) =>
        admin.query(`drop database if exists ${quoteIdentifier(name)} with (force)`),
      );
    },
  };
}

/**
 * A fresh migrated database on the DATABASE_URL server, by URL, for tests that start the tool as separate processes;
 * undefined on PGlite (an in-memory copy has no URL another process could open).
 */
export async function createTestDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const template = inject('testDatabaseTemplate');
  if (template.kind !== 'postgres') return undefined;
  const name = `${template.namePrefix}${randomBytes(6).toString('hex')}`;
  await withAdminClient(template.serverUrl, (admin) =>
    admin.query(`create database ${quoteIdentifier(name)} template ${quoteIdentifier(template.templateName)}`),
  );
  return {
    url: urlForDatabase(template.serverUrl, name),
    drop: () =>
      withAdminClient(template.serverUrl, (admin) =>
        admin.query(`drop database if exists ${quoteIdentifier(name)} with (force)`),
      ).then(() => undefined),
  };
}
