import { useState } from 'preact/hooks';
import {
  courseMappingInput,
  type CourseMappingList,
  type CourseMappingSummary,
  type PutCourseMappingsReply,
} from '../../../../../shared/api/course-mappings';
import { ErrorMessage } from '../../components/status';
import { useApp } from '../context';

interface Row {
  abilityCode: string;
  hours: string;
}

/** Adds or edits one catalogue course: its programme and every ability it teaches with the hours of each. */
export function CourseMappingForm(props: {
  data: CourseMappingList;
  editing?: CourseMappingSummary;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { api, t, lang } = useApp();
  const s = t.courseCatalogue;
  const { editing, data } = props;
  const [courseRef, setCourseRef] = useState(editing?.courseRef ?? '');
  const [title, setTitle] = useState(editing && editing.title !== editing.courseRef ? editing.title : '');
  const [programme, setProgramme] = useState(editing?.programmeInstanceId ?? data.programmes[0]?.id ?? '');
  const [rows, setRows] = useState<Row[]>(
    editing?.abilities.map((a) => ({ abilityCode: a.abilityCode, hours: String(a.hours) })) ?? [
      { abilityCode: '', hours: '' },
    ],
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const idBase = `course-form-${editing?.id ?? 'new'}`;

  // Abilities of the chosen programme; with "all programmes", every ability any of them has.
  const chosen = data.programmes.filter((p) => !programme || p.id === programme);
  const abilities = [...new Map(chosen.flatMap((p) => p.abilities).map((a) => [a.code, a])).values()];
  const input = {
    courseRef,
    ...(title.trim() ? { title } : {}),
    programmeInstanceId: programme || null,
    abilities: rows.map((r) => ({ abilityCode: r.abilityCode, hours: Number(r.hours) })),
  };
  const check = courseMappingInput.safeParse(input);
  const courseOk = courseRef.trim().length > 0 && courseRef.length <= 500;
  const why = !courseOk ? s.needCourse : !check.success ? s.needAbility : undefined;
  const setRow = (i: number, patch: Partial<Row>) => setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));

  async function save(e: Event) {
    e.preventDefault();
    if (why) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.send<PutCourseMappingsReply>('PUT', '/admin/course-mappings', { courses: [input] });
      if (!editing) {
        setCourseRef('');
        setTitle('');
        setRows([{ abilityCode: '', hours: '' }]);
      }
      props.onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="stack card" onSubmit={(e) => void save(e)} aria-labelledby={`${idBase}-legend`}>
      <p id={`${idBase}-legend`}>
        <strong>{editing ? `${s.edit}：${editing.courseRef}` : s.save}</strong>
      </p>
      <label>
        {s.courseRef}
        <input
          value={courseRef}
          maxLength={500}
          readOnly={Boolean(editing)}
          onInput={(e) => setCourseRef((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {s.title}
        <input value={title} maxLength={500} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {s.programme}
        <select value={programme} onChange={(e) => setProgramme((e.target as HTMLSelectElement).value)}>
          <option value="">{s.allProgrammes}</option>
          {data.programmes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset class="stack">
        <legend>{s.abilities}</legend>
        {rows.map((row, i) => (
          <div class="row" key={i}>
            <label class="grow">
              <span class="visually-hidden">
                {s.ability} {i + 1}
              </span>
              <select
                value={row.abilityCode}
                onChange={(e) => setRow(i, { abilityCode: (e.target as HTMLSelectElement).value })}
              >
                <option value="">{s.chooseAbility}</option>
                {abilities.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.code} {lang === 'en' ? a.name.en : a.name.zh}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span class="visually-hidden">
                {s.hours} {i + 1}
              </span>
              <input
                type="number"
                inputMode="decimal"
                min="0.01"
                max="100"
                step="0.01"
                size={5}
                placeholder={s.hours}
                value={row.hours}
                onInput={(e) => setRow(i, { hours: (e.target as HTMLInputElement).value })}
              />
            </label>
            {rows.length > 1 && (
              <button type="button" class="secondary" onClick={() => setRows(rows.filter((_, k) => k !== i))}>
                {s.removeAbility}
              </button>
            )}
          </div>
        ))}
        <p>
          <button type="button" class="secondary" onClick={() => setRows([...rows, { abilityCode: '', hours: '' }])}>
            {s.addAbility}
          </button>
        </p>
      </fieldset>
      <p class="row">
        <button type="submit" disabled={busy || Boolean(why)} aria-describedby={why ? `${idBase}-why` : undefined}>
          {s.save}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            {s.cancel}
          </button>
        )}
      </p>
      {why && (courseRef || rows.some((r) => r.abilityCode || r.hours)) && (
        <p id={`${idBase}-why`} class="muted small">
          {why}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </form>
  );
}
