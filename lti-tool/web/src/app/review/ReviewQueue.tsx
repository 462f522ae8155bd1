import { useState } from 'preact/hooks';
import type { FiltersResponse, QueueResponse } from '../../api/types';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import type { View } from '../navigation';
import { useResource } from '../use-resource';

const STATES = ['submitted', 'returned', 'school_graded', 'county_confirmed', 'county_overridden'] as const;
const STATE_WORDS: Record<(typeof STATES)[number], { zh: string; en: string }> = {
  submitted: { zh: '待审核', en: 'To review' },
  returned: { zh: '已退回', en: 'Returned' },
  school_graded: { zh: '学校已评定', en: 'Graded by school' },
  county_confirmed: { zh: '区县已确认', en: 'County confirmed' },
  county_overridden: { zh: '区县已改评', en: 'County re-graded' },
};

/** The assessor's queue, oldest first, filtered by state and ability; batch 合格 for the common case. */
export function ReviewQueue({ navigate }: { navigate: (view: View) => void }) {
  const { api, pick, lang } = useApp();
  const en = lang === 'en';
  const [state, setState] = useState<(typeof STATES)[number]>('submitted');
  const [ability, setAbility] = useState('');
  const [school, setSchool] = useState('');
  const [group, setGroup] = useState('');
  const filters = useResource(() => api.get<FiltersResponse>('/review/filters'), [api]);
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>();
  const query = new URLSearchParams({
    state,
    page: String(page),
    ...(ability ? { ability } : {}),
    ...(school ? { school } : {}),
    ...(group ? { group } : {}),
  });
  const queue = useResource(() => api.get<QueueResponse>(`/review/queue?${query}`), [api, query.toString()]);

  async function batchPass() {
    const rows = queue.data?.items.filter((i) => picked.has(i.id)) ?? [];
    if (rows.length === 0) return;
    const message = en
      ? `Grade every item of ${rows.length} submission(s) Pass?`
      : `将所选 ${rows.length} 份成果的全部材料评为“合格”？`;
    if (!window.confirm(message)) return;
    setError(undefined);
    try {
      await api.send('POST', '/review/batch', { submissions: rows.map((r) => ({ id: r.id, version: r.version })) });
      setPicked(new Set());
      queue.reload();
    } catch (err) {
      setError(err);
    }
  }

  const data = queue.data;
  // County staff review after the school: submitted work waits for the school's grade, not theirs.
  const schoolStep = state === 'submitted' && data?.level !== 'county';
  return (
    <section aria-labelledby="queue-heading">
      <h1 id="queue-heading">{en ? 'Review queue' : '成果审核'}</h1>
      <div class="row">
        <label>
          {en ? 'State' : '状态'}{' '}
          <select
            value={state}
            onChange={(e) => (setState((e.target as HTMLSelectElement).value as typeof state), setPage(1))}
          >
            {STATES.map((s) => (
              <option key={s} value={s}>
                {pick(STATE_WORDS[s])}
              </option>
            ))}
          </select>
        </label>
        {filters.data && filters.data.schools.length > 1 && (
          <label>
            {en ? 'School' : '学校'}{' '}
            <select
              value={school}
              onChange={(e) => (setSchool((e.target as HTMLSelectElement).value), setGroup(''), setPage(1))}
            >
              <option value="">{en ? 'All' : '全部'}</option>
              {filters.data.schools.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {filters.data && filters.data.groups.length > 0 && (
          <label>
            {en ? 'Group' : '教研组'}{' '}
            <select value={group} onChange={(e) => (setGroup((e.target as HTMLSelectElement).value), setPage(1))}>
              <option value="">{en ? 'All' : '全部'}</option>
              {filters.data.groups
                .filter((g) => !school || g.schoolId === school)
                .map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                    {school ? '' : ` · ${filters.data?.schools.find((s) => s.id === g.schoolId)?.name ?? ''}`}
                  </option>
                ))}
            </select>
          </label>
        )}
        <label>
          {en ? 'Ability' : '能力点'}{' '}
          <input
            size={5}
            value={ability}
            placeholder="A1"
            onChange={(e) => (setAbility((e.target as HTMLInputElement).value.trim().toUpperCase()), setPage(1))}
          />
        </label>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}
      {queue.loading && !data && <Loading />}
      {queue.error !== undefined && <ErrorMessage error={queue.error} onRetry={queue.reload} />}
      {data && data.items.length === 0 && <Empty>{en ? 'Nothing here.' : '暂无成果。'}</Empty>}
      {data && data.items.length > 0 && (
        <>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">{en ? 'Select' : '选择'}</span>
                </th>
                <th scope="col">{en ? 'Teacher' : '教师'}</th>
                <th scope="col">{en ? 'Ability' : '能力点'}</th>
                <th scope="col">{en ? 'School' : '学校'}</th>
                <th scope="col">{en ? 'Submitted' : '提交时间'}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((row) => (
                <tr key={row.id}>
                  <td>
                    {schoolStep && (
                      <input
                        type="checkbox"
                        aria-label={`${en ? 'Select' : '选择'} ${row.teacher.name} ${row.abilityCode}`}
                        checked={picked.has(row.id)}
                        onChange={() => {
                          const next = new Set(picked);
                          if (next.has(row.id)) next.delete(row.id);
                          else next.add(row.id);
                          setPicked(next);
                        }}
                      />
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="link"
                      onClick={() => navigate({ tab: 'review', screen: 'submission', submissionId: row.id })}
                    >
                      {row.teacher.name}
                    </button>
                  </td>
                  <td>{row.abilityCode}</td>
                  <td>
                    {row.school.name}
                    {row.groupName ? <div class="muted small">{row.groupName}</div> : null}
                  </td>
                  <td class="small">{row.submittedAt ? new Date(row.submittedAt).toLocaleString(lang) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {schoolStep && picked.size === 0 && (
            <p id="batch-why" class="muted small">
              {en ? 'Tick submissions to pass them together.' : '勾选成果后可批量评为合格。'}
            </p>
          )}
          {state === 'submitted' && data.level === 'county' && (
            <p class="muted small">
              {en
                ? "These wait for the school's grade; review them under “School graded” once graded."
                : '这些成果等待学校评定；学校评定后，可在“学校已评定”中进行区县复核。'}
            </p>
          )}
          <div class="row spread">
            <span class="muted small">{en ? `${data.total} in all` : `共 ${data.total} 份`}</span>
            <span class="row">
              <button type="button" class="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {en ? 'Previous' : '上一页'}
              </button>
              <button
                type="button"
                class="secondary"
                disabled={page * data.pageSize >= data.total}
                onClick={() => setPage(page + 1)}
              >
                {en ? 'Next' : '下一页'}
              </button>
              {schoolStep && (
                <button
                  type="button"
                  disabled={picked.size === 0}
                  aria-describedby={picked.size === 0 ? 'batch-why' : undefined}
                  onClick={() => void batchPass()}
                >
                  {en ? 'Pass selected' : '所选全部合格'}
                </button>
              )}
            </span>
          </div>
        </>
      )}
    </section>
  );
}
