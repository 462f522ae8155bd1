import { useEffect, useState } from 'preact/hooks';
import type { CreateExportBody, ExportJob, ExportJobList, ReportScheduleList } from '../../../../../shared/api/exports';
import { ApiError } from '../../api/client';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { ScheduleSection } from './ScheduleSection';
import { exportStrings } from './strings';

// Periods are China calendar dates (UTC+8, no daylight saving), whatever zone the browser is in.
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const thisMonth = () => today().slice(0, 7);

/**
 * County and institution officials: request a completion table, follow its progress, download every version.
 * Shown only to those the server lets export (anyone else gets a 403 and sees nothing here).
 */
export function ExportsPanel() {
  const { api, lang } = useApp();
  const s = exportStrings(lang);
  const list = useResource(() => api.get<ExportJobList>('/exports'), [api]);
  const schedules = useResource(() => api.get<ReportScheduleList>('/report-schedules'), [api]);
  const [kind, setKind] = useState<'monthly' | 'weekly' | 'range'>('monthly');
  const [month, setMonth] = useState(thisMonth());
  const [weekOf, setWeekOf] = useState(today());
  const [from, setFrom] = useState(`${thisMonth()}-01`);
  const [to, setTo] = useState(today());
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [language, setLanguage] = useState<'zh' | 'en'>('zh');
  const [archiveSchool, setArchiveSchool] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  // Poll while something is being produced, so progress moves and the download link appears by itself.
  const pending = list.data?.items.some((j) => j.status === 'queued' || j.status === 'running');
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(list.reload, 1500);
    return () => clearTimeout(timer);
  }, [pending, list.data]);

  if (list.error instanceof ApiError && (list.error.status === 403 || list.error.status === 409)) return null;

  async function generate(event: Event) {
    event.preventDefault();
    const period: CreateExportBody['period'] =
      kind === 'monthly' ? { kind, month } : kind === 'weekly' ? { kind, weekOf } : { kind, from, to };
    setBusy(true);
    setError(undefined);
    try {
      await api.send<ExportJob>('POST', '/exports', { kind: 'progress_report', format, language, period });
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function archive(event: Event) {
    event.preventDefault();
    if (!archiveSchool) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.send<ExportJob>('POST', '/exports', { kind: 'e_archive', schoolId: archiveSchool, language });
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function download(job: ExportJob) {
    if (!job.downloadUrl) return;
    try {
      const url = await api.objectUrl(job.downloadUrl);
      const a = document.createElement('a');
      a.href = url;
      a.download = job.fileName ?? 'export';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="exports-heading" class="card">
      <h2 id="exports-heading">{s.heading}</h2>
      <p class="muted small">{s.intro}</p>
      <form class="stack" onSubmit={generate}>
        <fieldset class="row">
          <legend>{s.period}</legend>
          {(['monthly', 'weekly', 'range'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="period" checked={kind === k} onChange={() => setKind(k)} /> {s[k]}
            </label>
          ))}
        </fieldset>
        {kind === 'monthly' && (
          <label>
            {s.month} <input type="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} />
          </label>
        )}
        {kind === 'weekly' && (
          <label>
            {s.weekOf} <input type="date" value={weekOf} onInput={(e) => setWeekOf(e.currentTarget.value)} />
          </label>
        )}
        {kind === 'range' && (
          <div class="row">
            <label>
              {s.from} <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
            </label>
            <label>
              {s.to} <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
            </label>
          </div>
        )}
        <div class="row">
          <label>
            {s.format}{' '}
            <select value={format} onChange={(e) => setFormat(e.currentTarget.value as 'xlsx' | 'csv')}>
              <option value="xlsx">Excel (XLSX)</option>
              <option value="csv">CSV</option>
            </select>
          </label>
          <label>
            {s.language}{' '}
            <select value={language} onChange={(e) => setLanguage(e.currentTarget.value as 'zh' | 'en')}>
              <option value="zh">{s.chinese}</option>
              <option value="en">{s.english}</option>
            </select>
          </label>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? s.generating : s.generate}
        </button>
      </form>
      <form class="stack" onSubmit={archive} aria-labelledby="archive-heading">
        <h3 id="archive-heading">{s.archiveHeading}</h3>
        <p class="muted small">{s.archiveIntro}</p>
        <label>
          {s.school}{' '}
          <select value={archiveSchool} onChange={(e) => setArchiveSchool(e.currentTarget.value)} required>
            <option value="">{s.chooseSchool}</option>
            {(list.data?.schools ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary" disabled={busy || !archiveSchool}>
          {s.makeArchive}
        </button>
      </form>
      {error !== undefined && <ErrorMessage error={error} />}
      <ScheduleSection schedules={schedules} onChange={list.reload} />
      <h3>{s.history}</h3>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.items.length === 0 && <Empty>{s.empty}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <ul class="list" aria-live="polite">
          {list.data.items.map((job) => (
            <li key={job.id} data-export={job.id}>
              <div>
                <strong>{job.fileName ?? s.kind}</strong>{' '}
                <span class={job.status === 'failed' ? 'error' : 'muted'}>{s.status[job.status]}</span>
              </div>
              <div class="muted small">
                {s.createdAt} {new Date(job.createdAt).toLocaleString(lang)}
                {job.requestedBy
                  ? ` · ${s.requestedBy} ${job.requestedBy}`
                  : ` · ${job.schedulePeriod ? s.versionOf(job.schedulePeriod) : s.scheduled}`}
                {job.dataAsOf ? ` · ${s.dataAsOf} ${new Date(job.dataAsOf).toLocaleString(lang)}` : ''}
              </div>
              {(job.status === 'queued' || job.status === 'running') && (
                <progress max={job.progress.total || 1} value={job.progress.done}>
                  {s.progress(job.progress.done, job.progress.total)}
                </progress>
              )}
              {job.status === 'running' && <div class="small">{s.progress(job.progress.done, job.progress.total)}</div>}
              {job.status === 'failed' && job.error && <div class="small error">{job.error}</div>}
              {job.status === 'done' && (
                <button type="button" class="secondary" onClick={() => void download(job)}>
                  {s.download}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
