import { useState } from 'preact/hooks';
import type { ImportReportReply, IMPORT_ITEM_STATUSES, SourcesReply } from '../../../../../shared/api/completions';
import type { ImportJobReply } from '../../../../../shared/api/import-jobs';
import { ApiError } from '../../api/client';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { ImportJobProgress } from './ImportJobProgress';

type ImportReport = ImportReportReply;

const STATUS: Record<(typeof IMPORT_ITEM_STATUSES)[number], { zh: string; en: string }> = {
  created: { zh: '已导入', en: 'imported' },
  would_create: { zh: '将导入', en: 'will import' },
  unchanged: { zh: '已存在（不重复计入）', en: 'already there (not counted twice)' },
  duplicate: { zh: '重复', en: 'duplicate' },
  rejected: { zh: '有问题', en: 'problem' },
  not_credited: { zh: '按项目规则不计入', en: 'not credited by the programme rule' },
  skipped: { zh: '跳过', en: 'skipped' },
};

/**
 * Online course completions from a report export (Moodle's completion or grade exports as they are, CSV or XLSX):
 * a preview with a row-by-row report first, then the import. Re-importing never doubles hours.
 */
export function AdminImport(props: { pollMs?: number } = {}) {
  const { api, lang, pick } = useApp();
  const en = lang === 'en';
  const sources = useResource(() => api.get<SourcesReply>('/completions/sources'), [api]);
  const [sourceId, setSourceId] = useState('');
  const [file, setFile] = useState<File>();
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A large file answers 202 with a job: followed until it ends, then its report is shown as a direct reply's.
  const [job, setJob] = useState<ImportJobReply>();
  const [jobFailure, setJobFailure] = useState<string>();
  // "Credit after review" programmes: the admin approves the preview's below-pass rows for this import only.
  const [approveBelowPass, setApproveBelowPass] = useState(false);
  // Counted over every row (the listed items are only the first of each kind).
  const awaitingReview = report?.summary.by_reason?.below_pass_awaiting_review ?? 0;
  const fileSources = sources.data?.sources.filter((s) => s.kind === 'file') ?? [];
  const chosen = sourceId || fileSources[0]?.id || '';

  async function run(dryRun: boolean) {
    if (!file || !chosen) return;
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    setJobFailure(undefined);
    let queued = false;
    try {
      // The server reads the format from the bytes; the browser's guess at a MIME type is not needed.
      const body = new File([file], file.name, { type: 'application/octet-stream' });
      const query = new URLSearchParams({ dryRun: String(dryRun), fileName: file.name });
      if (approveBelowPass) query.set('mapping', JSON.stringify({ approveBelowPass: true }));
      const reply = await api.upload<ImportReport | ImportJobReply>(
        `/completions/sources/${chosen}/imports?${query}`,
        body,
      );
      if ('statusUrl' in reply) {
        queued = true;
        setJob(reply);
      } else setReport(reply);
    } catch (err) {
      // A file the server could not read (a renamed .exe, a broken sheet) comes back as a 422 row report: show its
      // reasons, not a bare error code.
      const details = err instanceof ApiError ? (err.details as Partial<ImportReport> | undefined) : undefined;
      if (Array.isArray(details?.fileIssues)) setReport(details as ImportReport);
      else setError(err);
    } finally {
      if (!queued) setBusy(false);
    }
  }

  function jobEnded(ended: ImportJobReply) {
    setJob(undefined);
    setBusy(false);
    if (ended.report) setReport(ended.report);
    if (ended.status === 'failed') setJobFailure(pick(ended.error));
  }

  function jobUnreachable(err: unknown) {
    setJob(undefined);
    setBusy(false);
    setError(err);
  }

  async function createSource() {
    setError(undefined);
    try {
      await api.send('POST', '/completions/sources', { name: en ? 'Report imports' : '报表导入', kind: 'file' });
      sources.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="import-heading" class="card">
      <h1 id="import-heading">{en ? 'Import online course completions' : '导入网络研修完成记录'}</h1>
      {sources.loading && !sources.data && <Loading />}
      {sources.error !== undefined && <ErrorMessage error={sources.error} onRetry={sources.reload} />}
      {sources.data && fileSources.length === 0 && (
        <p>
          {en ? 'No file source yet.' : '尚未创建文件导入来源。'}{' '}
          <button type="button" class="secondary" onClick={() => void createSource()}>
            {en ? 'Create one' : '创建'}
          </button>
        </p>
      )}
      {fileSources.length > 1 && (
        <label>
          {en ? 'Source' : '来源'}{' '}
          <select value={chosen} onChange={(e) => setSourceId((e.target as HTMLSelectElement).value)}>
            {fileSources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {fileSources.length > 0 && (
        <>
          <label for="import-file">{en ? 'Export file (CSV, XLSX or ODS)' : '报表文件（CSV、XLSX 或 ODS）'}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.xlsx,.ods"
            onChange={(e) => (
              setFile((e.target as HTMLInputElement).files?.[0]),
              setReport(undefined),
              setApproveBelowPass(false)
            )}
          />
          {(awaitingReview > 0 || approveBelowPass) && (
            <label class="row">
              <input
                type="checkbox"
                checked={approveBelowPass}
                onChange={(e) => (setApproveBelowPass((e.target as HTMLInputElement).checked), setReport(undefined))}
              />{' '}
              {en
                ? `Approve the reviewed below-pass completions${awaitingReview ? ` (${awaitingReview} in the preview)` : ''}: credit them in this import; preview again to check`
                : `审核通过未及格完成${awaitingReview ? `（预览中 ${awaitingReview} 条）` : ''}：已审核，本次导入计入学时；请再次预览核对`}
            </label>
          )}
          <p class="row">
            <button
              type="button"
              class="secondary"
              disabled={!file || busy}
              aria-describedby="import-why"
              onClick={() => void run(true)}
            >
              {en ? 'Preview' : '预览'}
            </button>
            <button
              type="button"
              disabled={!file || busy || !report?.dryRun || report.summary.would_create === 0}
              aria-describedby="import-why"
              onClick={() => void run(false)}
            >
              {en ? 'Import' : '确认导入'}
            </button>
          </p>
          <p id="import-why" class="muted small">
            {!file
              ? en
                ? 'Choose the export file first; Preview checks it row by row before anything is imported.'
                : '请先选择报表文件；“预览”会逐行检查，确认无误后再导入。'
              : !report?.dryRun
                ? en
                  ? 'Preview the file first; Import becomes available after the preview.'
                  : '请先预览；预览后即可确认导入。'
                : report.summary.would_create === 0
                  ? en
                    ? 'Nothing new to import in this file.'
                    : '该文件没有可新计入的记录。'
                  : ''}
          </p>
        </>
      )}
      {job && (
        <ImportJobProgress key={job.id} job={job} onEnd={jobEnded} onError={jobUnreachable} pollMs={props.pollMs} />
      )}
      {jobFailure && (
        <p class="notice error" role="alert">
          {jobFailure}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {report && (
        <div class="stack">
          <p role="status">
            {report.dryRun ? (en ? 'Preview' : '预览') : en ? 'Imported' : '导入完成'} · {report.file.name} ·{' '}
            {en
              ? `${report.summary.rows} rows: ${report.dryRun ? report.summary.would_create : report.summary.created} to credit (${report.summary.hours} h), ${report.summary.unchanged} already there, ${report.summary.rejected} with problems, ${report.summary.skipped} skipped`
              : `共 ${report.summary.rows} 行：${report.dryRun ? '将计入' : '已计入'} ${report.dryRun ? report.summary.would_create : report.summary.created} 条（${report.summary.hours} 学时），已存在 ${report.summary.unchanged} 条，有问题 ${report.summary.rejected} 条，跳过 ${report.summary.skipped} 条`}
          </p>
          {report.fileIssues.map((i) => (
            <p key={i} class="notice error" role="alert">
              {i}
            </p>
          ))}
          {report.itemsOmitted > 0 && (
            <p class="notice small">
              {en
                ? `Listed: the first ${report.itemsPerKind} rows of each kind of result; ${report.itemsOmitted} more rows are counted above, not listed.`
                : `下表列出每类结果的前 ${report.itemsPerKind} 行；另有 ${report.itemsOmitted} 行已计入上面的统计，未逐行列出。`}
            </p>
          )}
          {report.items.length === 0 ? (
            <Empty>{en ? 'No rows.' : '没有数据行。'}</Empty>
          ) : (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{en ? 'Row' : '行'}</th>
                  <th scope="col">{en ? 'Teacher' : '教师'}</th>
                  <th scope="col">{en ? 'Course' : '课程'}</th>
                  <th scope="col">{en ? 'Result' : '结果'}</th>
                </tr>
              </thead>
              <tbody>
                {report.items.map((item) => (
                  <tr key={item.row}>
                    <td>{item.row}</td>
                    <td>{item.teacher}</td>
                    <td>{item.course}</td>
                    <td class={item.issues.length ? 'warn' : undefined}>
                      {pick(STATUS[item.status] ?? { zh: item.status, en: item.status })}
                      {item.hours !== undefined ? ` · ${item.hours}` : ''}
                      {item.issues.map((i) => (
                        <div key={i.code} class="small">
                          {pick(i)}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
