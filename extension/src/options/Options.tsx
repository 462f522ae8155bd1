import { useEffect, useState } from 'preact/hooks';
import type { ConnectionState } from '../background/auth';
import { browser } from '../common/browser';
import type { StateResponse } from '../common/messages';
import { parsePairing } from '../common/pairing-link';
import { ask } from '../common/send';
import { errorText, t } from '../ui/i18n';

function defaultDeviceName(): string {
  const ua = navigator.userAgent;
  const name = /Firefox\//.test(ua)
    ? 'Firefox'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : 'Browser';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Mac OS/.test(ua)
      ? 'macOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Linux/.test(ua)
          ? 'Linux'
          : '';
  return os ? `${name} · ${os}` : name;
}

export function Options() {
  const [connection, setConnection] = useState<ConnectionState>();
  const [link, setLink] = useState('');
  const [origin, setOrigin] = useState('');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState(defaultDeviceName());
  const [message, setMessage] = useState<{ kind: 'error' | 'notice'; text: string }>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void ask<StateResponse>({ type: 'state' }).then((s) => setConnection(s.connection));
  }, []);

  /** permissions.request runs synchronously in the click handler: Firefox refuses it after an await. */
  function connect(e: Event) {
    e.preventDefault();
    const pairing = parsePairing(link, origin, code);
    if (!pairing) return setMessage({ kind: 'error', text: t('badLink') });
    const granted = browser.permissions.request({ origins: [pairing.permission] });
    setBusy(true);
    void (async () => {
      try {
        if (!(await granted)) return setMessage({ kind: 'error', text: t('permissionDenied') });
        const state = await ask<ConnectionState>({
          type: 'pair',
          origin: pairing.origin,
          code: pairing.code,
          deviceName,
        });
        setConnection(state);
        setLink('');
        setCode('');
        setMessage({ kind: 'notice', text: t('connectedAs', deviceName) });
      } catch (err) {
        setMessage({ kind: 'error', text: t('pairFailed', (err as Error).message) });
      } finally {
        setBusy(false);
      }
    })();
  }

  async function test() {
    try {
      await ask({ type: 'profile', refresh: true });
      setMessage({ kind: 'notice', text: t('testOk') });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText((err as { code?: string }).code) });
    }
  }

  async function disconnect() {
    setConnection(await ask<ConnectionState>({ type: 'signOut' }));
  }

  if (!connection) return null;
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {message && (
        <p class={message.kind} role="status" data-testid="options-message">
          {message.text}
        </p>
      )}
      {connection.state !== 'disconnected' && (
        <section data-testid="connected">
          <p>
            <span class={connection.state === 'connected' ? 'pill' : 'pill warn'}>
              {connection.state === 'connected' ? t('statusConnected') : t('statusReconnect')}
            </span>{' '}
            {connection.deviceName} · <span class="muted">{connection.origin}</span>
          </p>
          <div class="row">
            <button type="button" onClick={() => void test()}>
              {t('testConnection')}
            </button>
            <button type="button" onClick={() => void disconnect()}>
              {t('disconnect')}
            </button>
          </div>
        </section>
      )}
      {connection.state !== 'connected' && (
        <form onSubmit={connect}>
          <p class="muted">{t('optionsHelp')}</p>
          <label for="link">{t('connectionLink')}</label>
          <input
            id="link"
            type="url"
            value={link}
            onInput={(e) => setLink(e.currentTarget.value)}
            placeholder="https://…/ext/pair#XXXX-XXXX"
          />
          <h2>{t('orOriginCode')}</h2>
          <label for="origin">{t('toolOrigin')}</label>
          <input id="origin" type="url" value={origin} onInput={(e) => setOrigin(e.currentTarget.value)} />
          <label for="code">{t('pairingCode')}</label>
          <input id="code" type="text" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          <label for="device">{t('deviceName')}</label>
          <input id="device" type="text" value={deviceName} onInput={(e) => setDeviceName(e.currentTarget.value)} />
          <p>
            <button type="submit" data-testid="connect" disabled={busy}>
              {busy ? t('connecting') : t('connect')}
            </button>
          </p>
        </form>
      )}
    </main>
  );
}
