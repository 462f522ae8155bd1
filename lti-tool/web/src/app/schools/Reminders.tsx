import { useState } from 'preact/hooks';
import type { TeacherRow } from '../../../../../shared/api/schools';
import { Empty, ErrorMessage } from '../../components/status';
import { useApp } from '../context';
import { schoolStrings } from './strings';

/** The teachers behind with the engine's next actions: copy as text, or download the CSV (UTF-8 with BOM). */
export function Reminders(props: { schoolId: string; groupId: string | null; teachers: TeacherRow[] }) {
  const { api, lang, pick } = useApp();
  const s = schoolStrings(lang);
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<unknown>();
  const text = props.teachers
    .map(
      (t) =>
        `${t.name}（${t.groupName ?? s.noGroup}）：${t.missing.map((m) => pick(m)).join('；') || s.states[t.state]}`,
    )
    .join('\n');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setNote(s.copied);
    } catch {
      setNote(s.copyFailed);
    }
  }
  async function download() {
    setError(undefined);
    try {
      const query = new URLSearchParams({ lang, ...(props.groupId ? { groupId: props.groupId } : {}) });
      const url = await api.objectUrl(`/schools/${props.schoolId}/reminders.csv?${query}`);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${s.reminders}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section class="card" aria-labelledby="reminders-heading">
      <h3 id="reminders-heading">{s.reminders}</h3>
      {props.teachers.length === 0 ? (
        <Empty>{s.noReminders}</Empty>
      ) : (
        <>
          <p class="muted small">{s.remindersIntro}</p>
          <div class="row">
            <button type="button" onClick={() => void copy()}>
              {s.copy}
            </button>
            <button type="button" class="secondary" onClick={() => void download()}>
              {s.exportCsv}
            </button>
          </div>
          {note && (
            <p role="status" class="small">
              {note}
            </p>
          )}
          {error !== undefined && <ErrorMessage error={error} />}
          <textarea
            class="reminder-text"
            readOnly
            rows={Math.min(8, props.teachers.length + 1)}
            aria-label={s.reminders}
            value={text}
          />
        </>
      )}
    </section>
  );
}
