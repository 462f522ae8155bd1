import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openPostgres, type Database, type Db } from '../lti-tool/server/db/client';
import { pgliteDatabase } from '../lti-tool/server/db/drivers';

export interface ScratchDatabase {
  database: Database;
  /** What the benchmark's table calls it: "PGlite (in memory)" or "PostgreSQL 15.18". */
  kind: string;
  drop: () => Promise<void>;
}

/**
 * An empty database for one benchmark run: PGlite in memory, or a new database named `<prefix>_<random>` on the
 * server at `url` (dropped again by `drop`). Not migrated: the benchmark decides what it needs.
 */
export async function scratchDatabase(prefix: string, url = process.env.DATABASE_URL): Promise<ScratchDatabase> {
  if (!url) {
    const database = pgliteDatabase(await PGlite.create());
    return { database, kind: 'PGlite (in memory)', drop: () => database.close() };
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString());
  return {
    database,
    kind: `PostgreSQL ${await serverVersion(database.db)}`,
    drop: async () => {
      await database.close();
      await admin(`drop database ${name} with (force)`);
    },
  };
}

export async function serverVersion(db: Db): Promise<string> {
  const result = await db.execute<{ server_version: string }>(sql`show server_version`);
  return result.rows[0]?.server_version.split(' ')[0] ?? '';
}
