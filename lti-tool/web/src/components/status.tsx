import type { ComponentChildren } from 'preact';
import type { GradeId } from '../../../../shared/domain/ids';
import { ApiError } from '../api/client';
import { useApp } from '../app/context';

export function Loading() {
  const { t } = useApp();
  return (
    <p class="muted" role="status" aria-live="polite">
      {t.loading}
    </p>
  );
}

/** The field-by-field reasons of a 422 (`details.issues`), each naming the field, the limit and the fix. */
function fieldIssues(error: unknown): { path: string; message: { zh: string; en: string } }[] {
  if (!(error instanceof ApiError)) return [];
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is { path: string; message: { zh: string; en: string } } =>
      typeof i === 'object' && i !== null && typeof (i as { message?: { zh?: unknown } }).message?.zh === 'string',
  );
}

/** An error in the user's language, what to change field by field, the server's code for support, and a retry. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang, pick } = useApp();
  const message =
    error instanceof ApiError ? error.message : lang === 'en' ? 'Something went wrong.' : '出现错误，请稍后重试。';
  const issues = fieldIssues(error);
  return (
    <div class="notice error" role="alert">
      <p>{message}</p>
      {issues.length > 0 && (
        <ul class="small">
          {issues.map((i) => (
            <li key={i.path}>{pick(i.message)}</li>
          ))}
        </ul>
      )}
      {error instanceof ApiError && (
        <p class="muted small">
          {lang === 'en' ? 'Code' : '代码'}: <code>{error.code}</code>
        </p>
      )}
      {onRetry && (
        <button type="button" class="secondary" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A labelled progress bar: the numbers are in the text too, so nothing depends on seeing the bar. */
export function ProgressBar(props: { label: string; value: number; max: number; unit: string; met?: boolean }) {
  const percent = props.max > 0 ? Math.min(100, Math.round((props.value / props.max) * 100)) : 0;
  return (
    <div class="progress-row">
      <div class="progress-label">
        <span>{props.label}</span>
        <span class={props.met ? 'ok' : 'muted'}>
          {props.value} / {props.max} {props.unit}
        </span>
      </div>
      <div
        class={`progress ${props.met ? 'met' : ''}`}
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={props.max}
        aria-valuenow={Math.min(props.value, props.max)}
        aria-valuetext={`${props.value} / ${props.max} ${props.unit}`}
      >
        <div class="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

export function GradeBadge({ grade }: { grade: GradeId | null | undefined }) {
  const { t } = useApp();
  return <span class={`badge grade-${grade ?? 'none'}`}>{grade ? t.grades[grade] : t.grades.none}</span>;
}
