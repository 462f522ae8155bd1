import type { OutboxEntry } from '../background/outbox';
import { errorText, t } from '../ui/i18n';

/** Every clip with its status; failed ones say why and can be retried. */
export function OutboxList(props: {
  entries: OutboxEntry[];
  onRetry: (id: string) => void;
  onRemove: (id: string) => void;
  onRetryAll: () => void;
}) {
  const { entries } = props;
  return (
    <section aria-labelledby="outbox-title">
      <div class="row">
        <h2 id="outbox-title">{t('outbox')}</h2>
        {entries.some((e) => e.status === 'failed' || e.status === 'queued') && (
          <button type="button" data-testid="retry-all" onClick={props.onRetryAll}>
            {t('retryAll')}
          </button>
        )}
      </div>
      {entries.length === 0 && <p class="muted">{t('outboxEmpty')}</p>}
      <ul class="outbox">
        {entries.map((e) => (
          <li
            key={e.id}
            data-testid="outbox-entry"
            data-status={e.status}
            data-title={e.payload.title}
            data-error={e.lastError ?? ''}
          >
            <div>{e.payload.title}</div>
            <div class="row">
              <span class={e.status === 'failed' ? 'pill warn' : 'pill'}>{t(`st_${e.status}`)}</span>
              {e.status === 'failed' || (e.status === 'queued' && e.lastError) ? (
                <span class="muted">{errorText(e.lastError)}</span>
              ) : null}
              {e.status === 'failed' && (
                <button type="button" onClick={() => props.onRetry(e.id)}>
                  {t('retry')}
                </button>
              )}
              {(e.status === 'saved' || e.status === 'failed') && (
                <button type="button" onClick={() => props.onRemove(e.id)}>
                  {t('remove')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
