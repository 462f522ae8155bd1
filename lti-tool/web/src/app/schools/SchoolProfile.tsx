import { useState } from 'preact/hooks';
import {
  PROFILE_LIMITS,
  TEACHING_ENVIRONMENTS,
  type SchoolProfile as Profile,
  type SchoolProfileReply,
} from '../../../../../shared/api/school-profile';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { ChangeStatus, useProfileChange } from './profile-change';
import { ProfileGroups } from './ProfileGroups';
import { RosterImport } from './RosterImport';
import { profileStrings, type ProfileStrings } from './profile-strings';

/**
 * The school profile: teaching environment with its diagnosis, ability shortlist, research theme, management team
 * (principal marked) and 教研组. The team edits (the principal also manages the team); others read.
 */
export function SchoolProfile(props: { schoolId: string; onChanged?: () => void }) {
  const { api, lang } = useApp();
  const s = profileStrings(lang);
  const data = useResource(() => api.get<Profile>(`/schools/${props.schoolId}/profile`), [api, props.schoolId]);
  const [latest, setLatest] = useState<Profile>();
  const p = latest && latest.school.id === props.schoolId ? latest : data.data;
  const onReply = (reply: SchoolProfileReply) => {
    setLatest(reply);
    if (reply.changed) props.onChanged?.();
  };
  return (
    <section class="card stack" aria-labelledby="profile-heading">
      <h3 id="profile-heading">{s.heading}</h3>
      {data.loading && !p && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {p && (
        <>
          {!p.can.edit && <p class="muted small">{s.readOnly}</p>}
          <Environment p={p} s={s} onReply={onReply} />
          <Shortlist p={p} s={s} onReply={onReply} />
          <div>
            <h4>{s.theme}</h4>
            <p>{p.researchTheme ?? s.notRecorded}</p>
            <p class="muted small">{s.themeHint}</p>
          </div>
          <Team p={p} s={s} onReply={onReply} />
          <ProfileGroups p={p} s={s} onReply={onReply} />
          {p.can.edit && (
            <RosterImport
              schoolId={p.school.id}
              s={s}
              onImported={() => {
                // New teachers and groups: read the profile again, and the school's figures.
                setLatest(undefined);
                data.reload();
                props.onChanged?.();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

type SectionProps = { p: Profile; s: ProfileStrings; onReply: (r: SchoolProfileReply) => void };

function Environment({ p, s, onReply }: SectionProps) {
  const { api } = useApp();
  const [form, setForm] = useState({
    value: p.environment.value ?? '',
    diagnosedOn: p.environment.diagnosedOn ?? '',
    basis: p.environment.basis ?? '',
  });
  const [problem, setProblem] = useState<string>();
  const change = useProfileChange(onReply);
  const field = (k: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [k]: (e.target as HTMLInputElement | HTMLSelectElement).value });
  async function save(e: Event) {
    e.preventDefault();
    if (!form.value || !form.diagnosedOn || !form.basis.trim()) return setProblem(s.environmentRequired);
    setProblem(undefined);
    await change.run(() =>
      api.send('PATCH', `/schools/${p.school.id}/profile`, {
        environment: { value: form.value, diagnosedOn: form.diagnosedOn, basis: form.basis.trim() },
      }),
    );
  }
  const env = p.environment;
  return (
    <div>
      <h4>{s.environment}</h4>
      <p>
        <strong>{env.value ? s.environments[env.value] : s.notRecorded}</strong>
        {env.diagnosedOn && env.basis && <span class="muted small"> {s.diagnosis(env.diagnosedOn, env.basis)}</span>}
      </p>
      {p.can.edit && (
        <details>
          <summary>{s.editEnvironment}</summary>
          <form class="stack" onSubmit={save}>
            <label class="stack">
              {s.environment}
              <select required value={form.value} onChange={field('value')}>
                <option value="" disabled>
                  {s.notRecorded}
                </option>
                {TEACHING_ENVIRONMENTS.map((v) => (
                  <option key={v} value={v}>
                    {s.environments[v]}
                  </option>
                ))}
              </select>
            </label>
            <label class="stack">
              {s.diagnosedOn}
              <input type="date" required value={form.diagnosedOn} onInput={field('diagnosedOn')} />
            </label>
            <label class="stack">
              {s.basis}
              <textarea
                required
                rows={2}
                maxLength={PROFILE_LIMITS.basisMaxChars}
                placeholder={s.basisHint}
                value={form.basis}
                onInput={field('basis')}
              />
            </label>
            <button type="submit" disabled={change.busy}>
              {s.saveEnvironment}
            </button>
            {problem && (
              <p class="notice error small" role="alert">
                {problem}
              </p>
            )}
            <ChangeStatus error={change.error} note={change.note} s={s} />
          </form>
        </details>
      )}
    </div>
  );
}

function Shortlist({ p, s, onReply }: SectionProps) {
  const { api, pick } = useApp();
  const [picked, setPicked] = useState(() => new Set(p.abilityShortlist ?? []));
  const change = useProfileChange(onReply);
  const toggle = (code: string) => {
    const next = new Set(picked);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    setPicked(next);
  };
  const save = () =>
    change.run(() =>
      api.send('PATCH', `/schools/${p.school.id}/profile`, {
        abilityShortlist: picked.size === 0 ? null : p.abilityOptions.map((o) => o.code).filter((c) => picked.has(c)),
      }),
    );
  return (
    <div>
      <h4>{s.shortlist}</h4>
      <p>{p.abilityShortlist?.join('、') ?? s.shortlistNone}</p>
      {p.can.edit && (
        <details>
          <summary>{s.saveShortlist}</summary>
          <fieldset disabled={change.busy}>
            <legend class="small">{s.shortlistHint(PROFILE_LIMITS.shortlistMax)}</legend>
            <ul class="attendance">
              {p.abilityOptions.map((o) => (
                <li key={o.code}>
                  <label>
                    <input type="checkbox" checked={picked.has(o.code)} onChange={() => toggle(o.code)} /> {o.code}{' '}
                    {pick(o.name)}
                  </label>
                </li>
              ))}
            </ul>
            <button type="button" onClick={save}>
              {s.saveShortlist}
            </button>
          </fieldset>
          <ChangeStatus error={change.error} note={change.note} s={s} />
        </details>
      )}
    </div>
  );
}

function Team({ p, s, onReply }: SectionProps) {
  const { api } = useApp();
  const [email, setEmail] = useState('');
  const change = useProfileChange(onReply);
  const base = `/schools/${p.school.id}`;
  async function add(e: Event) {
    e.preventDefault();
    if (!email.trim()) return;
    if (await change.run(() => api.send('POST', `${base}/team`, { email: email.trim() }))) setEmail('');
  }
  return (
    <div>
      <h4>{s.team}</h4>
      {p.team.length === 0 && <Empty>{s.noTeam}</Empty>}
      <ul class="attendance">
        {p.team.map((m) => (
          <li key={m.personId} class="row">
            <span>
              {m.name}
              {m.principal && <span class="badge"> {s.principal}</span>}
              {m.email && <span class="muted small"> {m.email}</span>}
            </span>
            {p.can.manageTeam && !m.principal && (
              <>
                <button
                  type="button"
                  class="link"
                  disabled={change.busy}
                  onClick={() =>
                    window.confirm(s.confirmPrincipal(m.name)) &&
                    void change.run(() => api.send('PUT', `${base}/principal`, { personId: m.personId }))
                  }
                >
                  {s.makePrincipal}
                </button>
                <button
                  type="button"
                  class="link"
                  disabled={change.busy}
                  onClick={() =>
                    window.confirm(s.confirmRemoveMember(m.name)) &&
                    void change.run(() => api.send('DELETE', `${base}/team/${m.personId}`))
                  }
                >
                  {s.removeMember}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {p.can.manageTeam ? (
        <form class="row" onSubmit={add}>
          <label class="grow stack">
            {s.addMember}
            <input
              type="email"
              required
              maxLength={254}
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={change.busy}>
            {s.add}
          </button>
        </form>
      ) : (
        p.can.edit && <p class="muted small">{s.teamHint}</p>
      )}
      <ChangeStatus error={change.error} note={change.note} s={s} />
    </div>
  );
}
