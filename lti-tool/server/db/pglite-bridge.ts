import { Worker } from 'node:worker_threads';
import type { ParserOptions, QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import { query as templateQuery } from '@electric-sql/pglite/template';
import type { PgliteWorkerData } from './pglite-worker';
import { fromWireError, type WireHello, type WireQueryOptions, type WireReply, type WireRequest } from './pglite-wire';

// PGlite in a worker thread, seen from the main thread through the part of PGlite's interface the app uses:
// query, exec, transaction (with its tx object), close. Drizzle's PGlite driver and bulk-copy.ts take it as they
// take PGlite. A statement costs one message each way; a transaction holds the database from BEGIN to its end,
// and everything else waits in the worker's queue, as it waits on PGlite's lock in-process.

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = Distribute<WireRequest>;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  statement?: { sql: string; params?: unknown[]; options?: unknown };
}

export class PgliteWorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;
  #closing: Promise<void> | undefined;
  #openTransactions = 0;
  /** Set once the thread is gone; every later call fails with it. */
  #dead: Error | undefined;

  readonly #onDeath: ((err: Error) => void) | undefined;

  private constructor(worker: Worker, onDeath: ((err: Error) => void) | undefined) {
    this.#worker = worker;
    this.#onDeath = onDeath;
    worker.on('message', (reply: WireReply) => this.#settle(reply));
    worker.on('error', (err) => this.#die(err));
    worker.on('exit', (code) =>
      this.#die(new Error(`PGlite 工作线程已退出 / the PGlite worker thread exited (${code})`)),
    );
  }

  /**
   * Starts the worker thread and opens PGlite on `dataDir` there (the caller holds the directory's lock). `onDeath`
   * hears once if the thread later stops without being closed (a crash, WebAssembly out of memory): the database is
   * gone for this process, so the server's answer is to exit and be restarted.
   */
  static async create(dataDir: string, onDeath?: (err: Error) => void): Promise<PgliteWorkerClient> {
    const worker = new Worker(new URL('./pglite-worker-boot.mjs', import.meta.url), {
      workerData: { dataDir, entry: new URL('./pglite-worker.ts', import.meta.url).href } satisfies PgliteWorkerData & {
        entry: string;
      },
    });
    let onMessage!: (hello: WireHello) => void;
    let onError!: (err: Error) => void;
    let onExit!: (code: number) => void;
    try {
      const hello = await new Promise<WireHello>((resolve, reject) => {
        onMessage = resolve;
        onError = reject;
        onExit = (code) => reject(new Error(`the PGlite worker thread exited while opening (${code})`));
        worker.once('message', onMessage).once('error', onError).once('exit', onExit);
      });
      if (!hello.ready) throw fromWireError(hello.error);
    } catch (err) {
      await worker.terminate();
      throw err;
    } finally {
      // Only ours: the Worker keeps listeners of its own (removeAllListeners would stop it delivering messages).
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    }
    // Idle, the thread does not keep the process alive (in-process PGlite does not either); a request in flight does.
    worker.unref();
    return new PgliteWorkerClient(worker, onDeath);
  }

  get closed(): boolean {
    return this.#closed;
  }

  query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(undefined, sql, params, options);
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.#exec(undefined, sql, options);
  }

  sql<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Results<T>> {
    const { query, params } = templateQuery(strings, ...values);
    return this.query<T>(query, params);
  }

  /**
   * Is the database there? A thread that is running a statement or holding a transaction is, and will answer when
   * it is done: say so at once rather than queueing behind it (that wait is what /healthz must not show). An idle
   * thread is asked for a round trip. Rejects once the thread is gone or closed.
   */
  async ping(): Promise<void> {
    if (this.#dead) throw this.#dead;
    if (this.#pending.size > 0 || this.#openTransactions > 0) return;
    await this.query('select 1');
  }

  /**
   * PGlite's transaction(): BEGIN, the callback, then COMMIT, or ROLLBACK when the callback throws. A COMMIT that
   * PostgreSQL turns into a rollback rejects with TransactionAbortedError, as in-process.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const txId = (await this.#call({ op: 'begin' })) as number;
    this.#openTransactions++;
    let closed = false;
    const open = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const tx: Transaction = {
      query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
        open();
        return this.#query<R>(txId, sql, params ?? [], options);
      },
      sql: async <R>(strings: TemplateStringsArray, ...values: unknown[]) => {
        open();
        const { query, params } = templateQuery(strings, ...values);
        return this.#query<R>(txId, query, params, undefined);
      },
      exec: async (sql: string, options?: QueryOptions) => {
        open();
        return this.#exec(txId, sql, options);
      },
      rollback: async () => {
        open();
        await this.#call({ op: 'rollback', tx: txId });
        closed = true;
      },
      listen: () => Promise.reject(new Error('LISTEN is not available through the PGlite worker')),
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      try {
        result = await callback(tx);
      } catch (err) {
        closed = true;
        await this.#call({ op: 'end', tx: txId, commit: false });
        throw err;
      }
      closed = true;
      await this.#call({ op: 'end', tx: txId, commit: true });
      return result;
    } finally {
      this.#openTransactions--;
    }
  }

  /**
   * Stops the thread at once without closing PGlite, as a crash of the thread would: pending and later calls fail
   * as "database unavailable" and `onDeath` hears. For a thread that no longer answers (and the crash test).
   */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }

  /** Closes PGlite (flushing it to disk) and ends the thread. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        if (!this.#dead) await this.#call({ op: 'close' });
      } finally {
        this.#closed = true;
        await this.#worker.terminate();
      }
    })();
    return this.#closing;
  }

  async #query<T>(tx: number | undefined, sql: string, params: unknown[], options?: QueryOptions) {
    const [wire, parsers] = wireOptions(options);
    checkParams(params);
    const statement = { sql, params, options };
    const results = (await this.#call({ op: 'query', tx, sql, params, options: wire }, statement)) as Results<T>;
    return applyParsers(results, parsers, options?.rowMode);
  }

  async #exec(tx: number | undefined, sql: string, options?: QueryOptions) {
    const [wire, parsers] = wireOptions(options);
    const statement = { sql, options };
    const results = (await this.#call({ op: 'exec', tx, sql, options: wire }, statement)) as Results[];
    return results.map((result) => applyParsers(result, parsers, options?.rowMode));
  }

  #call(request: Request, statement?: Pending['statement']): Promise<unknown> {
    if (this.#dead) return Promise.reject(this.#dead);
    if (this.#closed) return Promise.reject(new Error('PGlite is closed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage({ ...request, id } as WireRequest);
      } catch (err) {
        reject(err as Error); // a parameter structured clone cannot copy (DataCloneError)
        return;
      }
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject, statement });
    });
  }

  #settle(reply: WireReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(fromWireError(reply.error, pending.statement));
  }

  #die(cause: Error): void {
    if (this.#closed || this.#dead) return;
    // 57P01 (admin_shutdown): requests in flight and after are answered 503 "database unavailable", not 500.
    const err = Object.assign(
      new Error(`PGlite 工作线程已停止 / the PGlite worker thread stopped: ${cause.message}`, { cause }),
      { code: '57P01' },
    );
    this.#dead = err;
    this.#closed = true;
    for (const pending of this.#pending.values()) pending.reject(err);
    this.#pending.clear();
    this.#onDeath?.(err);
  }
}

/** The options that cross, and the caller's parsers, which stay here and run on the text the worker returns. */
function wireOptions(options: QueryOptions | undefined): [WireQueryOptions, ParserOptions] {
  if (options?.serializers || options?.onNotice) {
    throw new TypeError('PGlite worker: serializers and onNotice are functions and cannot cross to the worker thread');
  }
  const parsers = options?.parsers ?? {};
  return [
    {
      rowMode: options?.rowMode,
      paramTypes: options?.paramTypes,
      blob: options?.blob,
      textOids: Object.keys(parsers).map(Number),
    },
    parsers,
  ];
}

const CLONED_AS_IS = new Set<unknown>([Object.prototype, Array.prototype, Date.prototype, null]);

/**
 * Structured clone keeps a parameter's value but not its class: a class instance would reach PGlite's serializers
 * as a plain object and could be written differently than in-process. Refuse those loudly instead.
 */
function checkParams(params: unknown[]): void {
  for (const value of params) {
    if (typeof value === 'function' || typeof value === 'symbol') {
      throw new TypeError(`PGlite worker: a ${typeof value} cannot be a query parameter`);
    }
    if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) continue;
    if (!CLONED_AS_IS.has(Object.getPrototypeOf(value))) {
      throw new TypeError(
        `PGlite worker: a ${value.constructor?.name ?? 'class'} instance cannot cross as a parameter`,
      );
    }
  }
}

/** Runs the caller's parsers on the columns the worker left as text (PGlite skips parsers for NULL too). */
function applyParsers<T>(results: Results<T>, parsers: ParserOptions, rowMode: QueryOptions['rowMode']) {
  const columns: { key: number | string; parse: (text: string, oid: number) => unknown; oid: number }[] = [];
  results.fields.forEach((field, index) => {
    const parse = parsers[field.dataTypeID];
    if (!parse) return;
    if (rowMode === 'array') columns.push({ key: index, parse, oid: field.dataTypeID });
    // In object mode a later column of the same name overwrites an earlier one; only the last counts.
    else if (results.fields.findLastIndex((other) => other.name === field.name) === index) {
      columns.push({ key: field.name, parse, oid: field.dataTypeID });
    }
  });
  if (columns.length === 0) return results;
  for (const row of results.rows as Record<number | string, unknown>[]) {
    for (const { key, parse, oid } of columns) {
      const value = row[key];
      if (value !== null && value !== undefined) row[key] = parse(value as string, oid);
    }
  }
  return results;
}
