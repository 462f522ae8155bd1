import { useEffect, useState } from 'preact/hooks';
import type { ImportJobReply } from '../../../../../shared/api/import-jobs';
import { ApiError } from '../../api/client';
import { useApp } from '../context';

/** How often a running import job is asked for its progress. */
export const IMPORT_JOB_POLL_MS = 1500;

const ended = (job: ImportJobReply) => job.status === 'succeeded' || job.status === 'failed';

/**
 * A poll that may succeed if tried again: no answer, a proxy's timeout or 5xx, the rate limit. On the embedded
 * database a poll waits until the import's transaction ends, so a proxy may time it out while the job goes on.
 */
const transient = (err: unknown) => !(err instanceof ApiError) || err.status >= 500 || err.status === 429;

/**
 * A large file's import (or preview) runs on the server as a job: this follows it, polling its status and showing
 * rows done of rows, until it ends; then `onEnd` gets the final job (its report, or why it failed). A failed poll
 * goes to `onError` (the job itself goes on on the server).
 */
export function ImportJobProgress(props: {
  job: ImportJobReply;
  onEnd: (job: ImportJobReply) => void;
  onError: (err: unknown) => void;
  pollMs?: number;
}) {
  const { api, lang } = useApp();
  const en = lang === 'en';
  const [job, setJob] = useState(props.job);
  // Failed polls in a row (transient ones only: the next poll is later each time).
  const [misses, setMisses] = useState(0);

  useEffect(() => {
    if (ended(job)) {
      props.onEnd(job);
      return;
    }
    let live = true;
    const timer = setTimeout(
      () => {
        api.get<ImportJobReply>(`/completions/import-jobs/${job.id}`).then(
          (next) => {
            if (!live) return;
            setMisses(0);
            setJob(next);
          },
          (err: unknown) => {
            if (!live) return;
            if (transient(err)) setMisses((n) => n + 1);
            else props.onError(err);
          },
        );
      },
      (props.pollMs ?? IMPORT_JOB_POLL_MS) * Math.min(8, 2 ** misses),
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job, misses]);

  const { rowsDone, rowsTotal } = job.progress;
  const counted = rowsTotal !== null && job.status === 'running';
  const percent = counted && rowsTotal > 0 ? Math.min(100, Math.round((rowsDone / rowsTotal) * 100)) : 0;
  const what = job.dryRun ? (en ? 'Preview' : '预览') : en ? 'Import' : '导入';
  const text =
    job.status === 'queued'
      ? en
        ? `${what} queued: the file is uploaded and will be processed shortly.`
        : `${what}排队中：文件已上传，稍后开始处理。`
      : counted
        ? en
          ? `${what} running: ${rowsDone} of ${rowsTotal} rows processed.`
          : `正在${what}：已处理 ${rowsDone} / ${rowsTotal} 行。`
        : en
          ? `${what} running: reading the file…`
          : `正在${what}：正在读取文件……`;
  return (
    <div class="stack">
      <p role="status" class="break-words">
        {job.fileName} · {text}
      </p>
      <div
        class="progress"
        role="progressbar"
        aria-label={en ? `${what} progress` : `${what}进度`}
        aria-valuemin={0}
        aria-valuemax={counted ? rowsTotal : undefined}
        aria-valuenow={counted ? Math.min(rowsDone, rowsTotal) : undefined}
        aria-valuetext={text}
      >
        <div class="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {misses > 0 && (
        <p class="notice small">
          {en ? 'The progress could not be fetched just now; trying again…' : '暂时无法获取进度，正在重试……'}
        </p>
      )}
      <p class="muted small">
        {en
          ? 'A large file is processed on the server: closing this page does not stop it.'
          : '大文件在服务器上处理：关闭本页不会中断。'}
      </p>
    </div>
  );
}
