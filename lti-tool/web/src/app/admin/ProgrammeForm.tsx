import { useState } from 'preact/hooks';
import type {
  ProgrammeInstanceBody,
  ProgrammeInstancesReply,
  ProgrammeInstanceView,
} from '../../../../../shared/api/programme-instances';
import { ErrorMessage } from '../../components/status';
import { useApp } from '../context';
import type { ProgrammeStrings } from './programmes-strings';

/** The instance's own override keys (deadline and years have their own fields). */
const OWN_FIELDS = new Set(['period.deadline', 'period.window']);

/** A value typed by the admin: JSON when it parses (numbers, booleans, objects), the text otherwise. */
function readValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Create or edit one programme instance; `instance` absent means create. */
export function ProgrammeForm(props: {
  data: ProgrammeInstancesReply;
  instance?: ProgrammeInstanceView;
  s: ProgrammeStrings;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { api, pick } = useApp();
  const { data, instance, s } = props;
  const year = new Date().getFullYear();
  const [definitionId, setDefinitionId] = useState(instance?.definitionId ?? data.definitions[0]?.id ?? '');
  const [regionId, setRegionId] = useState(instance?.regionOrganisationId ?? data.regions[0]?.id ?? '');
  const [name, setName] = useState(instance?.name ?? '');
  const [startYear, setStartYear] = useState(instance?.startYear ?? year);
  const [endYear, setEndYear] = useState(instance?.endYear ?? year + 1);
  const [batch, setBatch] = useState(instance?.batchLabel ?? '');
  const ownDeadline = instance?.overrides['period.deadline'];
  const [deadline, setDeadline] = useState(typeof ownDeadline === 'string' ? ownDeadline : '');
  const [overrides, setOverrides] = useState<Array<[string, string]>>(
    Object.entries(instance?.overrides ?? {})
      .filter(([k]) => !OWN_FIELDS.has(k))
      .map(([k, v]) => [k, show(v)]),
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const definition = data.definitions.find((d) => d.id === definitionId);
  const parameters = definition?.parameters.filter((p) => !OWN_FIELDS.has(p.path)) ?? [];
  const [newPath, setNewPath] = useState('');

  const problem =
    !name.trim() || name.trim().length > 100
      ? s.nameRequired
      : !regionId
        ? s.regionRequired
        : startYear > endYear
          ? s.yearsOrder
          : undefined;

  async function save(e: Event) {
    e.preventDefault();
    if (problem) return;
    setBusy(true);
    setError(undefined);
    const body: Omit<ProgrammeInstanceBody, 'definitionId'> = {
      regionOrganisationId: regionId,
      name: name.trim(),
      startYear,
      endYear,
      batchLabel: batch.trim() || null,
      deadline: deadline || null,
      overrides: Object.fromEntries(overrides.map(([k, v]) => [k, readValue(v)])),
    };
    try {
      if (instance) await api.send('PATCH', `/admin/programme-instances/${instance.id}`, body);
      else await api.send('POST', '/admin/programme-instances', { ...body, definitionId });
      props.onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const num = (set: (n: number) => void) => (e: Event) => set(Number((e.target as HTMLInputElement).value));
  const text = (set: (t: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  return (
    <form class="stack" onSubmit={(e) => void save(e)}>
      <label>
        {s.definition}
        <select value={definitionId} disabled={instance !== undefined} onChange={text(setDefinitionId)}>
          {data.definitions.map((d) => (
            <option key={d.id} value={d.id}>
              {pick(d.name)} ({d.dataVersion})
            </option>
          ))}
        </select>
      </label>
      <label>
        {s.region}
        <select value={regionId} onChange={text(setRegionId)}>
          {data.regions.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} {r.code ? `(${r.code})` : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        {s.name}
        <input value={name} maxLength={100} placeholder={s.namePlaceholder} onInput={text(setName)} />
      </label>
      <div class="row">
        <label>
          {s.startYear}
          <input type="number" min={2000} max={2100} value={startYear} onInput={num(setStartYear)} />
        </label>
        <label>
          {s.endYear}
          <input type="number" min={2000} max={2100} value={endYear} onInput={num(setEndYear)} />
        </label>
      </div>
      <label>
        {s.batch}
        <input value={batch} maxLength={50} placeholder={s.batchPlaceholder} onInput={text(setBatch)} />
      </label>
      <label>
        {s.deadline}
        <input type="date" value={deadline} onInput={text(setDeadline)} />
      </label>
      <p class="muted small">{s.definitionDeadline(definition?.deadline ?? null)}</p>
      <details>
        <summary>{s.overrides}</summary>
        <p class="muted small">{s.overridesHelp}</p>
        <ul class="stack">
          {overrides.map(([path, value], i) => (
            <li key={path}>
              <label>
                <code>{path}</code> · {s.defaultValue}: {show(parameters.find((p) => p.path === path)?.value)}
                <input
                  value={value}
                  onInput={(e) =>
                    setOverrides(overrides.map((o, j) => (j === i ? [path, (e.target as HTMLInputElement).value] : o)))
                  }
                />
              </label>
              <button
                type="button"
                class="secondary"
                onClick={() => window.confirm(s.confirmRemove) && setOverrides(overrides.filter((_, j) => j !== i))}
              >
                {s.removeOverride}
              </button>
            </li>
          ))}
        </ul>
        <div class="row">
          <label>
            {s.parameter}
            <select value={newPath} onChange={text(setNewPath)}>
              <option value="">—</option>
              {parameters
                .filter((p) => !overrides.some(([k]) => k === p.path))
                .map((p) => (
                  <option key={p.path} value={p.path}>
                    {p.path}
                  </option>
                ))}
            </select>
          </label>
          <button
            type="button"
            class="secondary"
            disabled={!newPath}
            onClick={() => {
              setOverrides([...overrides, [newPath, show(parameters.find((p) => p.path === newPath)?.value)]]);
              setNewPath('');
            }}
          >
            {s.addOverride}
          </button>
        </div>
      </details>
      {error !== undefined && <ErrorMessage error={error} />}
      <p class="row">
        <button type="submit" disabled={busy || problem !== undefined} title={problem}>
          {instance ? s.save : s.create}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            {s.cancel}
          </button>
        )}
        {problem && <span class="muted small">{problem}</span>}
      </p>
    </form>
  );
}
