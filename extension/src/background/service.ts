import { oversizedField } from '../../../shared/api/extension-limits';
import { browser } from '../common/browser';
import type { Profile, Reply, Request, StateResponse } from '../common/messages';
import { permissionFor } from '../common/pairing-link';
import { ApiError, AuthLostError, NetworkError, TokenManager } from './auth';
import { extractTab } from './capture';
import { captureScreenshot } from './screenshot';
import { IdbOutboxStore } from './idb-store';
import { Outbox } from './outbox';
import { ToolClient } from './tool-client';

const ALARM = 'outbox';
const PROFILE = 'profile';

/** The background's parts, built once per worker start. */
export function createBackground() {
  const fetchFn: typeof fetch = (input, init) => fetch(input, init);
  const auth = new TokenManager(browser.storage.local, browser.storage.session, fetchFn);
  const client = new ToolClient(auth, fetchFn);
  const outbox = new Outbox(new IdbOutboxStore(), (entry) => client.sendClip(entry));

  async function updateBadge() {
    const waiting = (await outbox.list()).filter((e) => e.status !== 'saved').length;
    await browser.action.setBadgeBackgroundColor({ color: '#b45309' });
    await browser.action.setBadgeText({ text: waiting ? String(waiting) : '' });
  }

  /** Alarms may be lost when the browser restarts: this runs on every worker start and after every pass. */
  async function schedule() {
    const due = await outbox.nextDue();
    await browser.alarms.clear(ALARM);
    if (due === undefined) return;
    const minutes = Math.max(0.5, (due - Date.now()) / 60_000);
    await browser.alarms.create(ALARM, { delayInMinutes: minutes });
  }

  async function hostPermission(): Promise<boolean> {
    const connection = await auth.connection();
    if (!connection) return true;
    return browser.permissions.contains({ origins: [permissionFor(connection.origin)] });
  }

  async function flush(all = false) {
    try {
      // Without the tool's host permission every request would fail: keep the queue as it is until it is granted.
      if (await hostPermission()) await outbox.flush({ all });
    } finally {
      await schedule();
      await updateBadge();
    }
  }

  async function profile(refresh: boolean): Promise<Profile | undefined> {
    const cached = (await browser.storage.local.get(PROFILE))[PROFILE] as Profile | undefined;
    if (cached && !refresh) return cached;
    try {
      const fresh = await client.call<Profile>('GET', '/ext/v1/me');
      await browser.storage.local.set({ [PROFILE]: fresh });
      return fresh;
    } catch (err) {
      // Offline: the destinations last seen still let the teacher clip; the outbox sends later.
      if (err instanceof NetworkError && cached) return cached;
      throw err;
    }
  }

  async function handle(request: Request): Promise<unknown> {
    switch (request.type) {
      case 'state':
        return {
          connection: await auth.state(),
          outbox: await outbox.list(),
          hostPermission: await hostPermission(),
        } satisfies StateResponse;
      case 'pair':
        await auth.pair(request.origin, request.code, request.deviceName);
        await browser.storage.local.remove(PROFILE);
        void flush(true);
        return auth.state();
      case 'signOut':
        await auth.signOut();
        await browser.storage.local.remove(PROFILE);
        return auth.state();
      case 'profile':
        return (await profile(request.refresh ?? false)) ?? null;
      case 'extract':
        return extractTab(request.tabId);
      case 'screenshot':
        return (await captureScreenshot(request.tabId)) ?? null;
      case 'lookup':
        return client.call('GET', `/ext/v1/clips/lookup?url=${encodeURIComponent(request.url)}`);
      case 'enqueue': {
        // The server's own caps, checked before a clip that can never be accepted waits in the outbox.
        const oversized = oversizedField(request.payload);
        if (oversized) throw new ApiError(413, 'clip_too_large', `${oversized.field} > ${oversized.max}`);
        const entry = await outbox.enqueue(request.payload);
        await updateBadge();
        void flush();
        return entry;
      }
      case 'retry':
        await outbox.retry(request.id);
        await flush();
        return outbox.list();
      case 'retryAll':
        await flush(true);
        return outbox.list();
      case 'remove':
        await outbox.remove(request.id);
        await updateBadge();
        return outbox.list();
    }
  }

  /** `return true` + sendResponse: a promise-returning onMessage listener is not portable across browsers. */
  function onMessage(message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void): true {
    handle(message as Request).then(
      (data) => sendResponse({ ok: true, data } satisfies Reply<unknown>),
      (err: unknown) => {
        const error =
          err instanceof ApiError
            ? err.code
            : err instanceof AuthLostError
              ? 'reconnect'
              : err instanceof NetworkError
                ? 'network'
                : 'internal';
        sendResponse({
          ok: false,
          error,
          message: err instanceof Error ? err.message : undefined,
        } satisfies Reply<unknown>);
      },
    );
    return true;
  }

  return { auth, client, outbox, flush, schedule, onMessage, ALARM };
}
