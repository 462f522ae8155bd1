import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import type { TeacherLedger } from '../../../../../shared/api/completions';

const FEEDS: Record<string, { zh: string; en: string }> = {
  file: { zh: '报表导入', en: 'report import' },
  xapi: { zh: 'xAPI', en: 'xAPI' },
  api: { zh: '平台接口', en: 'platform API' },
  lti: { zh: '课程活动', en: 'course activity' },
  manual: { zh: '手工录入', en: 'entered by hand' },
};

/** Where every credited hour came from: the course, the feed, who recorded it, and corrections as their own lines. */
export function HoursLedger({ enrolmentId }: { enrolmentId: string }) {
  const { api, lang, pick } = useApp();
  const en = lang === 'en';
  const ledger = useResource(() => api.get<TeacherLedger>(`/completions/ledger/${enrolmentId}`), [api, enrolmentId]);
  return (
    <details class="card">
      <summary>{en ? 'Where my hours come from' : '学时明细（来源可查）'}</summary>
      {ledger.loading && !ledger.data && <Loading />}
      {ledger.error !== undefined && <ErrorMessage error={ledger.error} onRetry={ledger.reload} />}
      {ledger.data && ledger.data.lines.length === 0 && (
        <p class="empty">{en ? 'No hours recorded yet.' : '暂无学时记录。'}</p>
      )}
      {ledger.data && ledger.data.lines.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{en ? 'Hours' : '学时'}</th>
              <th scope="col">{en ? 'From' : '来源'}</th>
              <th scope="col">{en ? 'School year' : '学年'}</th>
              <th scope="col">{en ? 'Recorded by' : '记录人'}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.data.lines.map((line) => (
              <tr key={line.entryId}>
                <td class={line.hours < 0 ? 'warn' : undefined}>
                  {line.hours > 0 ? '+' : ''}
                  {line.hours} ·{' '}
                  {line.category === 'online' ? (en ? 'online' : '网络研修') : en ? 'practice' : '校本实践'}
                </td>
                <td>
                  {line.source.kind === 'course_completion'
                    ? `${line.source.courseTitle}（${pick(FEEDS[line.source.feed.kind] ?? FEEDS.manual)}）`
                    : line.source.kind === 'submission'
                      ? en
                        ? 'school-based practice'
                        : '校本实践成果'
                      : line.source.kind === 'activity'
                        ? en
                          ? 'school-based activity attended'
                          : '校本研修活动出勤'
                        : pick(FEEDS.manual)}
                  {line.reason && <div class="muted small">{line.reason}</div>}
                </td>
                <td>{line.schoolYear}</td>
                <td class="small">
                  {'system' in line.recordedBy ? line.recordedBy.system : (line.recordedBy.displayName ?? '—')}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{en ? 'Total' : '合计'}</th>
              <td colSpan={3}>
                {ledger.data.totals.total}（{en ? 'online' : '网络研修'} {ledger.data.totals.online} ·{' '}
                {en ? 'practice' : '校本实践'} {ledger.data.totals.practice}）
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </details>
  );
}
