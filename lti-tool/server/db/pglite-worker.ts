import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import { toWireError, type WireHello, type WireQueryOptions, type WireReply, type WireRequest } from './pglite-wire';

// The worker thread that owns the embedded database (started by pglite-bridge.ts through pglite-worker-boot.mjs).
// PGlite runs Postgres as WebAssembly: a heavy statement keeps the thread busy for its whole duration. Here that is
// this thread, so the main thread keeps answering HTTP. Requests are served as they arrive; PGlite's own locks
// queue them exactly as in-process (a query waits while a transaction holds the database).

export interface PgliteWorkerData {
  /** The PGlite data directory; the main thread holds its lock. */
  dataDir: string;
}

interface OpenTransaction {
  tx: Transaction;
  commit(): void;
  rollback(): void;
  /** The `end` request to answer when PGlite's transaction() settles. */
  endId?: number;
}

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread');
const { dataDir } = workerData as PgliteWorkerData;

/** Thrown into PGlite's transaction() to make it roll back; not an error the caller sees. */
const ROLL_BACK = Symbol('roll back');
const transactions = new Map<number, OpenTransaction>();
let nextTransaction = 1;

function reply(id: number, value: unknown): void {
  port!.postMessage({ id, ok: true, value } satisfies WireReply);
}

function fail(id: number, err: unknown): void {
  port!.postMessage({ id, ok: false, error: toWireError(err) } satisfies WireReply);
}

function queryOptions(options: WireQueryOptions): QueryOptions {
  const text = (value: string) => value;
  return {
    rowMode: options.rowMode,
    paramTypes: options.paramTypes,
    blob: options.blob,
    parsers: Object.fromEntries(options.textOids.map((oid) => [oid, text])),
  };
}

function target(pg: PGlite, tx: number | undefined): PGlite | Transaction {
  if (tx === undefined) return pg;
  const open = transactions.get(tx);
  // PGlite's own message for a statement on a finished transaction.
  if (!open) throw new Error('Transaction is closed');
  return open.tx;
}

function begin(pg: PGlite, id: number): void {
  const txId = nextTransaction++;
  let open: OpenTransaction | undefined;
  pg.transaction(
    (tx) =>
      new Promise<void>((commit, rollback) => {
        open = { tx, commit, rollback: () => rollback(ROLL_BACK) };
        transactions.set(txId, open);
        reply(id, txId);
      }),
  ).then(
    () => {
      transactions.delete(txId);
      reply(open!.endId!, undefined);
    },
    (err: unknown) => {
      transactions.delete(txId);
      if (!open)
        fail(id, err); // BEGIN itself failed
      else if (err === ROLL_BACK) reply(open.endId!, undefined);
      else fail(open.endId!, err); // COMMIT failed or was turned into a rollback, or ROLLBACK failed
    },
  );
}

async function serve(pg: PGlite, request: WireRequest): Promise<void> {
  switch (request.op) {
    case 'query':
      return reply(
        request.id,
        await target(pg, request.tx).query(request.sql, request.params, queryOptions(request.options)),
      );
    case 'exec':
      return reply(request.id, await target(pg, request.tx).exec(request.sql, queryOptions(request.options)));
    case 'begin':
      return begin(pg, request.id);
    case 'end': {
      const open = transactions.get(request.tx);
      if (!open) throw new Error('Transaction is closed');
      open.endId = request.id;
      return request.commit ? open.commit() : open.rollback();
    }
    case 'rollback': {
      const open = transactions.get(request.tx);
      if (!open) throw new Error('Transaction is closed');
      return reply(request.id, await open.tx.rollback());
    }
    case 'close':
      if (!pg.closed) await pg.close();
      reply(request.id, undefined);
      port!.close();
      return;
  }
}

try {
  const pg = await PGlite.create(dataDir);
  port.on('message', (request: WireRequest) => {
    serve(pg, request).catch((err: unknown) => fail(request.id, err));
  });
  port.postMessage({ ready: true } satisfies WireHello);
} catch (err) {
  port.postMessage({ ready: false, error: toWireError(err) } satisfies WireHello);
}
