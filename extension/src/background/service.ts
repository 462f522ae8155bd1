import type { LookupReply } from '../../../shared/api/extension';
import { oversizedField } from '../../../shared/api/extension-limits';
import { browser } from '../common/browser';
import type { ClipPayload } from '../common/clip';
import type { Profile, Reply, Request, StateResponse } from '../common/messages';
import { permissionFor } from '../common/pairing-link';
import { ApiError, AuthLostError, NetworkError, TokenManager } from './auth';
import { extractTab } from './capture';
import { collectPayload, readCollectTarget, writeCollectTarget } from '../common/collect';
import { setupMenus } from './menus';
import { captureScreenshot } from './screenshot';
import { pickRegionInPage, type Region } from './region';
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

  async function enqueue(payload: ClipPayload) {
    // The server's own caps, checked before a clip that can never be accepted waits in the outbox.
    const oversized = oversizedField(payload);
    if (oversized) throw new ApiError(413, 'clip_too_large', `${oversized.field} > ${oversized.max}`);
    const entry = await outbox.enqueue(payload);
    await updateBadge();
    void flush();
    return entry;
  }

  /** The active tab into the side panel's gathering slot. */
  async function collect() {
    const target = await readCollectTarget(browser.storage.local);
    if (!target) throw new ApiError(0, 'no_collect_target', 'no gathering slot chosen');
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const extracted = tab?.id === undefined ? undefined : await extractTab(tab.id);
    // Without a user gesture on the page the browser may refuse to let us read it: the page's menu still can.
    if (!extracted?.ok) throw new ApiError(0, 'unscriptable', 'the page cannot be read from the side panel');
    return enqueue(collectPayload(extracted.page, target));
  }

  /** Region shot: the picker runs in the page, then the visible area is captured and cropped to it. */
  async function enqueueWithRegion(tabId: number, payload: ClipPayload) {
    const hint = browser.i18n.getMessage('regionHint') || 'Drag to select; Esc cancels';
    const [picked] = await browser.scripting.executeScript({
      target: { tabId },
      func: pickRegionInPage as (...args: never[]) => unknown,
      args: [hint],
    });
    const region = picked?.result as Region | null | undefined;
    if (!region) return null;
    const screenshot = await captureScreenshot(tabId, region);
    if (!screenshot) throw new ApiError(0, 'screenshot_failed', 'the region could not be captured');
    return enqueue({ ...payload, screenshot });
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
        return client.call<LookupReply>('GET', `/ext/v1/clips/lookup?url=${encodeURIComponent(request.url)}`);
      case 'enqueue':
        return enqueue(request.payload);
      case 'collectTarget':
        return (await readCollectTarget(browser.storage.local)) ?? null;
      case 'setCollectTarget':
        await writeCollectTarget(browser.storage.local, request.target ?? undefined);
        // The page menu offers "add to the gathering slot" only while one is chosen.
        await setupMenus();
        return request.target;
      case 'collect':
        return collect();
      case 'retry':
        await outbox.retry(request.id);
        await flush();
        return outbox.list();
      case 'enqueueWithRegion':
        return enqueueWithRegion(request.tabId, request.payload);
      case 'flush':
        // A file clip the popup wrote into the outbox itself (a Blob cannot travel in a message).
        await flush();
        await updateBadge();
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

  return { auth, client, outbox, flush, schedule, onMessage, enqueue, ALARM };
}
