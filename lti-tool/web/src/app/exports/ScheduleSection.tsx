import { useState } from 'preact/hooks';
import type { ReportSchedule, ReportScheduleList } from '../../../../../shared/api/exports';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import type { Resource } from '../use-resource';
import { exportStrings } from './strings';

/** What a schedule does, in words: "每月 3 日前生成上月报表" / "每周一生成上周报表". */
export function scheduleText(s: ReturnType<typeof exportStrings>, x: Pick<ReportSchedule, 'dayOfMonth' | 'weekday'>) {
  return x.dayOfMonth !== null ? s.monthlyBy(x.dayOfMonth) : s.weeklyOn(x.weekday ?? 1);
}

/**
 * The county's standing orders: "monthly, ready by the 3rd" or "weekly on Monday". Each shows its next deadline and
 * whether that report is there; stopping asks first (the versions already made stay in the list below).
 */
export function ScheduleSection(props: { schedules: Resource<ReportScheduleList>; onChange: () => void }) {
  const { api, lang } = useApp();
  const s = exportStrings(lang);
  const [frequency, setFrequency] = useState<'monthly' | 'weekly'>('monthly');
  const [dayOfMonth, setDay] = useState(3);
  const [weekday, setWeekday] = useState(1);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const list = props.schedules;

  async function act(work: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      setConfirming(null);
      list.reload();
      props.onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const add = (event: Event) => {
    event.preventDefault();
    const body = frequency === 'monthly' ? { frequency, dayOfMonth } : { frequency, weekday };
    void act(() => api.send('POST', '/report-schedules', body));
  };

  return (
    <section aria-labelledby="schedules-heading" class="stack">
      <h3 id="schedules-heading">{s.schedules}</h3>
      <p class="muted small">{s.schedulesIntro}</p>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.items.length === 0 && <Empty>{s.noSchedules}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <ul class="list">
          {list.data.items.map((x) => (
            <li key={x.id} data-schedule={x.id}>
              <div>
                <strong>{scheduleText(s, x)}</strong>
              </div>
              <div class="muted small">
                {s.nextDue(x.next.periodLabel, x.next.dueOn)} · {x.next.job ? s.ready : s.notYet}
              </div>
              {confirming === x.id ? (
                <div role="alertdialog" aria-label={s.confirmStop}>
                  <p class="error small">{s.confirmStop}</p>
                  <div class="row">
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void act(() => api.send('DELETE', `/report-schedules/${x.id}`))}
                    >
                      {s.confirm}
                    </button>
                    <button type="button" class="secondary" onClick={() => setConfirming(null)}>
                      {s.cancel}
                    </button>
                  </div>
                </div>
              ) : (
                <button type="button" class="secondary" onClick={() => setConfirming(x.id)}>
                  {s.stop}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form class="stack" onSubmit={add}>
        <fieldset class="row">
          <legend>{s.schedules}</legend>
          {(['monthly', 'weekly'] as const).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="schedule-frequency"
                checked={frequency === k}
                onChange={() => setFrequency(k)}
              />{' '}
              {s[k]}
            </label>
          ))}
        </fieldset>
        {frequency === 'monthly' ? (
          <label>
            {s.dayOfMonth}{' '}
            <select value={dayOfMonth} onChange={(e) => setDay(Number(e.currentTarget.value))}>
              {Array.from({ length: 28 }, (_, i) => i + 1).map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            {s.weekday}{' '}
            <select value={weekday} onChange={(e) => setWeekday(Number(e.currentTarget.value))}>
              {s.weekdays.map((name, i) => (
                <option key={name} value={i + 1}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" class="secondary" disabled={busy}>
          {s.addSchedule}
        </button>
      </form>
      {error !== undefined && <ErrorMessage error={error} />}
    </section>
  );
}
