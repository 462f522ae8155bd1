import { useState } from 'preact/hooks';
import type { CertificateList, CertificateSummary } from '../../../../../shared/api/certificates';
import type { ExportJob } from '../../../../../shared/api/exports';
import { ApiError } from '../../api/client';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { certificateStrings } from './strings';

/**
 * County officials: a school's certificates as one PDF (an export job), the issued certificates, and revocation
 * with a reason after confirmation. Hidden to those the server refuses.
 */
export function CertificatesPanel() {
  const { api, lang } = useApp();
  const s = certificateStrings(lang);
  const list = useResource(() => api.get<CertificateList>('/certificates'), [api]);
  const [schoolId, setSchoolId] = useState('');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>();
  const [revoking, setRevoking] = useState<CertificateSummary>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  if (list.error instanceof ApiError && (list.error.status === 403 || list.error.status === 409)) return null;

  async function act(run: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await run();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const batch = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      await api.send<ExportJob>('POST', '/exports', { kind: 'certificates', schoolId });
      setNotice(s.queued);
    });
  };
  const revoke = (event: Event) => {
    event.preventDefault();
    const target = revoking;
    if (!target) return;
    void act(async () => {
      await api.send<CertificateSummary>('POST', `/certificates/${target.id}/revoke`, { reason });
      setRevoking(undefined);
      setReason('');
      list.reload();
    });
  };
  const schools = list.data?.schools ?? [];
  const schoolName = (id: string) => schools.find((x) => x.id === id)?.name ?? '';

  return (
    <section aria-labelledby="certificates-heading" class="card">
      <h2 id="certificates-heading">{s.county}</h2>
      <p class="muted small">{s.countyIntro}</p>
      <form class="row" onSubmit={batch}>
        <label>
          {s.school}{' '}
          <select value={schoolId} onChange={(e) => setSchoolId(e.currentTarget.value)} required>
            <option value="">{s.chooseSchool}</option>
            {schools.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !schoolId} title={schoolId ? undefined : s.chooseSchool}>
          {s.batch}
        </button>
      </form>
      {notice && (
        <p role="status" class="small">
          {notice}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      <h3>{s.list}</h3>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.items.length === 0 && <Empty>{s.none}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <ul class="list">
          {list.data.items.map((c) => (
            <li key={c.id} data-certificate={c.serialNumber}>
              <div>
                <strong>{c.teacherName}</strong> <span class="muted small">{schoolName(c.schoolId)}</span>{' '}
                <span class={c.status === 'revoked' ? 'error' : 'muted'}>{s.status[c.status]}</span>
              </div>
              <div class="muted small">
                {c.serialNumber} · {c.issuedOn} · {s.grade[c.grade]} · {c.hours} {s.hours}
                {c.revokeReason ? ` · ${c.revokeReason}` : ''}
              </div>
              {c.status === 'valid' && revoking?.id !== c.id && (
                <button type="button" class="secondary" onClick={() => setRevoking(c)}>
                  {s.revoke}
                </button>
              )}
              {revoking?.id === c.id && (
                <form class="stack" onSubmit={revoke}>
                  <p class="error small">{s.confirmRevoke(c.teacherName)}</p>
                  <label>
                    {s.reason}
                    <textarea
                      value={reason}
                      minLength={2}
                      maxLength={500}
                      required
                      onInput={(e) => setReason(e.currentTarget.value)}
                    />
                  </label>
                  <div class="row">
                    <button type="submit" disabled={busy || reason.trim().length < 2}>
                      {s.confirm}
                    </button>
                    <button type="button" class="secondary" onClick={() => setRevoking(undefined)}>
                      {s.cancel}
                    </button>
                  </div>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
