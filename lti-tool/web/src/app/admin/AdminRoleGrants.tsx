import { useState } from 'preact/hooks';
import type { ContextsReply } from '../../../../../shared/api/admin';
import type { RoleGrant, RosterImportReply } from '../../../../../shared/api/role-grants';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { roleGrantStrings } from './role-grant-strings';

type GrantRole = RoleGrant['role'];
const LEVEL: Record<GrantRole, string> = { school_team: 'school', county_admin: 'county', city_admin: 'city' };

/** Grant and revoke school team, county and city roles; import a roster of grants with a preview. */
export function AdminRoleGrants() {
  const { api, lang, pick } = useApp();
  const s = roleGrantStrings(lang);
  const list = useResource(() => api.get<{ items: RoleGrant[] }>('/admin/role-grants'), [api]);
  const orgs = useResource(() => api.get<ContextsReply>('/admin/contexts'), [api]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<GrantRole | ''>('');
  const [organisationId, setOrganisationId] = useState('');
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [csv, setCsv] = useState('');
  const [report, setReport] = useState<RosterImportReply & { applied: boolean }>();
  const ready = email.includes('@') && role !== '' && organisationId !== '';
  const choices = (orgs.data?.organisations ?? []).filter((o) => role !== '' && o.kind === LEVEL[role]);

  async function grant(e: Event) {
    e.preventDefault();
    if (!ready) return setNote(s.needAll);
    setError(undefined);
    try {
      const r = await api.send<{ changed: boolean }>('POST', '/admin/role-grants', { email, role, organisationId });
      setNote(r.changed ? s.granted : s.unchanged);
      list.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function revoke(id: string) {
    if (!window.confirm(s.confirmRevoke)) return;
    try {
      await api.send('DELETE', `/admin/role-grants/${id}`);
      list.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function runImport(dryRun: boolean) {
    setError(undefined);
    try {
      const r = await api.send<RosterImportReply>('POST', '/admin/role-grants/import', { csv, dryRun });
      setReport({ ...r, applied: !dryRun });
      if (!dryRun) list.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="role-grants-heading" class="stack">
      <h2 id="role-grants-heading">{s.heading}</h2>
      <p class="muted small">{s.help}</p>
      {error !== undefined && <ErrorMessage error={error} />}
      <form class="stack" onSubmit={(e) => void grant(e)}>
        <label>
          {s.email}
          <input
            type="email"
            value={email}
            maxLength={254}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {s.role}
          <select
            value={role}
            onChange={(e) => (setRole((e.target as HTMLSelectElement).value as GrantRole), setOrganisationId(''))}
          >
            <option value="">{s.choose}</option>
            {(Object.keys(s.roles) as GrantRole[]).map((r) => (
              <option key={r} value={r}>
                {s.roles[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.organisation}
          <select
            value={organisationId}
            disabled={role === ''}
            onChange={(e) => setOrganisationId((e.target as HTMLSelectElement).value)}
          >
            <option value="">{s.choose}</option>
            {choices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <p>
          <button type="submit" aria-disabled={!ready}>
            {s.grant}
          </button>
          {note && (
            <span role="status" class="small">
              {' '}
              {note}
            </span>
          )}
        </p>
      </form>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.items.length === 0 && <Empty>{s.empty}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <ul class="teacher-list">
          {list.data.items.map((g) => (
            <li key={g.id} class="row spread">
              <span>
                <strong>{g.personName}</strong> <span class="muted small">{g.email}</span> · {s.roles[g.role]} ·{' '}
                {g.organisationName} <span class="muted small">({s.sources[g.source]})</span>
              </span>
              <button type="button" class="secondary" onClick={() => void revoke(g.id)}>
                {s.revoke}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>{s.importHeading}</h3>
      <p class="muted small">{s.importHelp}</p>
      <label>
        {s.file}
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            setReport(undefined);
            if (file) void file.text().then(setCsv);
          }}
        />
      </label>
      <div class="row">
        <button type="button" class="secondary" disabled={!csv} onClick={() => void runImport(true)}>
          {s.preview}
        </button>
        <button
          type="button"
          disabled={!report || report.applied || report.summary.granted === 0}
          onClick={() => void runImport(false)}
        >
          {s.apply}
        </button>
      </div>
      {report && (
        <div role="status">
          <p>{s.summary(report.summary.granted, report.summary.unchanged, report.summary.rejected)}</p>
          <table class="table stacked">
            <thead>
              <tr>
                <th scope="col">{s.row}</th>
                <th scope="col">{s.email}</th>
                <th scope="col">{s.role}</th>
                <th scope="col">{s.organisation}</th>
                <th scope="col">{s.outcome.granted}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.row}>
                  <td data-label={s.row}>{r.row}</td>
                  <td data-label={s.email}>{r.email}</td>
                  <td data-label={s.role}>{r.role}</td>
                  <td data-label={s.organisation}>{r.organisationCode}</td>
                  <td data-label={s.outcome.granted}>
                    {s.outcome[r.outcome]}
                    {r.reason && `：${pick(r.reason)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
