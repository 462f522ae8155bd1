import { useState } from 'preact/hooks';
import {
  ACTIVITY_LIMITS,
  type ActivityFileKind,
  type SchoolActivitiesReply,
  type SchoolActivity,
} from '../../../../../shared/api/school-activities';
import type { TeacherRow } from '../../../../../shared/api/schools';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { formatSize } from '../teacher/SlotEditor';
import { useResource } from '../use-resource';
import { activityStrings, type ActivityStrings } from './activity-strings';

const MB = 1024 * 1024;

/** The school's 校本研修活动: the team records them, their attendance, minutes and photos; others read. */
export function SchoolActivities({ schoolId, teachers }: { schoolId: string; teachers: TeacherRow[] }) {
  const { api, lang } = useApp();
  const s = activityStrings(lang);
  const data = useResource(() => api.get<SchoolActivitiesReply>(`/schools/${schoolId}/activities`), [api, schoolId]);
  const d = data.data;
  return (
    <section class="card stack" aria-labelledby="activities-heading">
      <h3 id="activities-heading">{s.heading}</h3>
      {data.loading && !d && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {d && (
        <>
          <p class="muted small">
            {d.credit.fromActivities ? s.creditOn(d.credit.activityMax) : s.creditOff}
            {d.can.edit ? '' : ` ${s.readOnly}`}
          </p>
          {d.can.edit && <NewActivity schoolId={schoolId} groups={d.groups} s={s} onDone={data.reload} />}
          {d.items.length === 0 && <Empty>{s.empty}</Empty>}
          {d.items.map((a) => (
            <ActivityItem
              key={a.id}
              schoolId={schoolId}
              activity={a}
              teachers={teachers}
              edit={d.can.edit}
              s={s}
              onChanged={data.reload}
            />
          ))}
        </>
      )}
    </section>
  );
}

function NewActivity(props: {
  schoolId: string;
  groups: SchoolActivitiesReply['groups'];
  s: ActivityStrings;
  onDone: () => void;
}) {
  const { api } = useApp();
  const { s } = props;
  const [form, setForm] = useState({ heldOn: '', topic: '', organiser: '', groupId: '', practiceHours: '0' });
  const [error, setError] = useState<unknown>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const field = (k: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [k]: (e.target as HTMLInputElement | HTMLSelectElement).value });

  async function save(e: Event) {
    e.preventDefault();
    setError(undefined);
    if (!form.heldOn || !form.topic.trim() || !form.organiser.trim()) return setProblem(s.required);
    setProblem(undefined);
    setBusy(true);
    try {
      await api.send('POST', `/schools/${props.schoolId}/activities`, {
        heldOn: form.heldOn,
        topic: form.topic.trim(),
        organiser: form.organiser.trim(),
        groupId: form.groupId || null,
        practiceHours: Number(form.practiceHours) || 0,
      });
      setForm({ heldOn: '', topic: '', organiser: '', groupId: '', practiceHours: '0' });
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details>
      <summary>{s.add}</summary>
      <form class="stack" onSubmit={save}>
        <label class="stack">
          {s.heldOn}
          <input type="date" required value={form.heldOn} onInput={field('heldOn')} />
        </label>
        <label class="stack">
          {s.topic}
          <input
            type="text"
            required
            maxLength={ACTIVITY_LIMITS.topicMaxChars}
            value={form.topic}
            onInput={field('topic')}
          />
        </label>
        <label class="stack">
          {s.organiser}
          <input
            type="text"
            required
            maxLength={ACTIVITY_LIMITS.organiserMaxChars}
            value={form.organiser}
            onInput={field('organiser')}
          />
        </label>
        <label class="stack">
          {s.group}
          <select value={form.groupId} onChange={field('groupId')}>
            <option value="">{s.wholeSchool}</option>
            {props.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <label class="stack">
          {s.hours}
          <input
            type="number"
            min={0}
            max={ACTIVITY_LIMITS.maxHours}
            step={0.5}
            value={form.practiceHours}
            onInput={field('practiceHours')}
          />
        </label>
        <button type="submit" disabled={busy}>
          {s.save}
        </button>
        {problem && (
          <p class="notice error small" role="alert">
            {problem}
          </p>
        )}
        {error !== undefined && <ErrorMessage error={error} />}
      </form>
    </details>
  );
}

function ActivityItem(props: {
  schoolId: string;
  activity: SchoolActivity;
  teachers: TeacherRow[];
  edit: boolean;
  s: ActivityStrings;
  onChanged: () => void;
}) {
  const { api } = useApp();
  const { activity: a, s } = props;
  const [picked, setPicked] = useState<Set<string>>(() => new Set(a.participants.map((p) => p.enrolmentId)));
  const [error, setError] = useState<unknown>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const path = `/schools/${props.schoolId}/activities/${a.id}`;
  const credited = new Map(a.participants.map((p) => [p.enrolmentId, p.creditedHours]));

  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    setBusy(true);
    try {
      await action();
      setProblem(undefined);
      props.onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function saveAttendance() {
    const removed = a.participants.filter((p) => !picked.has(p.enrolmentId)).length;
    // Removing attendance reverses hours already credited: ask first.
    if (removed > 0 && !window.confirm(s.confirmRemove(removed))) return;
    void run(() => api.send('PUT', `${path}/attendance`, { enrolmentIds: [...picked] }));
  }

  function onFile(kind: ActivityFileKind) {
    return (event: Event) => {
      const input = event.target as HTMLInputElement;
      const file = input.files?.[0];
      input.value = '';
      if (!file) return;
      const limits = ACTIVITY_LIMITS.files[kind];
      const ext = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : '';
      const allowed: readonly string[] = limits.extensions;
      if (!allowed.includes(ext)) return setProblem(s.wrongType(ext, limits.extensions.join('/')));
      if (file.size > limits.maxBytes) return setProblem(s.tooLarge(formatSize(file.size), limits.maxBytes / MB));
      void run(() => api.upload(`${path}/files?kind=${kind}`, file));
    };
  }

  async function download(fileId: string, name: string) {
    try {
      const url = await api.objectUrl(`/api/v1${path}/files/${fileId}`);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    }
  }

  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };

  return (
    <details class="activity">
      <summary>
        <strong>
          {a.heldOn} {a.topic}
        </strong>
        <span class="muted small">
          {' '}
          · {a.groupName ?? s.wholeSchool} · {a.organiser} · {a.practiceHours} h · {s.participants}{' '}
          {a.participants.length}
        </span>
      </summary>
      <div class="stack">
        <fieldset disabled={!props.edit || busy}>
          <legend>{s.attendance}</legend>
          {props.teachers.length === 0 && <Empty>{s.noTeachers}</Empty>}
          <ul class="attendance">
            {props.teachers.map((t) => (
              <li key={t.enrolmentId}>
                <label>
                  <input type="checkbox" checked={picked.has(t.enrolmentId)} onChange={() => toggle(t.enrolmentId)} />{' '}
                  {t.name}
                  <span class="muted small">
                    {' '}
                    {t.groupName ?? ''}
                    {(credited.get(t.enrolmentId) ?? 0) > 0 ? ` · ${s.credited(credited.get(t.enrolmentId)!)}` : ''}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {props.edit && (
            <button type="button" onClick={saveAttendance}>
              {s.saveAttendance}
            </button>
          )}
        </fieldset>
        <div class="stack">
          <h4>{s.files}</h4>
          <ul class="versions">
            {a.files.map((f) => (
              <li key={f.id}>
                {s.kinds[f.kind]} · {f.originalName} · {formatSize(f.sizeBytes)}{' '}
                <button type="button" class="link" onClick={() => download(f.id, f.originalName)}>
                  {s.download}
                </button>
                {props.edit && (
                  <button
                    type="button"
                    class="link"
                    disabled={busy}
                    onClick={() =>
                      window.confirm(s.confirmRemoveFile(f.originalName)) &&
                      void run(() => api.send('DELETE', `${path}/files/${f.id}`))
                    }
                  >
                    {s.remove}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {props.edit && (
            <>
              <p class="muted small">
                {s.minutesLimits(
                  ACTIVITY_LIMITS.files.minutes.maxBytes / MB,
                  ACTIVITY_LIMITS.files.minutes.maxFiles,
                  ACTIVITY_LIMITS.files.minutes.extensions.join('/'),
                )}{' '}
                {s.photoLimits(
                  ACTIVITY_LIMITS.files.photo.maxBytes / MB,
                  ACTIVITY_LIMITS.files.photo.maxFiles,
                  ACTIVITY_LIMITS.files.photo.extensions.join('/'),
                )}
              </p>
              <label class="stack">
                {s.minutes}
                <input type="file" disabled={busy} onChange={onFile('minutes')} />
              </label>
              <label class="stack">
                {s.photo}
                <input type="file" accept="image/*" disabled={busy} onChange={onFile('photo')} />
              </label>
            </>
          )}
        </div>
        {problem && (
          <p class="notice error small" role="alert">
            {problem}
          </p>
        )}
        {error !== undefined && <ErrorMessage error={error} />}
      </div>
    </details>
  );
}
