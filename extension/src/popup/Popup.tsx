import { useEffect, useState } from 'preact/hooks';
import type { LookupReply } from '../../../shared/api/extension';
import type { OutboxEntry } from '../background/outbox';
import { browser } from '../common/browser';
import type { PageExtract } from '../common/clip';
import type { ExtractResponse, Profile, StateResponse } from '../common/messages';
import { permissionFor } from '../common/pairing-link';
import { ask } from '../common/send';
import { errorText, pick, t } from '../ui/i18n';
import { buildPayload, type ClipForm } from './build-payload';
import { EvidenceTarget } from './EvidenceTarget';
import { type FileChoice, FileSource } from './FileSource';
import { FileRefused, queueFile } from './queue-file';
import { FILE_SLOT_KINDS } from '../common/clip-file';
import { OutboxList } from './OutboxList';

/** The tab to clip: the active one, or `?tab=` (the options page and tests open the popup in a tab). */
async function targetTab(): Promise<{ id: number; url?: string; title?: string } | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return browser.tabs.get(Number(param)) as Promise<{ id: number; url?: string; title?: string }>;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id === undefined ? undefined : { id: tab.id, url: tab.url, title: tab.title };
}

// The popup closes whenever it loses focus: the half-filled form is kept (in memory storage) for the same page.
const DRAFT = 'popupDraft';
async function loadDraft(url: string): Promise<ClipForm | undefined> {
  const draft = (await browser.storage.session?.get(DRAFT))?.[DRAFT] as { url: string; form: ClipForm } | undefined;
  return draft?.url === url ? draft.form : undefined;
}
const saveDraft = (url: string, form: ClipForm) => browser.storage.session?.set({ [DRAFT]: { url, form } });
const clearDraft = () => browser.storage.session?.remove(DRAFT);

const EMPTY_FORM: ClipForm = {
  destination: 'library',
  mode: 'page',
  tags: '',
  abilityCode: '',
  note: '',
  evidenceAbility: '',
  evidenceSlot: '',
};

/** Chrome's side panel or Firefox's sidebar, called straight from the click (an await first loses the gesture). */
function openGatherPanel(windowId: number | undefined) {
  if (browser.sidebarAction) void browser.sidebarAction.open();
  else if (browser.sidePanel && windowId !== undefined) void browser.sidePanel.open({ windowId });
  window.close();
}

export function Popup() {
  const [state, setState] = useState<StateResponse>();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [page, setPage] = useState<PageExtract>();
  const [unscriptable, setUnscriptable] = useState(false);
  const [saved, setSaved] = useState(false);
  const [form, setForm] = useState<ClipForm>(EMPTY_FORM);
  const [error, setError] = useState<string>();
  const [tabId, setTabId] = useState<number>();
  const [shot, setShot] = useState<'none' | 'visible' | 'region'>('none');
  const [windowId, setWindowId] = useState<number>();
  const [fileChoice, setFileChoice] = useState<FileChoice>();

  const refreshState = () => ask<StateResponse>({ type: 'state' }).then(setState);
  const setOutbox = (outbox: OutboxEntry[]) => setState((s) => s && { ...s, outbox });

  useEffect(() => {
    void refreshState();
    // Known before the click: the side panel opens only synchronously inside the click's gesture.
    void browser.windows?.getCurrent().then((w) => setWindowId(w.id));
    const timer = setInterval(() => void refreshState(), 1000);
    return () => clearInterval(timer);
  }, []);

  const connected = state?.connection.state === 'connected';
  useEffect(() => {
    if (!connected) return;
    void (async () => {
      try {
        const p = await ask<Profile | null>({ type: 'profile', refresh: true });
        setProfile(p);
      } catch (err) {
        setError(errorText((err as { code?: string }).code));
      }
      const tab = await targetTab();
      if (!tab) return setUnscriptable(true);
      setTabId(tab.id);
      const extracted = await ask<ExtractResponse>({ type: 'extract', tabId: tab.id });
      if (extracted.ok) {
        setPage(extracted.page);
        if (extracted.page.selection) setForm((f) => ({ ...f, mode: 'selection' }));
        const draft = await loadDraft(extracted.page.url);
        if (draft) setForm(draft);
        ask<LookupReply>({ type: 'lookup', url: extracted.page.canonicalUrl ?? extracted.page.url }).then(
          (r) => setSaved(r.saved),
          () => undefined,
        );
      } else if (tab.url && /^https?:/.test(tab.url)) {
        setUnscriptable(true);
        setPage({ url: tab.url, title: tab.title ?? tab.url, lazyImagesResolved: 0 });
        setForm((f) => ({ ...f, mode: 'link' }));
      } else setUnscriptable(true);
    })();
  }, [connected]);

  const update = (patch: Partial<ClipForm>) =>
    setForm((f) => {
      const next = { ...f, ...patch };
      if (page) void saveDraft(page.url, next);
      return next;
    });
  const fileSlot = profile?.destinations
    .find((d) => d.abilityCode === form.evidenceAbility)
    ?.slots.find((s) => s.id === form.evidenceSlot && FILE_SLOT_KINDS.has(s.kind));
  const toFileSlot = form.destination === 'evidence' && !!fileSlot;
  const evidenceReady =
    form.destination === 'library' || (form.evidenceAbility && form.evidenceSlot && (!toFileSlot || fileChoice));

  /** A file into a file slot. The PDF's site permission is asked first, inside the click (Firefox needs that). */
  function saveFile(slot: NonNullable<typeof fileSlot>, choice: NonNullable<FileChoice>) {
    const granted =
      choice.kind === 'pdf'
        ? browser.permissions.request({ origins: [permissionFor(new URL(choice.url).origin)] })
        : Promise.resolve(true);
    void (async () => {
      setError(undefined);
      try {
        if (!(await granted)) return setError(t('permissionMissing'));
        await queueFile(choice, { abilityCode: form.evidenceAbility, slotId: slot.id, slot }, pick);
        await ask({ type: 'flush' });
        await clearDraft();
        await refreshState();
      } catch (err) {
        setError(
          err instanceof FileRefused && /^\d+$|^network$/.test(err.message)
            ? t('fileFetchFailed', err.message)
            : err instanceof FileRefused
              ? err.message
              : errorText((err as { code?: string }).code ?? 'internal'),
        );
      }
    })();
  }

  async function save(e: Event) {
    e.preventDefault();
    if (!page) return;
    if (toFileSlot && fileSlot) return fileChoice ? saveFile(fileSlot, fileChoice) : setError(t('fileChooseFirst'));
    if (shot === 'region' && form.destination === 'library' && tabId !== undefined) {
      // The popup closes as soon as the page is clicked: the background picks, captures and queues.
      void ask({ type: 'enqueueWithRegion', tabId, payload: buildPayload(page, form) });
      await clearDraft();
      return window.close();
    }
    let screenshot: string | undefined;
    if (shot === 'visible' && form.destination === 'library' && tabId !== undefined) {
      try {
        screenshot = (await ask<string | null>({ type: 'screenshot', tabId })) ?? undefined;
      } catch {
        screenshot = undefined;
      }
      if (!screenshot) return setError(t('screenshotFailed'));
    }
    await ask({ type: 'enqueue', payload: buildPayload(page, form, screenshot) });
    await clearDraft();
    await refreshState();
  }

  if (!state) return null;
  const { connection } = state;
  return (
    <main>
      <div class="row">
        <h1>{t('extName')}</h1>
        <span class={connected ? 'pill' : 'pill warn'} data-testid="connection">
          {connected
            ? t('statusConnected')
            : connection.state === 'reconnect'
              ? t('statusReconnect')
              : t('statusDisconnected')}
        </span>
      </div>
      {!connected && (
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openOptions')}
        </button>
      )}
      {connected && connection.state === 'connected' && !state.hostPermission && (
        <p class="notice" data-testid="permission-missing">
          {t('permissionMissing')}{' '}
          <button
            type="button"
            onClick={() => {
              // Synchronously in the click handler: Firefox refuses the request after an await.
              void browser.permissions
                .request({ origins: [permissionFor(connection.origin)] })
                .then((granted) => granted && ask({ type: 'retryAll' }))
                .then(() => refreshState());
            }}
          >
            {t('grantPermission')}
          </button>
        </p>
      )}
      {error && <p class="error">{error}</p>}
      {connected && page && (
        <form onSubmit={save} data-testid="clip-form">
          <div data-testid="page-title">{page.title}</div>
          <div class="muted">{page.canonicalUrl ?? page.url}</div>
          {saved && (
            <p class="notice" data-testid="already-saved">
              {t('alreadySaved')}
            </p>
          )}
          {unscriptable && <p class="notice">{t('unscriptable')}</p>}

          <label for="mode">{t('clipKind')}</label>
          <select
            id="mode"
            value={form.mode}
            onChange={(e) => update({ mode: e.currentTarget.value as ClipForm['mode'] })}
          >
            {!unscriptable && <option value="page">{t('kindPage')}</option>}
            {page.selection && <option value="selection">{t('kindSelection')}</option>}
            <option value="link">{t('kindLink')}</option>
          </select>

          <label for="destination">{t('destination')}</label>
          <select
            id="destination"
            value={form.destination}
            onChange={(e) => update({ destination: e.currentTarget.value as ClipForm['destination'] })}
          >
            <option value="library">{t('destLibrary')}</option>
            <option value="evidence">{t('destEvidence')}</option>
          </select>

          {form.destination === 'library' ? (
            <div>
              <label for="tags">{t('tags')}</label>
              <input
                id="tags"
                type="text"
                list="known-tags"
                value={form.tags}
                onInput={(e) => update({ tags: e.currentTarget.value })}
              />
              <datalist id="known-tags">
                {profile?.tags.map((tag) => (
                  <option key={tag} value={tag} />
                ))}
              </datalist>
              <label for="ability">{t('ability')}</label>
              <select
                id="ability"
                value={form.abilityCode}
                onChange={(e) => update({ abilityCode: e.currentTarget.value })}
              >
                <option value="">{t('abilityNone')}</option>
                {profile?.destinations.map((d) => (
                  <option key={d.abilityCode} value={d.abilityCode}>
                    {d.abilityCode} {pick(d.name)}
                  </option>
                ))}
              </select>
              <label for="shot">{t('withScreenshot')}</label>
              <select
                id="shot"
                value={shot}
                onChange={(e) => setShot(e.currentTarget.value as 'none' | 'visible' | 'region')}
              >
                <option value="none">{t('shotNone')}</option>
                <option value="visible">{t('shotVisible')}</option>
                <option value="region">{t('shotRegion')}</option>
              </select>
              <label for="note">{t('evaluationNote')}</label>
              <textarea id="note" value={form.note} onInput={(e) => update({ note: e.currentTarget.value })} />
            </div>
          ) : (
            profile && (
              <EvidenceTarget
                profile={profile}
                abilityCode={form.evidenceAbility}
                slotId={form.evidenceSlot}
                onChange={(evidenceAbility, evidenceSlot) => {
                  setFileChoice(undefined);
                  update({ evidenceAbility, evidenceSlot });
                }}
              />
            )
          )}
          {toFileSlot && fileSlot && <FileSource slot={fileSlot} pageUrl={page.url} onChange={setFileChoice} />}
          <p>
            <button type="submit" data-testid="save" disabled={!evidenceReady}>
              {t('save')}
            </button>
            {toFileSlot && !fileChoice && <span class="muted"> {t('fileChooseFirst')}</span>}
          </p>
        </form>
      )}
      {connected && (browser.sidePanel || browser.sidebarAction) && (
        <p>
          <button type="button" data-testid="open-gather" onClick={() => openGatherPanel(windowId)}>
            {t('gatherOpen')}
          </button>
        </p>
      )}
      <OutboxList
        entries={state.outbox}
        onRetry={(id) => void ask<OutboxEntry[]>({ type: 'retry', id }).then(setOutbox)}
        onRemove={(id) => void ask<OutboxEntry[]>({ type: 'remove', id }).then(setOutbox)}
        onRetryAll={() => void ask<OutboxEntry[]>({ type: 'retryAll' }).then(setOutbox)}
      />
    </main>
  );
}
