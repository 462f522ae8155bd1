import { useState } from 'preact/hooks';
import type { ActivityReply } from '../../../../../shared/api/operations';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { activityStrings } from './activity-strings';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * Recent grade deliveries, roster syncs and imports of the administrator's institution, with status, attempts, the
 * last error code and time; "failures only" keeps what went wrong. Tables stack into labelled lines at 360 px.
 */
export function AdminActivity() {
  const { api, lang } = useApp();
  const s = activityStrings(lang);
  const [failuresOnly, setFailuresOnly] = useState(false);
  const list = useResource(
    () => api.get<ActivityReply>(`/admin/activity${failuresOnly ? '?failures=1' : ''}`),
    [api, failuresOnly],
  );

  return (
    <section aria-labelledby="activity-heading">
      <h2 id="activity-heading">{s.heading}</h2>
      <p class="muted small">{s.help}</p>
      <p class="row">
        <label>
          <input
            type="checkbox"
            checked={failuresOnly}
            onChange={(e) => setFailuresOnly((e.target as HTMLInputElement).checked)}
          />{' '}
          {s.failuresOnly}
        </label>{' '}
        <button type="button" class="secondary" onClick={list.reload}>
          {s.refresh}
        </button>
      </p>
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && (
        <>
          <h3>{s.deliveries}</h3>
          {list.data.deliveries.length === 0 ? (
            <Empty>{failuresOnly ? s.emptyFailures : s.emptyDeliveries}</Empty>
          ) : (
            <table class="table stacked">
              <thead>
                <tr>
                  <th scope="col">{s.time}</th>
                  <th scope="col">{s.platform}</th>
                  <th scope="col">{s.status}</th>
                  <th scope="col">{s.attempts}</th>
                  <th scope="col">{s.errorCode}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.deliveries.map((d) => (
                  <tr key={d.id}>
                    <td data-label={s.time}>{when(d.deliveredAt ?? d.createdAt)}</td>
                    <td data-label={s.platform} class="break">
                      {d.platformName}
                    </td>
                    <td data-label={s.status}>
                      {d.status === 'pending' && d.errorCode ? s.retrying : s.deliveryStatus[d.status]}
                      {d.nextAttemptAt && (
                        <div class="muted small">
                          {s.nextAttempt}: {when(d.nextAttemptAt)}
                        </div>
                      )}
                    </td>
                    <td data-label={s.attempts}>{d.attempts}</td>
                    <td data-label={s.errorCode}>{d.errorCode ? <code class="break">{d.errorCode}</code> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{s.runs}</h3>
          {list.data.runs.length === 0 ? (
            <Empty>{failuresOnly ? s.emptyFailures : s.emptyRuns}</Empty>
          ) : (
            <table class="table stacked">
              <thead>
                <tr>
                  <th scope="col">{s.time}</th>
                  <th scope="col">{s.kind}</th>
                  <th scope="col">{s.target}</th>
                  <th scope="col">{s.status}</th>
                  <th scope="col">{s.errorCode}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.runs.map((r) => (
                  <tr key={r.id}>
                    <td data-label={s.time}>{when(r.createdAt)}</td>
                    <td data-label={s.kind}>{s.kinds[r.kind]}</td>
                    <td data-label={s.target} class="break">
                      {r.target}
                      {r.rows !== null && (
                        <div class="muted small">
                          {s.rows}: {r.rows}
                        </div>
                      )}
                    </td>
                    <td data-label={s.status}>{s.runStatus[r.status]}</td>
                    <td data-label={s.errorCode}>
                      {r.errorCode ? <code class="break">{r.errorCode}</code> : '—'}
                      {r.requestId && (
                        <div class="muted small break">
                          {s.requestId}: <code>{r.requestId}</code>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
