import { useState } from 'preact/hooks';
import type { ProgrammeInstancesReply } from '../../../../../shared/api/programme-instances';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { announceSetupChange, useOnSetupChange } from './setup-events';
import { useResource } from '../use-resource';
import { ProgrammeForm } from './ProgrammeForm';
import { programmeStrings } from './programmes-strings';

/** Programme instances: the list with their deadline and enrolments, a form to create one, edit in place. */
export function AdminProgrammes() {
  const { api, lang, pick } = useApp();
  const s = programmeStrings(lang);
  const list = useResource(() => api.get<ProgrammeInstancesReply>('/admin/programme-instances'), [api]);
  useOnSetupChange(list.reload);
  const [editing, setEditing] = useState<string>();
  const [creating, setCreating] = useState(false);
  const saved = () => {
    setEditing(undefined);
    setCreating(false);
    list.reload();
    announceSetupChange();
  };
  const data = list.data;
  return (
    <section aria-labelledby="programmes-heading" class="card stack" id="admin-programmes">
      <h2 id="programmes-heading">{s.heading}</h2>
      <p class="muted small">{s.intro}</p>
      {list.loading && !data && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {data && data.instances.length === 0 && <Empty>{s.empty}</Empty>}
      {data && data.instances.length > 0 && (
        <ul class="stack">
          {data.instances.map((i) => (
            <li key={i.id}>
              <strong>{i.name}</strong>
              <div class="muted small">
                {pick(i.definitionName)} · {i.regionName} · {s.years(i.startYear, i.endYear)}
                {i.batchLabel ? ` · ${i.batchLabel}` : ''} · {s.deadlineShort(i.deadline)} ·{' '}
                {s.enrolments(i.enrolments)}
              </div>
              {editing === i.id ? (
                <ProgrammeForm data={data} instance={i} s={s} onSaved={saved} onCancel={() => setEditing(undefined)} />
              ) : (
                <button type="button" class="secondary" onClick={() => setEditing(i.id)}>
                  {s.edit}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {data && data.regions.length === 0 && (
        <p class="notice">
          {s.noRegions} <a href="#admin-organisations">{s.toOrganisations}</a>
        </p>
      )}
      {data && data.regions.length > 0 && !creating && (
        <button type="button" onClick={() => setCreating(true)}>
          {s.create}
        </button>
      )}
      {data && creating && <ProgrammeForm data={data} s={s} onSaved={saved} onCancel={() => setCreating(false)} />}
    </section>
  );
}
