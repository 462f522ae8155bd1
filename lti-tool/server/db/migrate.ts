import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles, type MigrationFile } from './migration-files';
import type { Db, DbTransaction } from './types';

/** The SQL files drizzle-kit generates (drizzle.config.ts `out`). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** Records what has been applied; deliberately outside the Drizzle schema so drizzle-kit never manages it. */
export const MIGRATIONS_TABLE = 'schema_migrations';

// Any fixed number: every process of the tool takes the same transaction-scoped advisory lock, so processes
// starting together apply each migration once, one after the other.
const MIGRATION_LOCK_KEY = 4_206_110_735;

export interface MigrateOptions {
  migrationsFolder?: string;
  /** Called after each migration commits. */
  onApplied?: (name: string, durationMs: number) => void;
}

/** An applied migration's file changed: the database no longer matches the code's history. */
export class MigrationIntegrityError extends Error {
  override name = 'MigrationIntegrityError';
}

/** A statement of a migration failed; that migration was rolled back, earlier ones stay applied. */
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`migration ${migration} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Applies pending migrations in journal order, each in its own transaction, and returns the names it applied
 * (empty when the database was up to date). Refuses to run when an applied file's hash changed.
 */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<string[]> {
  const files = await readMigrationFiles(options.migrationsFolder ?? MIGRATIONS_FOLDER);

  const pending = await db.transaction(async (tx) => {
    await takeMigrationLock(tx);
    await tx.execute(
      sql.raw(`create table if not exists ${MIGRATIONS_TABLE} (
        name text primary key,
        hash text not null,
        applied_at timestamptz not null default now()
      )`),
    );
    const applied = await appliedHashes(tx);
    assertHistoryUnchanged(files, applied);
    return files.filter((file) => !applied.has(file.name));
  });

  const appliedNow: string[] = [];
  for (const file of pending) {
    const started = performance.now();
    if (await applyOnce(db, file)) {
      appliedNow.push(file.name);
      options.onApplied?.(file.name, Math.round(performance.now() - started));
    }
  }
  return appliedNow;
}

/** Applies one migration unless another process did so while we waited for the lock. */
async function applyOnce(db: Db, file: MigrationFile): Promise<boolean> {
  return db.transaction(async (tx) => {
    await takeMigrationLock(tx);
    if ((await appliedHashes(tx, file.name)).has(file.name)) return false;
    try {
      for (const statement of file.statements) await tx.execute(sql.raw(statement));
    } catch (err) {
      throw new MigrationFailedError(file.name, err);
    }
    await tx.execute(
      sql`insert into ${sql.identifier(MIGRATIONS_TABLE)} (name, hash) values (${file.name}, ${file.hash})`,
    );
    return true;
  });
}

async function takeMigrationLock(tx: DbTransaction): Promise<void> {
  await tx.execute(sql.raw(`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`));
}

async function appliedHashes(tx: DbTransaction, onlyName?: string): Promise<Map<string, string>> {
  const table = sql.identifier(MIGRATIONS_TABLE);
  const { rows } = await tx.execute<{ name: string; hash: string }>(
    onlyName === undefined
      ? sql`select name, hash from ${table}`
      : sql`select name, hash from ${table} where name = ${onlyName}`,
  );
  return new Map(rows.map((row) => [row.name, row.hash]));
}

function assertHistoryUnchanged(files: MigrationFile[], applied: Map<string, string>): void {
  const problems = files
    .filter((file) => applied.has(file.name) && applied.get(file.name) !== file.hash)
    .map((file) => `${file.name}.sql was changed after it was applied`);
  if (problems.length > 0) {
    throw new MigrationIntegrityError(
      `${problems.join('; ')}. Applied migrations must never be edited: restore the file and add a new migration.`,
    );
  }
}
