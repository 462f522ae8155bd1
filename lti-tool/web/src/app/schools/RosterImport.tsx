import { useState } from 'preact/hooks';
import {
  TEACHER_ROSTER_LIMITS,
  type LmsRosterReply,
  type TeacherRosterReply,
} from '../../../../../shared/api/school-roster';
import { ErrorMessage } from '../../components/status';
import { useApp } from '../context';
import { formatSize } from '../teacher/SlotEditor';
import type { ProfileStrings } from './profile-strings';

/**
 * The school team imports its teachers from a CSV or XLSX file: template, preview with a row-by-row report, import.
 * The same file imported again changes nothing, so a retry is always safe.
 */
export function RosterImport(props: { schoolId: string; s: ProfileStrings; onImported: () => void }) {
  const { api, lang } = useApp();
  const { s } = props;
  const [file, setFile] = useState<File>();
  const { report, setReport, error, setError, busy, runRoster } = useRosterRun<TeacherRosterReply>(props.onImported);
  const [problem, setProblem] = useState<string>();
  const base = `/schools/${props.schoolId}/teachers`;

  function choose(event: Event) {
    const picked = (event.target as HTMLInputElement).files?.[0];
    setReport(undefined);
    setError(undefined);
    setProblem(undefined);
    if (picked && picked.size > TEACHER_ROSTER_LIMITS.maxBytes) {
      setFile(undefined);
      return setProblem(s.rosterTooLarge(formatSize(picked.size)));
    }
    setFile(picked);
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    await runRoster(() => api.upload<TeacherRosterReply>(`${base}/imports?dryRun=${dryRun}`, file));
  }

  async function template(format: 'xlsx' | 'csv') {
    try {
      const url = await api.objectUrl(`/api/v1${base}/template?format=${format}&lang=${lang === 'en' ? 'en' : 'zh'}`);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${lang === 'en' ? 'teacher-roster-template' : '教师名单导入模板'}.${format}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <details>
      <summary>{s.rosterHeading}</summary>
      <div class="stack">
        <p class="muted small">{s.rosterHint(TEACHER_ROSTER_LIMITS.maxRows)}</p>
        <div class="row">
          <button type="button" class="secondary" onClick={() => void template('xlsx')}>
            {s.templateXlsx}
          </button>
          <button type="button" class="secondary" onClick={() => void template('csv')}>
            {s.templateCsv}
          </button>
        </div>
        <label class="stack">
          {s.rosterFile}
          <input type="file" accept=".csv,.xlsx,text/csv" disabled={busy} onChange={choose} />
        </label>
        <div class="row">
          <button type="button" disabled={!file || busy} onClick={() => void run(true)}>
            {s.preview}
          </button>
          <button type="button" disabled={!file || busy || !report?.dryRun} onClick={() => void run(false)}>
            {s.importNow}
          </button>
        </div>
        {problem && (
          <p class="notice error small" role="alert">
            {problem}
          </p>
        )}
        {error !== undefined && <ErrorMessage error={error} />}
        {report && <RosterReport report={report} s={s} />}
        <LmsSync schoolId={props.schoolId} s={s} onImported={props.onImported} />
      </div>
    </details>
  );
}

type Report = Pick<TeacherRosterReply, 'dryRun' | 'warnings' | 'summary' | 'rows'>;

/** The row-by-row report of a preview or an import, from a file or from the LMS. */
function RosterReport({ report, s }: { report: Report; s: ProfileStrings }) {
  const { pick } = useApp();
  return (
    <div class="stack" role="status">
      <p>{s.rosterSummary(report.summary, report.dryRun)}</p>
      {report.summary.groupsCreated.length > 0 && (
        <p class="small">{s.groupsCreated(report.summary.groupsCreated.join('、'))}</p>
      )}
      {report.warnings.map((w, i) => (
        <p key={i} class="muted small">
          {pick(w)}
        </p>
      ))}
      <table class="table stacked">
        <thead>
          <tr>
            <th scope="col">{s.row}</th>
            <th scope="col">{s.teacher}</th>
            <th scope="col">{s.outcome}</th>
            <th scope="col">{s.why}</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={r.row}>
              <th scope="row">{r.row}</th>
              <td data-label={s.teacher}>
                {r.name || '—'}
                <span class="muted small"> {r.email || r.staffNumber}</span>
              </td>
              <td data-label={s.outcome}>{s.outcomes[r.outcome]}</td>
              <td data-label={s.why}>{r.reasons.map((x) => pick(x)).join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The same from the LMS course the team opened the tool from (NRPS): its active learners, previewed, then synced.
 * A second sync changes nothing, so a retry is safe.
 */
function LmsSync(props: { schoolId: string; s: ProfileStrings; onImported: () => void }) {
  const { api } = useApp();
  const { s } = props;
  const { report, error, busy, runRoster } = useRosterRun<LmsRosterReply>(props.onImported);

  const run = (dryRun: boolean) =>
    runRoster(() => api.send<LmsRosterReply>('POST', `/schools/${props.schoolId}/teachers/lms-sync`, { dryRun }));

  return (
    <section class="stack" aria-label={s.lmsHeading}>
      <h4>{s.lmsHeading}</h4>
      <p class="muted small">{s.lmsHint}</p>
      <div class="row">
        <button type="button" disabled={busy} onClick={() => void run(true)}>
          {s.lmsPreview}
        </button>
        <button type="button" disabled={busy || !report?.dryRun} onClick={() => void run(false)}>
          {s.lmsSyncNow}
        </button>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}
      {report && (
        <>
          <p class="small">{s.lmsCourse(report.course.title ?? '—', report.course.learners)}</p>
          <RosterReport report={report} s={s} />
        </>
      )}
    </section>
  );
}

/**
 * A preview or an import of the roster (from a file or the LMS): busy while it runs, its report or its error after;
 * the school's screens reload when an import changed someone.
 */
function useRosterRun<R extends Report>(onImported: () => void) {
  const [report, setReport] = useState<R>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function runRoster(send: () => Promise<R>) {
    setError(undefined);
    setBusy(true);
    try {
      const reply = await send();
      setReport(reply);
      if (!reply.dryRun && reply.summary.created + reply.summary.updated > 0) onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return { report, setReport, error, setError, busy, runRoster };
}
