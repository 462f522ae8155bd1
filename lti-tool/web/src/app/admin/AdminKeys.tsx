import { useState } from 'preact/hooks';
import type { AdminKeyList, CreatedAdminKey } from '../../../../../shared/api/admin-keys';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';

/** Admin API keys: create (the secret is shown once), list, revoke. */
export function AdminKeys() {
  const { api, t } = useApp();
  const list = useResource(() => api.get<AdminKeyList>('/admin/api-keys'), [api]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedAdminKey>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const nameOk = name.trim().length > 0 && name.trim().length <= 100;

  async function create(e: Event) {
    e.preventDefault();
    if (!nameOk) return;
    setBusy(true);
    try {
      setActionError(undefined);
      setCopied(false);
      setCreated(await api.send<CreatedAdminKey>('POST', '/admin/api-keys', { name: name.trim() }));
      setName('');
      list.reload();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: string) {
    if (!window.confirm(t.adminKeys.confirmRevoke)) return;
    try {
      setActionError(undefined);
      await api.send('DELETE', `/admin/api-keys/${id}`);
      if (created?.key.id === id) setCreated(undefined);
      list.reload();
    } catch (err) {
      setActionError(err);
    }
  }

  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : t.adminKeys.never);
  return (
    <section aria-labelledby="admin-keys-heading">
      <h2 id="admin-keys-heading">{t.adminKeys.heading}</h2>
      <p class="muted small">{t.adminKeys.help}</p>
      {actionError !== undefined && <ErrorMessage error={actionError} />}
      <form class="stack" onSubmit={(e) => void create(e)}>
        <label>
          {t.adminKeys.name}
          <input
            value={name}
            maxLength={100}
            placeholder={t.adminKeys.namePlaceholder}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
        </label>
        <p>
          <button type="submit" disabled={busy || !nameOk} title={nameOk ? undefined : t.adminKeys.nameRequired}>
            {t.adminKeys.create}
          </button>
          {!nameOk && name.length > 0 && <span class="muted small"> {t.adminKeys.nameRequired}</span>}
        </p>
      </form>
      {created && (
        <div class="notice" role="status">
          <p>{t.adminKeys.created}</p>
          <p>
            <code class="break">{created.secret}</code>{' '}
            <button
              type="button"
              class="secondary"
              onClick={() => void navigator.clipboard.writeText(created.secret).then(() => setCopied(true))}
            >
              {copied ? t.admin.copied : t.admin.copy}
            </button>
          </p>
        </div>
      )}
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.keys.length === 0 && <Empty>{t.adminKeys.empty}</Empty>}
      {list.data && list.data.keys.length > 0 && (
        <ul class="stack">
          {list.data.keys.map((k) => (
            <li key={k.id}>
              <strong>{k.name}</strong> <code>{k.prefix}…</code>
              <div class="muted small">
                {t.adminKeys.createdAt} {when(k.createdAt)} · {t.adminKeys.lastUsed} {when(k.lastUsedAt)}
                {k.revokedAt && ` · ${t.adminKeys.revoked} ${when(k.revokedAt)}`}
              </div>
              {!k.revokedAt && (
                <button type="button" class="secondary" onClick={() => void revoke(k.id)}>
                  {t.adminKeys.revoke}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
