import { useState } from 'preact/hooks';
import type { CourseMappingList, CourseMappingSummary } from '../../../../../shared/api/course-mappings';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { CourseMappingForm } from './CourseMappingForm';

/**
 * The course catalogue: which programme each platform course serves and which micro-abilities it teaches, with
 * hours per ability. File imports, xAPI and the API credit through it (an unmapped course waits with
 * "请先添加课程映射"). Deleting asks first.
 */
export function AdminCourseCatalogue() {
  const { api, t } = useApp();
  const s = t.courseCatalogue;
  const list = useResource(() => api.get<CourseMappingList>('/admin/course-mappings'), [api]);
  const [editing, setEditing] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function remove(course: CourseMappingSummary) {
    setError(undefined);
    try {
      await api.send('DELETE', `/admin/course-mappings/${course.id}`);
      setConfirming(undefined);
      setMessage(s.deleted);
      list.reload();
    } catch (err) {
      setError(err);
    }
  }
  const saved = () => {
    setEditing(undefined);
    setMessage(s.saved);
    list.reload();
  };

  const data = list.data;
  const names = new Map(data?.programmes.map((p) => [p.id, p.name]));
  return (
    <section aria-labelledby="course-catalogue-heading" class="stack">
      <h2 id="course-catalogue-heading">{s.heading}</h2>
      <p class="muted small">{s.help}</p>
      {list.loading && !data && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {message && (
        <p class="ok small" role="status">
          {message}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {data && data.courses.length === 0 && <Empty>{s.empty}</Empty>}
      {data && data.courses.length > 0 && (
        <ul class="stack" aria-label={s.heading}>
          {data.courses.map((c) =>
            editing === c.id ? (
              <li key={c.id}>
                <CourseMappingForm data={data} editing={c} onSaved={saved} onCancel={() => setEditing(undefined)} />
              </li>
            ) : (
              <li key={c.id} class="card">
                <strong class="break">{c.title}</strong>
                {c.title !== c.courseRef && <div class="muted small break">{c.courseRef}</div>}
                <div class="small">
                  {c.programmeInstanceId ? (names.get(c.programmeInstanceId) ?? '') : s.allProgrammes} ·{' '}
                  {c.abilities.map((a) => `${a.abilityCode} ${a.hours}`).join('，')} ·{' '}
                  {s.total.replace('{hours}', String(c.hours))}
                </div>
                {confirming === c.id ? (
                  <div class="notice" role="alertdialog" aria-label={s.delete}>
                    <p>{s.confirmDelete.replace('{course}', c.courseRef)}</p>
                    <p class="row">
                      <button type="button" class="danger" onClick={() => void remove(c)}>
                        {s.delete}
                      </button>
                      <button type="button" class="secondary" autoFocus onClick={() => setConfirming(undefined)}>
                        {s.cancel}
                      </button>
                    </p>
                  </div>
                ) : (
                  <p class="row">
                    <button type="button" class="secondary" onClick={() => setEditing(c.id)}>
                      {s.edit}
                    </button>
                    <button type="button" class="secondary" onClick={() => setConfirming(c.id)}>
                      {s.delete}
                    </button>
                  </p>
                )}
              </li>
            ),
          )}
        </ul>
      )}
      {data && !editing && <CourseMappingForm data={data} onSaved={saved} />}
    </section>
  );
}
