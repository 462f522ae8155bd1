import type { Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { getTableColumns } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './types';

// Bulk loading for imports: `COPY … FROM STDIN` on a PostgreSQL server (pg-copy-streams on the transaction's own
// connection), `COPY … FROM '/dev/blob'` on PGlite (the embedded database reads the rows from a Blob in one call).
// Both take PostgreSQL's text format, so one encoder serves both and no row passes through the ORM.

/** A cell: null is SQL NULL; everything else is written as its text form. */
export type CopyValue = string | number | boolean | Date | null | undefined;

/** One value in COPY's text format: backslash, tab, newline and carriage return escaped; NULL as \N. */
export function copyCell(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : text;
}

export function copyLine(cells: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? '\t' : '') + copyCell(cells[i]);
  return line + '\n';
}

/** The driver's connection behind a Drizzle transaction (the one that holds the transaction open). */
function connectionOf(tx: Db): { kind: 'pg'; client: PoolClient } | { kind: 'pglite'; client: PgliteTransaction } {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (client && typeof (client as PoolClient).release === 'function')
    return { kind: 'pg', client: client as PoolClient };
  if (client && typeof (client as PgliteTransaction).query === 'function' && 'closed' in (client as object)) {
    return { kind: 'pglite', client: client as PgliteTransaction };
  }
  throw new Error('bulk copy needs a transaction of the node-postgres or PGlite driver');
}

/**
 * Copies `lines` (each from `copyLine`, or byte chunks from `CopyChunks`) into `table (columns)` inside the caller's
 * transaction. The lines are consumed as they come (an iterable or a generator), in chunks, so a large load does not
 * need them all in memory.
 */
export async function copyRows(
  tx: Db,
  table: string,
  columns: readonly string[],
  lines: Iterable<string | Uint8Array<ArrayBuffer>>,
): Promise<void> {
  const statement = `copy ${table} (${columns.join(', ')}) from`;
  const connection = connectionOf(tx);
  if (connection.kind === 'pg') {
    const stream = connection.client.query(copyFrom(`${statement} stdin`));
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', () => resolve());
      let batch = '';
      const iterator = lines[Symbol.iterator]();
      const pump = () => {
        for (;;) {
          const next = iterator.next();
          if (next.done) {
            if (batch) stream.write(batch);
            stream.end();
            return;
          }
          if (typeof next.value !== 'string') {
            if (batch) stream.write(batch);
            batch = '';
            if (!stream.write(next.value)) {
              stream.once('drain', pump);
              return;
            }
            continue;
          }
          batch += next.value;
          if (batch.length >= 1 << 16) {
            const ok = stream.write(batch);
            batch = '';
            if (!ok) {
              stream.once('drain', pump);
              return;
            }
          }
        }
      };
      pump();
    });
    return;
  }
  // PGlite reads the whole blob in one statement: build it in parts of ~1 MB (a Blob keeps the parts, not one string).
  const parts: Array<string | Uint8Array<ArrayBuffer>> = [];
  let batch = '';
  for (const line of lines) {
    if (typeof line !== 'string') {
      if (batch) parts.push(batch);
      batch = '';
      parts.push(line);
      continue;
    }
    batch += line;
    if (batch.length >= 1 << 20) {
      parts.push(batch);
      batch = '';
    }
  }
  if (batch) parts.push(batch);
  await connection.client.query(`${statement} '/dev/blob'`, [], { blob: new Blob(parts) });
}

// COPYs started by copyRowsAhead and not yet settled, per connection.
const ahead = new WeakMap<object, Promise<void>[]>();

/**
 * `copyRows` that, on a server, returns once the COPY is started rather than done: the connection runs its
 * statements in order, so the rows are in the table for every later statement of the transaction, while Node goes
 * on preparing the next batch as the server writes this one (on two cores both work at once). The lines are
 * produced as the connection drains. Call `settleCopies` before the transaction commits: it waits for them and
 * throws a failed COPY's own error (the statements queued behind it only see an aborted transaction). PGlite runs
 * in this thread, so there the COPY is simply awaited.
 */
export async function copyRowsAhead(
  tx: Db,
  table: string,
  columns: readonly string[],
  lines: Iterable<string | Uint8Array<ArrayBuffer>>,
): Promise<void> {
  const connection = connectionOf(tx);
  if (connection.kind === 'pglite') return copyRows(tx, table, columns, lines);
  // One statement at a time on the connection (node-postgres's own queue is deprecated): after the COPYs before it.
  const list = ahead.get(connection.client) ?? [];
  const before = list.at(-1);
  const copy = before ? before.then(() => copyRows(tx, table, columns, lines)) : copyRows(tx, table, columns, lines);
  copy.catch(() => {}); // observed by settleCopies
  list.push(copy);
  ahead.set(connection.client, list);
}

/** Waits for the transaction's COPYs started by `copyRowsAhead`; the first one that failed throws its error. */
export async function settleCopies(tx: Db): Promise<void> {
  const { client } = connectionOf(tx);
  const list = ahead.get(client);
  if (!list) return;
  ahead.delete(client);
  await Promise.all(list);
}

/**
 * Inserts Drizzle rows with COPY instead of INSERT: the columns are every key the rows set (the others take their
 * SQL defaults), each value mapped as Drizzle maps it for the driver (jsonb as JSON, arrays as literals, timestamps
 * as ISO text). Nothing is returned, so rows that others refer to carry their ids. `into` names another table of
 * the same columns (a temporary staging table made `like` it) to copy into instead.
 */
export async function copyInsert<T extends PgTable>(
  tx: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { into?: string } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const byKey: Record<string, PgColumn> = getTableColumns(table);
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns = keys.map((key) => {
    const column = byKey[key];
    if (!column) throw new Error(`copyInsert: ${getTableConfig(table).name} has no column for "${key}"`);
    return column;
  });
  // Each column remembers its previous value and cell: rows written together mostly repeat the tenant, the school,
  // the same Date, so the mapping and escaping run once per distinct value rather than once per cell.
  const previous = columns.map(() => ({ value: undefined as unknown, cell: '\\N' }));
  function* lines() {
    for (const row of rows as readonly Record<string, unknown>[]) {
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        const value = row[keys[i]!];
        const last = previous[i]!;
        if (value !== last.value) {
          last.value = value;
          last.cell =
            value === null || value === undefined ? '\\N' : copyCell(columns[i]!.mapToDriverValue(value) as CopyValue);
        }
        line += (i ? '\t' : '') + last.cell;
      }
      yield line + '\n';
    }
  }
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  await copyRows(
    tx,
    quote(options.into ?? getTableConfig(table).name),
    columns.map((c) => quote(c.name)),
    lines(),
  );
}
