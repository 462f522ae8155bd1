import { useEffect, useState } from 'preact/hooks';
import type { OutboxEntry } from '../background/outbox';
import { browser } from '../common/browser';
import { type CollectTarget, isCollectedInto } from '../common/collect';
import type { Profile, StateResponse } from '../common/messages';
import { ask } from '../common/send';
import { errorText, t } from '../ui/i18n';
import { OutboxList } from '../popup/OutboxList';
import { GatherTarget } from './GatherTarget';

/**
 * Stays open beside the pages: the teacher picks one text slot, then adds page after page to it (each appended after
 * the slot's text with its source), without reopening the popup.
 */
export function SidePanel() {
  const [state, setState] = useState<StateResponse>();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [target, setTarget] = useState<CollectTarget>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const refresh = () => ask<StateResponse>({ type: 'state' }).then(setState);
  useEffect(() => {
    void refresh();
    void ask<CollectTarget | null>({ type: 'collectTarget' }).then((v) => setTarget(v ?? undefined));
    const timer = setInterval(() => void refresh(), 1000);
    // A new page clears the last page's error.
    browser.tabs.onActivated?.addListener(() => setError(undefined));
    return () => clearInterval(timer);
  }, []);

  const connected = state?.connection.state === 'connected';
  useEffect(() => {
    if (!connected) return;
    ask<Profile | null>({ type: 'profile', refresh: true }).then(setProfile, (err: { code?: string }) =>
      setError(errorText(err.code)),
    );
  }, [connected]);

  async function choose(next: CollectTarget | null) {
    setTarget(next ?? undefined);
    await ask({ type: 'setCollectTarget', target: next });
  }

  async function addPage() {
    setBusy(true);
    setError(undefined);
    try {
      await ask({ type: 'collect' });
      await refresh();
    } catch (err) {
      const code = (err as { code?: string }).code;
      setError(code === 'unscriptable' ? t('gatherUnscriptable') : errorText(code));
    } finally {
      setBusy(false);
    }
  }

  if (!state) return null;
  const gathered: OutboxEntry[] = state.outbox.filter((e) => isCollectedInto(e.payload, target));
  return (
    <main>
      <h1>{t('gatherTitle')}</h1>
      {!connected && (
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openOptions')}
        </button>
      )}
      {connected && profile && (
        <>
          <p class="muted">{t('gatherHelp')}</p>
          <GatherTarget profile={profile} target={target} onChange={(next) => void choose(next)} />
          <p>
            <button
              type="button"
              data-testid="gather-add"
              disabled={!target || busy}
              aria-describedby={target ? undefined : 'gather-why'}
              onClick={() => void addPage()}
            >
              {t('gatherAdd')}
            </button>
            {!target && (
              <span id="gather-why" class="muted">
                {' '}
                {t('gatherChooseFirst')}
              </span>
            )}
          </p>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <OutboxList
        entries={gathered}
        onRetry={(id) => void ask({ type: 'retry', id }).then(refresh)}
        onRemove={(id) => void ask({ type: 'remove', id }).then(refresh)}
        onRetryAll={() => void ask({ type: 'retryAll' }).then(refresh)}
      />
    </main>
  );
}
