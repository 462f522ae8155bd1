import type { ClipPayload } from '../common/clip';
import type { FileClip } from '../common/clip-file';

export type ClipStatus = 'queued' | 'sending' | 'saved' | 'failed';

/** One clip waiting for (or done with) the tool. The idempotency key is fixed at capture time. */
export interface OutboxEntry {
  id: string;
  idempotencyKey: string;
  payload: ClipPayload | FileClip;
  /** A file clip's bytes (IndexedDB keeps Blobs as they are). */
  blob?: Blob;
  status: ClipStatus;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  /** Why the last attempt failed, as an error code the popup can explain (`network`, `clip_too_large`, …). */
  lastError?: string;
  /** True when the failure will not go away by itself (validation, too large): retried only by the teacher. */
  permanent?: boolean;
  savedAt?: number;
  result?: unknown;
}

/** Where entries live: IndexedDB in the extension, a Map in tests. */
export interface OutboxStore {
  put(entry: OutboxEntry): Promise<void>;
  get(id: string): Promise<OutboxEntry | undefined>;
  all(): Promise<OutboxEntry[]>;
  delete(id: string): Promise<void>;
}

/** What sending one clip came to. */
export type SendResult =
  | { kind: 'saved'; result: unknown }
  | { kind: 'retry'; error: string }
  | { kind: 'failed'; error: string }
  /** Not signed in (or the connection was revoked): keep the clip queued, untouched, until reconnecting. */
  | { kind: 'paused'; error: string };

/** 30 s, 1 min, 2 min … up to an hour, with ±20 % jitter so a fleet of browsers does not retry in step. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

const newId = () => crypto.randomUUID();

/**
 * The durable outbox. Every state change is written before the next step, so a worker stopped at any point loses
 * nothing: an entry left `sending` is sent again (the idempotency key makes that safe).
 */
export class Outbox {
  private flushing: Promise<void> | undefined;
  constructor(
    private readonly store: OutboxStore,
    private readonly send: (entry: OutboxEntry) => Promise<SendResult>,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  async enqueue(payload: ClipPayload | FileClip, blob?: Blob): Promise<OutboxEntry> {
    const t = this.now();
    const entry: OutboxEntry = {
      id: newId(),
      idempotencyKey: `clip-${newId()}`,
      payload,
      ...(blob ? { blob } : {}),
      status: 'queued',
      attempts: 0,
      createdAt: t,
      nextAttemptAt: t,
    };
    await this.store.put(entry);
    return entry;
  }

  async list(): Promise<OutboxEntry[]> {
    return (await this.store.all()).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The teacher's retry button: due now, whatever the backoff said. */
  async retry(id: string): Promise<void> {
    const entry = await this.store.get(id);
    if (!entry || entry.status === 'saved') return;
    await this.store.put({ ...entry, status: 'queued', nextAttemptAt: this.now(), permanent: false });
  }

  async remove(id: string): Promise<void> {
    await this.store.delete(id);
  }

  /** The earliest time something is due, for the alarm; undefined when nothing waits. */
  async nextDue(): Promise<number | undefined> {
    const waiting = (await this.store.all()).filter(
      (e) => e.status === 'queued' || e.status === 'sending' || (e.status === 'failed' && !e.permanent),
    );
    return waiting.length ? Math.min(...waiting.map((e) => e.nextAttemptAt)) : undefined;
  }

  /** Sends everything due, one at a time. Concurrent calls share one pass (single flight). */
  flush(options: { all?: boolean } = {}): Promise<void> {
    this.flushing ??= this.pass(options.all ?? false).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Saved entries are kept a week for the popup's history, then dropped; nothing unsent is ever dropped. */
  async prune(maxAgeMs = 7 * 24 * 60 * 60 * 1000): Promise<number> {
    const old = (await this.store.all()).filter(
      (e) => e.status === 'saved' && (e.savedAt ?? 0) < this.now() - maxAgeMs,
    );
    for (const e of old) await this.store.delete(e.id);
    return old.length;
  }

  private async pass(all: boolean): Promise<void> {
    await this.prune();
    const due = (await this.list())
      .reverse()
      .filter((e) => e.status !== 'saved' && !(e.status === 'failed' && e.permanent))
      .filter((e) => all || e.nextAttemptAt <= this.now());
    for (const entry of due) {
      const sending: OutboxEntry = { ...entry, status: 'sending', attempts: entry.attempts + 1 };
      await this.store.put(sending);
      let outcome: SendResult;
      try {
        outcome = await this.send(sending);
      } catch (err) {
        outcome = { kind: 'retry', error: err instanceof Error ? err.message : 'network' };
      }
      if (outcome.kind === 'saved') {
        await this.store.put({
          ...sending,
          status: 'saved',
          savedAt: this.now(),
          result: outcome.result,
          lastError: undefined,
        });
      } else if (outcome.kind === 'failed') {
        await this.store.put({ ...sending, status: 'failed', permanent: true, lastError: outcome.error });
      } else if (outcome.kind === 'paused') {
        // Not the clip's fault: put it back as it was and stop until the extension is reconnected.
        await this.store.put({ ...entry, status: 'queued', lastError: outcome.error });
        return;
      } else {
        await this.store.put({
          ...sending,
          status: 'failed',
          permanent: false,
          lastError: outcome.error,
          nextAttemptAt: this.now() + backoffMs(sending.attempts, this.random),
        });
      }
    }
  }
}

/** A Map-backed store (tests, and a fallback where IndexedDB is unavailable). */
export class MemoryOutboxStore implements OutboxStore {
  readonly entries = new Map<string, OutboxEntry>();
  async put(entry: OutboxEntry) {
    this.entries.set(entry.id, structuredClone(entry));
  }
  async get(id: string) {
    const e = this.entries.get(id);
    return e && structuredClone(e);
  }
  async all() {
    return [...this.entries.values()].map((e) => structuredClone(e));
  }
  async delete(id: string) {
    this.entries.delete(id);
  }
}
