import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  MemoryOutboxStore,
  Outbox,
  type OutboxEntry,
  type SendResult,
} from '../../extension/src/background/outbox';
import type { ClipPayload } from '../../extension/src/common/clip';

const payload = (title: string): ClipPayload => ({
  destination: 'library',
  kind: 'link',
  url: `https://e.cn/${title}`,
  title,
});

/** A fake tool: answers from a script, records every key it was sent. */
function fakeTool(script: SendResult[]) {
  const sent: string[] = [];
  const send = async (entry: OutboxEntry): Promise<SendResult> => {
    sent.push(entry.idempotencyKey);
    return script.shift() ?? { kind: 'saved', result: { ok: true } };
  };
  return { sent, send };
}

describe('the outbox', () => {
  it('keeps a clip through a failure, backs off, and sends it again with the same idempotency key', async () => {
    let now = 1_000_000;
    const store = new MemoryOutboxStore();
    const tool = fakeTool([{ kind: 'retry', error: 'network' }]);
    const outbox = new Outbox(
      store,
      tool.send,
      () => now,
      () => 0.5,
    );
    const entry = await outbox.enqueue(payload('a'));
    expect(entry.idempotencyKey).toMatch(/^clip-[0-9a-f-]{36}$/);

    await outbox.flush();
    const [failed] = await outbox.list();
    expect(failed).toMatchObject({ status: 'failed', permanent: false, lastError: 'network', attempts: 1 });
    expect(failed?.nextAttemptAt).toBe(now + 30_000);
    expect(await outbox.nextDue()).toBe(now + 30_000);

    await outbox.flush();
    expect(tool.sent).toHaveLength(1);
    now += 30_000;
    await outbox.flush();
    expect(tool.sent).toEqual([entry.idempotencyKey, entry.idempotencyKey]);
    expect((await outbox.list())[0]).toMatchObject({ status: 'saved', result: { ok: true } });
    expect(await outbox.nextDue()).toBeUndefined();
  });

  it('survives a worker stopped mid-send: a new outbox over the same store sends the entry again', async () => {
    const store = new MemoryOutboxStore();
    let release: () => void = () => undefined;
    const hanging = new Outbox(
      store,
      () => new Promise<SendResult>((resolve) => (release = () => resolve({ kind: 'retry', error: 'x' }))),
    );
    await hanging.enqueue(payload('b'));
    void hanging.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect((await store.all())[0]?.status).toBe('sending');

    const tool = fakeTool([]);
    const restarted = new Outbox(store, tool.send);
    await restarted.flush();
    expect(tool.sent).toHaveLength(1);
    expect((await store.all())[0]?.status).toBe('saved');
    release();
  });

  it('marks refusals failed with the reason and retries them only when asked', async () => {
    const store = new MemoryOutboxStore();
    const tool = fakeTool([{ kind: 'failed', error: 'clip_too_large' }]);
    const outbox = new Outbox(store, tool.send);
    const entry = await outbox.enqueue(payload('c'));
    await outbox.flush({ all: true });
    expect((await outbox.list())[0]).toMatchObject({ status: 'failed', permanent: true, lastError: 'clip_too_large' });
    await outbox.flush({ all: true });
    expect(tool.sent).toHaveLength(1);
    expect(await outbox.nextDue()).toBeUndefined();
    await outbox.retry(entry.id);
    await outbox.flush();
    expect((await outbox.list())[0]?.status).toBe('saved');
  });

  it('pauses without spending attempts when the extension must reconnect, and keeps every clip', async () => {
    const store = new MemoryOutboxStore();
    const tool = fakeTool([{ kind: 'paused', error: 'reconnect' }]);
    const outbox = new Outbox(store, tool.send);
    await outbox.enqueue(payload('d'));
    await outbox.enqueue(payload('e'));
    await outbox.flush();
    expect(tool.sent).toHaveLength(1);
    const entries = await outbox.list();
    expect(entries.map((e) => [e.status, e.attempts])).toEqual([
      ['queued', 0],
      ['queued', 0],
    ]);
    await outbox.flush();
    expect((await outbox.list()).every((e) => e.status === 'saved')).toBe(true);
  });

  it('shares one pass between concurrent flushes, so no clip is sent twice at once', async () => {
    const store = new MemoryOutboxStore();
    const tool = fakeTool([]);
    const outbox = new Outbox(store, tool.send);
    await outbox.enqueue(payload('f'));
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(tool.sent).toHaveLength(1);
  });

  it('drops saved entries after a week and never an unsent one', async () => {
    let now = 0;
    const store = new MemoryOutboxStore();
    const tool = fakeTool([
      { kind: 'saved', result: 1 },
      { kind: 'retry', error: 'network' },
    ]);
    const outbox = new Outbox(store, tool.send, () => now);
    await outbox.enqueue(payload('g'));
    await outbox.flush();
    await outbox.enqueue(payload('h'));
    await outbox.flush();
    now += 8 * 24 * 60 * 60 * 1000;
    expect(await outbox.prune()).toBe(1);
    expect((await outbox.list()).map((e) => [e.payload.title, e.status])).toEqual([['h', 'failed']]);
  });

  it('backs off exponentially from 30 s to an hour with jitter', () => {
    expect(backoffMs(1, () => 0.5)).toBe(30_000);
    expect(backoffMs(3, () => 0.5)).toBe(120_000);
    expect(backoffMs(20, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(1, () => 0)).toBe(24_000);
    expect(backoffMs(1, () => 1)).toBe(36_000);
  });
});
