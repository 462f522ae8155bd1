import { useState } from 'preact/hooks';
import type { ContextsResponse, RosterSyncResponse } from '../../api/types';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';

/**
 * Which programme and which school or county each course of the institution serves. Teachers of a county course
 * pick their school once; an unlinked course tells them to ask an administrator.
 */
export function AdminCourses() {
  const { api, lang } = useApp();
  const en = lang === 'en';
  const data = useResource(() => api.get<ContextsResponse>('/admin/contexts'), [api]);
  if (data.loading && !data.data) return <Loading />;
  if (data.error !== undefined) return <ErrorMessage error={data.error} onRetry={data.reload} />;
  if (!data.data) return null;
  const { contexts } = data.data;
  return (
    <section aria-labelledby="courses-heading" class="stack">
      <h1 id="courses-heading">{en ? 'Courses and programmes' : '课程与研修项目'}</h1>
      {contexts.length === 0 && <Empty>{en ? 'No course has launched the tool yet.' : '尚无课程使用本工具。'}</Empty>}
      {contexts.map((c) => (
        <CourseRow key={c.id} course={c} options={data.data as ContextsResponse} onSaved={data.reload} />
      ))}
    </section>
  );
}

function CourseRow(props: {
  course: ContextsResponse['contexts'][number];
  options: ContextsResponse;
  onSaved: () => void;
}) {
  const { api, lang } = useApp();
  const en = lang === 'en';
  const { course, options } = props;
  const [instance, setInstance] = useState(course.programmeInstanceId ?? '');
  const [organisation, setOrganisation] = useState(course.organisationId ?? '');
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const id = `course-${course.id}`;

  async function run(action: () => Promise<string>) {
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await action());
    } catch (err) {
      setError(err);
    }
  }
  const save = () =>
    run(async () => {
      await api.send('PUT', `/admin/contexts/${course.id}`, {
        programmeInstanceId: instance,
        organisationId: organisation,
      });
      props.onSaved();
      return en ? 'Saved.' : '已保存。';
    });
  const sync = () =>
    run(async () => {
      const r = await api.send<RosterSyncResponse>('POST', `/admin/contexts/${course.id}/roster-sync`);
      return en
        ? `Roster: ${r.fetched} members, ${r.created} new, ${r.teachers} teachers.`
        : `已同步成员 ${r.fetched} 人（新增 ${r.created} 人，参训教师 ${r.teachers} 人）。`;
    });

  return (
    <fieldset class="card">
      <legend>
        {course.title ?? course.label ?? course.id}
        {course.programmeInstanceId ? '' : en ? ' (not linked)' : '（未关联）'}
      </legend>
      <label for={`${id}-programme`}>{en ? 'Programme' : '研修项目'}</label>
      <select
        id={`${id}-programme`}
        value={instance}
        onChange={(e) => setInstance((e.target as HTMLSelectElement).value)}
      >
        <option value="">{en ? 'Choose…' : '请选择…'}</option>
        {options.programmeInstances.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <label for={`${id}-org`}>{en ? 'School or county' : '学校或区县'}</label>
      <select
        id={`${id}-org`}
        value={organisation}
        onChange={(e) => setOrganisation((e.target as HTMLSelectElement).value)}
      >
        <option value="">{en ? 'Choose…' : '请选择…'}</option>
        {options.organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.kind === 'county' ? (en ? 'County: ' : '区县：') : ''}
            {o.name}
          </option>
        ))}
      </select>
      <p class="row">
        <button type="button" disabled={!instance || !organisation} onClick={() => void save()}>
          {en ? 'Save link' : '保存关联'}
        </button>
        <button type="button" class="secondary" onClick={() => void sync()}>
          {en ? 'Sync roster from the platform' : '从学习平台同步成员'}
        </button>
      </p>
      {message && (
        <p class="ok small" role="status">
          {message}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </fieldset>
  );
}
