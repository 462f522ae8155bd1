import { useState } from 'preact/hooks';
import type { PlatformsResponse, RegistrationLink } from '../../api/types';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { activityStrings } from './activity-strings';

type Platform = PlatformsResponse['platforms'][number];
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** 可达 / 不可达 with the times and, when unreachable, which endpoint failed and why. */
function Reachability({ platform }: { platform: Platform }) {
  const { lang } = useApp();
  const s = activityStrings(lang);
  const r = platform.reachability;
  return (
    <div>
      <span class={r.state === 'unreachable' ? 'error-text' : undefined}>{s[r.state]}</span>
      {r.state === 'unreachable' && (
        <div class="small">
          {s.lastFailed}: {when(r.lastFailedAt)}
          {r.failedEndpoint && <> · {s.endpoints[r.failedEndpoint]}</>}
          {r.reason && (
            <>
              {' '}
              · <code class="break">{r.reason}</code>
            </>
          )}
          <div class="muted">{s.unreachableHelp}</div>
        </div>
      )}
      {r.lastOkAt && (
        <div class="muted small">
          {s.lastOk}: {when(r.lastOkAt)}
        </div>
      )}
    </div>
  );
}

/**
 * Adds a deployment to a registration (what `npm run lti -- add-deployment` does): a course site or category that
 * Moodle deployed the tool to under a new deployment_id, which launches name.
 */
function AddDeployment({ platform, onAdded }: { platform: Platform; onAdded: () => void }) {
  const { api, lang } = useApp();
  const s = activityStrings(lang);
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>();
  const [added, setAdded] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = `deployment-${platform.id}`;
  const valid = /^[\x20-\x7e]{1,255}$/.test(value.trim());

  async function submit(e: Event) {
    e.preventDefault();
    if (!valid) return;
    try {
      setBusy(true);
      setError(undefined);
      setAdded(false);
      await api.send('POST', `/admin/platforms/${platform.id}/deployments`, { deploymentId: value.trim() });
      setValue('');
      setAdded(true);
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="row small" onSubmit={(e) => void submit(e)}>
      <label for={id}>{s.deploymentId}</label>
      <input id={id} value={value} maxLength={255} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      <button type="submit" class="secondary" disabled={!valid || busy} title={valid ? undefined : s.deploymentHelp}>
        {s.addDeployment}
      </button>
      {!valid && value !== '' && <span class="muted">{s.deploymentHelp}</span>}
      {added && <span role="status">{s.deploymentAdded}</span>}
      {error !== undefined && <ErrorMessage error={error} />}
    </form>
  );
}

/** An institution administrator's LMS registrations: status, deployments, and one-time registration links. */
export function AdminPlatforms() {
  const { api, t, lang } = useApp();
  const s = activityStrings(lang);
  const [checking, setChecking] = useState<string>();
  const list = useResource(() => api.get<PlatformsResponse>('/admin/platforms'), [api]);
  const [link, setLink] = useState<RegistrationLink>();
  const [actionError, setActionError] = useState<unknown>();
  const [copied, setCopied] = useState(false);

  async function toggle(p: Platform) {
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

  async function check(p: Platform) {
    try {
      setActionError(undefined);
      setChecking(p.id);
      await api.send('POST', `/admin/platforms/${p.id}/check`);
      list.reload();
    } catch (err) {
      setActionError(err);
    } finally {
      setChecking(undefined);
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
        <table class="table stacked">
          <thead>
            <tr>
              <th scope="col">{t.admin.issuer}</th>
              <th scope="col">{t.admin.clientId}</th>
              <th scope="col">{t.admin.deployments}</th>
              <th scope="col">{t.admin.status}</th>
              <th scope="col">{s.reachability}</th>
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
                <td data-label={t.admin.deployments}>
                  {p.deployments.map((d) => d.id).join(', ') || '—'}
                  <AddDeployment platform={p} onAdded={list.reload} />
                </td>
                <td data-label={t.admin.status}>
                  {/* An active registration the platform no longer answers for is shown as 不可达, not 启用. */}
                  {p.status === 'active' && p.reachability.state === 'unreachable' ? s.unreachable : t.admin[p.status]}
                </td>
                <td data-label={s.reachability}>
                  <Reachability platform={p} />
                </td>
                <td>
                  <button type="button" class="secondary" onClick={() => void toggle(p)}>
                    {p.status === 'active' ? t.admin.disable : t.admin.enable}
                  </button>{' '}
                  <button type="button" class="secondary" disabled={checking === p.id} onClick={() => void check(p)}>
                    {checking === p.id ? s.checking : s.check}
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
