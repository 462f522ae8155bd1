import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteDatabase } from '../../lti-tool/server/db/drivers';
import { migrate, MIGRATIONS_FOLDER } from '../../lti-tool/server/db/migrate';
import { readMigrationFiles } from '../../lti-tool/server/db/migration-files';
import type { TestDatabaseTemplate } from './template-info';

// PGlite's cold start (initdb in WebAssembly) takes seconds; loading a dumped data directory takes well under
// one. So the cluster is built and migrated once, dumped, and cached on disk under a fingerprint of the PGlite
// version and the migration files: later runs reuse it until either changes.
const CACHE_DIR = join(process.cwd(), 'node_modules', '.cache', 'test-db');
/** How the tarballs are made (below): part of the fingerprint, so a change here rebuilds the cached ones. */
const LAYOUT = 'slim-checkpointed-1';

export async function preparePgliteTemplate(): Promise<
  Omit<Extract<TestDatabaseTemplate, { kind: 'pglite' }>, 'runDir'>
> {
  const key = await fingerprint();
  const emptyTarball = join(CACHE_DIR, `pglite-${key}-empty.tar`);
  const migratedTarball = join(CACHE_DIR, `pglite-${key}-migrated.tar`);
  if (!((await exists(emptyTarball)) && (await exists(migratedTarball)))) {
    await buildTarballs(emptyTarball, migratedTarball);
    await removeStaleTarballs(key);
  }
  return { kind: 'pglite', emptyTarball, migratedTarball };
}

async function buildTarballs(emptyTarball: string, migratedTarball: string): Promise<void> {
  await mkdir(CACHE_DIR, { recursive: true });
  const client = await PGlite.create();
  try {
    await slim(client);
    await writeAtomically(emptyTarball, await client.dumpDataDir('none'));
    await migrate(pgliteDatabase(client).db);
    await client.exec('checkpoint');
    await writeAtomically(migratedTarball, await client.dumpDataDir('none'));
  } finally {
    await client.close();
  }
}

/**
 * Every test database is loaded from these tarballs (a hundred and more per run), so they carry only what a test
 * opens: the `postgres` database. template0 and template1 (a third of the files, never used on PGlite) are
 * dropped, and a checkpoint first means a load starts without replaying the WAL of initdb and the migrations.
 */
async function slim(client: PGlite): Promise<void> {
  await client.exec(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`);
  await client.exec('drop database template0');
  await client.exec('drop database template1');
  await client.exec('checkpoint');
}

async function fingerprint(): Promise<string> {
  const hash = createHash('sha256').update(`pglite ${await pgliteVersion()} ${LAYOUT}\n`);
  for (const file of await readMigrationFiles(MIGRATIONS_FOLDER)) hash.update(`${file.name} ${file.hash}\n`);
  return hash.digest('hex').slice(0, 16);
}

async function pgliteVersion(): Promise<string> {
  // The package's exports hide package.json; find it next to the resolved entry point.
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!(await exists(join(dir, 'package.json')))) dir = dirname(dir);
  return (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Two runs starting together may both build; each renames a complete file into place, so neither reads half. */
async function writeAtomically(path: string, blob: Blob): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, new Uint8Array(await blob.arrayBuffer()));
  await rename(temporary, path);
}

async function removeStaleTarballs(currentKey: string): Promise<void> {
  for (const name of await readdir(CACHE_DIR)) {
    if (name.startsWith('pglite-') && !name.startsWith(`pglite-${currentKey}-`) && name.endsWith('.tar')) {
      await rm(join(CACHE_DIR, name), { force: true });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
