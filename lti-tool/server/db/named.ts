import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './types';

/**
 * A hot statement (the launch path) written once as SQL text with `$n` parameters. On node-postgres it is sent as a
 * named query: each pooled connection parses and plans it once, later calls send only Bind/Execute, and no query is
 * built per call (issue 14: the launch built its queries on every call). Names must be unique per text.
 */
export interface NamedStatement {
  name: string;
  text: string;
}

interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a named statement with positional values and returns its rows, with each driver's own type parsing (a
 * timestamptz is a Date, jsonb is parsed, text[] is an array on both). On the root database only: a transaction
 * handle has no `$client` of its own, so it runs the same text unnamed through Drizzle.
 */
export async function runNamed<Row>(db: Db, statement: NamedStatement, values: unknown[]): Promise<Row[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    return (await client.query({ name: statement.name, text: statement.text, values })).rows as Row[];
  }
  if (client && typeof (client as Queryable).query === 'function') {
    return (await (client as Queryable).query(statement.text, values)).rows as Row[];
  }
  return (await db.execute<Row & Record<string, unknown>>(withParams(statement.text, values))).rows;
}

/** `$n` placeholders as Drizzle parameters (the fallback path). */
function withParams(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, match.index)));
    // One parameter each, arrays included (a bare array would be spread into a list).
    chunks.push(sql`${sql.param(values[Number(match[1]) - 1])}`);
    last = (match.index ?? 0) + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}
