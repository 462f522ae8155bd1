import type { ReportScheduleList } from '../../../../../shared/api/exports';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { exportStrings } from './strings';

/** The county overview's line about the next scheduled report; nothing when there is no schedule or no right. */
export function ReportDeadline() {
  const { api, lang } = useApp();
  const s = exportStrings(lang);
  const list = useResource(() => api.get<ReportScheduleList>('/report-schedules'), [api]);
  const next = list.data?.nextDeadline;
  if (!next) return null;
  return (
    <p class="small" data-report-deadline={next.dueOn}>
      {s.deadlineBanner(next.periodLabel, next.dueOn)} · {next.job ? s.ready : s.notYet}
    </p>
  );
}
