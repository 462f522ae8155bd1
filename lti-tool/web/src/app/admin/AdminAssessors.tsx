import { useState } from 'preact/hooks';
import type { AssessorGrantReply, AssessorGrantsReply, PeopleReply } from '../../../../../shared/api/assessors';
import type { OrganisationsReply } from '../../../../../shared/api/organisations';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { announceSetupChange, useOnSetupChange } from './setup-events';
import { useResource } from '../use-resource';
import { setupStrings } from './setup-strings';

/** Assessor grants: find a person, choose a school (学校评定) or county (区县复核), grant; revoke after confirming. */
export function AdminAssessors() {
  const { api, lang } = useApp();
  const s = setupStrings(lang);
  const grants = useResource(() => api.get<AssessorGrantsReply>('/admin/assessors'), [api]);
  const orgs = useResource(() => api.get<OrganisationsReply>('/admin/organisations'), [api]);
  useOnSetupChange(orgs.reload);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<PeopleReply['people']>();
  const [personId, setPersonId] = useState('');
  const [scopeFilter, setScopeFilter] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const scopes = (orgs.data?.organisations ?? []).filter(
    (o) =>
      (o.kind === 'school' || o.kind === 'county') &&
      (!scopeFilter || `${o.name}${o.code ?? ''}`.includes(scopeFilter)),
  );

  async function search(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      const reply = await api.get<PeopleReply>(`/admin/people?q=${encodeURIComponent(query.trim())}`);
      setFound(reply.people);
      setPersonId(reply.people[0]?.id ?? '');
    } catch (err) {
      setError(err);
    }
  }

  async function grant() {
    setError(undefined);
    setNotice(undefined);
    try {
      const reply = await api.send<AssessorGrantReply>('POST', '/admin/assessors', { personId, organisationId });
      setNotice(reply.created ? s.granted : s.already);
      grants.reload();
      announceSetupChange();
    } catch (err) {
      setError(err);
    }
  }

  async function revoke(id: string, name: string, org: string) {
    if (!window.confirm(s.confirmRevoke(name, org))) return;
    setError(undefined);
    try {
      await api.send('DELETE', `/admin/assessors/${id}`);
      grants.reload();
      announceSetupChange();
    } catch (err) {
      setError(err);
    }
  }

  const blocked = !personId ? s.choosePerson : !organisationId ? s.chooseScope : undefined;
  const text = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  return (
    <section aria-labelledby="assessors-heading" class="card stack" id="admin-assessors">
      <h2 id="assessors-heading">{s.assessors}</h2>
      <p class="muted small">{s.assessorsIntro}</p>
      <form class="row" onSubmit={(e) => void search(e)}>
        <label>
          {s.search}
          <input value={query} maxLength={100} onInput={text(setQuery)} />
        </label>
        <button type="submit" class="secondary">
          {s.find}
        </button>
      </form>
      {found && found.length === 0 && <Empty>{s.noPeople}</Empty>}
      {found && found.length > 0 && (
        <select aria-label={s.search} value={personId} onChange={text(setPersonId)}>
          {found.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.email ? ` · ${p.email}` : ''}
            </option>
          ))}
        </select>
      )}
      {orgs.data && orgs.data.counts.school + orgs.data.counts.county === 0 ? (
        <p class="notice">
          {s.noScopes} <a href="#admin-organisations">{s.go}</a>
        </p>
      ) : (
        <div class="stack">
          <label>
            {s.filterScope}
            <input value={scopeFilter} maxLength={50} onInput={text(setScopeFilter)} />
          </label>
          <label>
            {s.scope}
            <select value={organisationId} onChange={text(setOrganisationId)}>
              <option value="">—</option>
              {scopes.slice(0, 500).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} · {s.level[o.kind === 'county' ? 'county' : 'school']}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <p class="row">
        <button type="button" disabled={blocked !== undefined} title={blocked} onClick={() => void grant()}>
          {s.grant}
        </button>
        {blocked && <span class="muted small">{blocked}</span>}
        {notice && (
          <span role="status" class="ok small">
            {notice}
          </span>
        )}
      </p>
      {error !== undefined && <ErrorMessage error={error} />}
      {grants.loading && !grants.data && <Loading />}
      {grants.error !== undefined && <ErrorMessage error={grants.error} onRetry={grants.reload} />}
      {grants.data && grants.data.grants.length === 0 && <Empty>{s.noGrants}</Empty>}
      {grants.data && grants.data.grants.length > 0 && (
        <ul class="stack">
          {grants.data.grants.map((g) => (
            <li key={g.id}>
              <strong>{g.personName}</strong> · {g.organisationName} · {s.level[g.level]}{' '}
              <button
                type="button"
                class="secondary"
                onClick={() => void revoke(g.id, g.personName, g.organisationName)}
              >
                {s.revoke}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
