import type { OutboxEntry, OutboxStore } from './outbox';

const DB_NAME = 'ability-clipper';
const STORE = 'outbox';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The outbox in IndexedDB: survives the worker stopping and the browser restarting; no JSON size quota. */
export class IdbOutboxStore implements OutboxStore {
  private db: Promise<IDBDatabase> | undefined;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('cannot open IndexedDB'));
    });
    return this.db;
  }

  private async tx<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    const transaction = db.transaction(STORE, mode);
    // Listen before awaiting anything: the transaction may complete while the request's promise settles.
    const done = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    const result = await request(run(transaction.objectStore(STORE)));
    await done;
    return result;
  }

  async put(entry: OutboxEntry) {
    await this.tx('readwrite', (s) => s.put(entry));
  }
  async get(id: string) {
    return (await this.tx('readonly', (s) => s.get(id))) as OutboxEntry | undefined;
  }
  async all() {
    return (await this.tx('readonly', (s) => s.getAll())) as OutboxEntry[];
  }
  async delete(id: string) {
    await this.tx('readwrite', (s) => s.delete(id));
  }
}
