import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyTestDatabase, createTestDatabase, type TestDatabase } from '../../../test/helpers/db';
import { migrate, MigrationFailedError, MigrationIntegrityError, MIGRATIONS_FOLDER, MIGRATIONS_TABLE } from './migrate';
import { readMigrationFiles } from './migration-files';

const open: TestDatabase[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((database) => database.close()));
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function database(state: 'empty' | 'migrated'): Promise<TestDatabase> {
  const created = state === 'empty' ? await createEmptyTestDatabase() : await createTestDatabase();
  open.push(created);
  return created;
}

/** A private copy of the migrations folder that a test may edit. */
async function migrationsCopy(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'migrations-'));
  folders.push(folder);
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  return folder;
}

async function addMigration(folder: string, tag: string, body: string): Promise<void> {
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: object[] };
  journal.entries.push({ idx: journal.entries.length, version: '7', when: Date.now(), tag, breakpoints: true });
  await writeFile(journalPath, JSON.stringify(journal));
  await writeFile(join(folder, `${tag}.sql`), body);
}

async function appliedNames(db: TestDatabase['db']): Promise<string[]> {
  const { rows } = await db.execute<{ name: string }>(
    sql`select name from ${sql.identifier(MIGRATIONS_TABLE)} order by name`,
  );
  return rows.map((row) => row.name);
}

const allNames = async () => (await readMigrationFiles(MIGRATIONS_FOLDER)).map((file) => file.name);

describe('migrate', () => {
  // One build from scratch serves both questions (it is the file's slow part): three migrators start together on an
  // empty database, each migration is applied once, the schema is there, and a fourth run has nothing left to do.
  it('builds the schema from scratch once when several migrators start together, then has nothing left', async () => {
    const { db } = await database('empty');
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flat().sort()).toEqual(await allNames());
    expect(await appliedNames(db)).toEqual(await allNames());
    const { rows } = await db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public'`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'tenants',
        'platforms',
        'enrolments',
        'hours_ledger_entries',
        'audit_log',
        MIGRATIONS_TABLE,
      ]),
    );
    expect(await migrate(db)).toEqual([]);
    expect(await appliedNames(db)).toEqual(await allNames());
  });

  it('refuses to run when an applied migration file was edited', async () => {
    const { db } = await database('migrated');
    const folder = await migrationsCopy();
    const [first] = await allNames();
    await writeFile(join(folder, `${first}.sql`), '\n-- an innocent-looking edit\n', { flag: 'a' });
    await addMigration(folder, '9999_should_not_run', 'create table should_not_exist (id int);');

    const error = await migrate(db, { migrationsFolder: folder }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MigrationIntegrityError);
    expect((error as Error).message).toContain(`${first}.sql was changed after it was applied`);
    const { rows } = await db.execute(sql`select to_regclass('should_not_exist') as found`);
    expect(rows).toEqual([{ found: null }]);
  });

  it('treats CRLF line endings as the same file', async () => {
    const { db } = await database('migrated');
    const folder = await migrationsCopy();
    for (const name of await allNames()) {
      const path = join(folder, `${name}.sql`);
      await writeFile(path, (await readFile(path, 'utf8')).replace(/\r?\n/g, '\r\n'));
    }
    expect(await migrate(db, { migrationsFolder: folder })).toEqual([]);
  });

  it('applies a new migration, and rolls back one that fails', async () => {
    const { db } = await database('migrated');
    const folder = await migrationsCopy();
    await addMigration(folder, '9001_add_table', 'create table added_later (id int);');
    await addMigration(
      folder,
      '9002_broken',
      'create table half_done (id int);\n--> statement-breakpoint\nselect * from no_such_table;',
    );

    const error = await migrate(db, { migrationsFolder: folder }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as MigrationFailedError).migration).toBe('9002_broken');
    const { rows } = await db.execute(
      sql`select to_regclass('added_later') is not null as added, to_regclass('half_done') is not null as half`,
    );
    expect(rows).toEqual([{ added: true, half: false }]);
    expect(await appliedNames(db)).toContain('9001_add_table');
    expect(await appliedNames(db)).not.toContain('9002_broken');
  });
});
