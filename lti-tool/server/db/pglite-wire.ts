import { messages, TransactionAbortedError, type RowMode } from '@electric-sql/pglite';

// The messages between the main thread and the worker thread that owns PGlite (pglite-worker.ts). Everything here
// crosses by structured clone, which keeps Date, bigint, Uint8Array, Blob, arrays and plain objects; functions do
// not cross, so a caller's result parsers run on the main thread (see `textOids`) and errors are rebuilt here.

/** Query options as they cross: the caller's parsers become "hand me these types as text". */
export interface WireQueryOptions {
  rowMode?: RowMode;
  paramTypes?: number[];
  blob?: Blob;
  /** Type OIDs the caller parses itself; the worker returns their values as PostgreSQL's text. */
  textOids: number[];
}

export type WireRequest =
  | { id: number; op: 'query'; tx?: number; sql: string; params: unknown[]; options: WireQueryOptions }
  | { id: number; op: 'exec'; tx?: number; sql: string; options: WireQueryOptions }
  /** Waits for the database as PGlite's transaction() does; answers with the transaction's id once BEGIN ran. */
  | { id: number; op: 'begin' }
  /** Ends the transaction: COMMIT when `commit`, else ROLLBACK (PGlite's own transaction() issues either). */
  | { id: number; op: 'end'; tx: number; commit: boolean }
  /** Transaction.rollback(): rolls back now; the transaction is closed and `end` then commits nothing. */
  | { id: number; op: 'rollback'; tx: number }
  | { id: number; op: 'close' };

export type WireReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** The worker's first message: PGlite is open, or why it is not. */
export type WireHello = { ready: true } | { ready: false; error: WireError };

export interface WireError {
  kind: 'database' | 'transaction-aborted' | 'error';
  name: string;
  message: string;
  /** The error's own fields with primitive values: SQLSTATE `code`, `constraint`, `detail`, `severity`… */
  fields: Record<string, string | number | boolean>;
  stack?: string;
}

// PGlite attaches the statement and its options (which hold functions) to a DatabaseError; the main thread puts
// back its own copies instead of sending them across.
const LOCAL_FIELDS = new Set(['query', 'params', 'queryOptions', 'message', 'stack', 'name', 'length']);

export function toWireError(err: unknown): WireError {
  if (!(err instanceof Error)) return { kind: 'error', name: 'Error', message: String(err), fields: {} };
  const fields: WireError['fields'] = {};
  for (const [key, value] of Object.entries(err)) {
    if (LOCAL_FIELDS.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  const kind =
    err instanceof TransactionAbortedError
      ? 'transaction-aborted'
      : err instanceof messages.DatabaseError
        ? 'database'
        : 'error';
  return { kind, name: err.name, message: err.message, fields, stack: err.stack };
}

/** The error as PGlite would have thrown it in this thread: same class, SQLSTATE and fields, plus the statement. */
export function fromWireError(wire: WireError, statement?: { sql: string; params?: unknown[]; options?: unknown }) {
  let error: Error;
  if (wire.kind === 'transaction-aborted') error = new TransactionAbortedError();
  else if (wire.kind === 'database') error = new messages.DatabaseError(wire.message, 0, 'error');
  else {
    error = new Error(wire.message);
    error.name = wire.name;
  }
  Object.assign(error, wire.fields);
  if (statement)
    Object.assign(error, { query: statement.sql, params: statement.params, queryOptions: statement.options });
  // The caller's stack says who asked; the worker's says where PGlite failed.
  if (wire.stack) error.stack = `${error.stack ?? ''}\n    --- in the PGlite worker thread ---\n${wire.stack}`;
  return error;
}
