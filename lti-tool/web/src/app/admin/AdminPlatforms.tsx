import { useState } from 'preact/hooks';
import type { PlatformsResponse, RegistrationLink } from '../../api/types';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';

/** An institution administrator's LMS registrations: status, deployments, and one-time registration links. */
export function AdminPlatforms() {
  const { api, t } = useApp();
  const list = useResource(() => api.get<PlatformsResponse>('/admin/platforms'), [api]);
  const [link, setLink] = useState<RegistrationLink>();
  const [actionError, setActionError] = useState<unknown>();
  const [copied, setCopied] = useState(false);

  async function toggle(p: PlatformsResponse['platforms'][number]) {
    const status = p.status === 'active' ? 'disabled' : 'active';
    if (status === 'disabled' && !window.confirm(t.admin.confirmDisable)) return;
    try {
      setActionError(undefined);
      await api.send('PATCH', `/admin/platforms/${p.id}`, { status });
      list.reload();
    } catch (err) {
      setActionError(err);
    }
  }

  async function newLink() {
    try {
      setActionError(undefined);
      setCopied(false);
      setLink(await api.send('POST', '/admin/registration-links', {}));
    } catch (err) {
      setActionError(err);
    }
  }

  return (
    <section aria-labelledby="admin-heading">
      <h1 id="admin-heading">{t.admin.heading}</h1>
      {actionError !== undefined && <ErrorMessage error={actionError} />}
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.platforms.length === 0 && <Empty>{t.admin.empty}</Empty>}
      {list.data && list.data.platforms.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t.admin.issuer}</th>
              <th scope="col">{t.admin.clientId}</th>
              <th scope="col">{t.admin.deployments}</th>
              <th scope="col">{t.admin.status}</th>
              <th scope="col">
                <span class="visually-hidden">{t.admin.status}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.platforms.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.name}
                  <div class="muted small">{p.issuer}</div>
                </td>
                <td>
                  <code>{p.clientId}</code>
                </td>
                <td>{p.deployments.map((d) => d.id).join(', ') || '—'}</td>
                <td>{t.admin[p.status]}</td>
                <td>
                  <button type="button" class="secondary" onClick={() => void toggle(p)}>
                    {p.status === 'active' ? t.admin.disable : t.admin.enable}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <button type="button" onClick={() => void newLink()}>
          {t.admin.newLink}
        </button>
      </p>
      {link && (
        <div class="notice" role="status">
          <p>
            {t.admin.linkHelp} {new Date(link.expiresAt).toLocaleString()}
          </p>
          <p>
            <code class="break">{link.url}</code>{' '}
            <button
              type="button"
              class="secondary"
              onClick={() => void navigator.clipboard.writeText(link.url).then(() => setCopied(true))}
            >
              {copied ? t.admin.copied : t.admin.copy}
            </button>
          </p>
        </div>
      )}
    </section>
  );
}
