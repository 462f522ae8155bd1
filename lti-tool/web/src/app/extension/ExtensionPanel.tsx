import { useState } from 'preact/hooks';
import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import type { DevicesReply, PairingCodeReply } from '../../../../../shared/api/extension';

/** "Connect browser extension": mint a one-time code, show the link to paste, list and disconnect browsers. */
export function ExtensionPanel() {
  const { api, lang } = useApp();
  const en = lang === 'en';
  const devices = useResource(() => api.get<DevicesReply>('/me/extension/devices'), [api]);
  const [minted, setPairingCodeReply] = useState<PairingCodeReply>();
  const [error, setError] = useState<unknown>();
  const when = (iso: string) => new Date(iso).toLocaleString(en ? 'en' : 'zh-CN');

  async function mint() {
    setError(undefined);
    try {
      setPairingCodeReply(await api.send<PairingCodeReply>('POST', '/me/extension/pairing-codes'));
    } catch (err) {
      setError(err);
    }
  }

  async function revoke(id: string) {
    try {
      await api.send('DELETE', `/me/extension/devices/${id}`);
      devices.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div class="stack">
      <section class="card" aria-labelledby="ext-connect">
        <h2 id="ext-connect">{en ? 'Connect the browser extension' : '连接浏览器扩展'}</h2>
        <p class="muted small">
          {en
            ? 'The extension saves pages and selections to your resource library or as evidence. Create a code, then paste the link into the extension’s options page. The code works once, for 10 minutes.'
            : '浏览器扩展可把网页和选中的文字保存到资源库或作为实践成果。生成连接码后，把连接链接粘贴到扩展的“设置”页。连接码 10 分钟内有效，只能使用一次。'}
        </p>
        <button type="button" onClick={() => void mint()}>
          {en ? 'Create a connection code' : '生成连接码'}
        </button>
        {minted && (
          <div class="notice" role="status" data-testid="pairing-code">
            <p>
              {en ? 'Code: ' : '连接码：'}
              <strong class="code">{minted.code}</strong>
            </p>
            <p>
              {en ? 'Connection link: ' : '连接链接：'}
              <input type="text" readOnly value={minted.link} aria-label={en ? 'Connection link' : '连接链接'} />
            </p>
            <p class="muted small">
              {en ? 'Valid until ' : '有效期至 '}
              {when(minted.expiresAt)}
            </p>
          </div>
        )}
        {error !== undefined && <ErrorMessage error={error} />}
      </section>
      <section class="card" aria-labelledby="ext-devices">
        <h2 id="ext-devices">{en ? 'Connected browsers' : '已连接的浏览器'}</h2>
        {devices.loading && !devices.data && <Loading />}
        {devices.error !== undefined && <ErrorMessage error={devices.error} />}
        {devices.data?.devices.length === 0 && <p class="muted">{en ? 'None yet.' : '暂无。'}</p>}
        <ul>
          {devices.data?.devices.map((d) => (
            <li key={d.id}>
              <strong>{d.name}</strong>{' '}
              <span class="muted small">
                {en ? 'connected ' : '连接于 '}
                {when(d.createdAt)} · {en ? 'last used ' : '最近使用 '}
                {when(d.lastUsedAt)}
              </span>{' '}
              <button type="button" class="link" onClick={() => void revoke(d.id)}>
                {en ? 'Disconnect' : '断开'}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
