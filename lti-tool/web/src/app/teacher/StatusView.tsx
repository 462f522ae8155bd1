import type { TeacherStatus } from '../../../../../shared/domain';
import { GradeBadge, ProgressBar } from '../../components/status';
import { useApp } from '../context';

function requirement(status: TeacherStatus, id: TeacherStatus['requirements'][number]['id']) {
  return status.requirements.find((r) => r.id === id);
}

/**
 * Where a teacher stands, at a glance: hours against the targets, abilities and dimensions, each ability's evidence
 * and grade, and the engine's next steps in plain words. Every number comes from the engine; nothing is computed here.
 */
export function StatusView({
  status,
  onOpenAbility,
  onChoose,
}: {
  status: TeacherStatus;
  onOpenAbility: (code: string) => void;
  onChoose: () => void;
}) {
  const { t, pick, lang } = useApp();
  const list = (parts: string[]) => parts.join(lang === 'en' ? ', ' : '、');
  const sentences = (parts: string[]) => parts.join(lang === 'en' ? '; ' : '；');
  const total = requirement(status, 'hours-total');
  const online = requirement(status, 'hours-online');
  const practice = requirement(status, 'hours-practice');
  const share = requirement(status, 'practice-share');
  const counted = status.hours.counted;
  return (
    <div class="stack">
      <div class={`notice state-${status.state}`} role="status">
        <strong>{pick(status.stateMessage)}</strong>
        {status.excellent && <span class="badge grade-excellent">{t.status.excellent}</span>}
      </div>

      <section aria-labelledby="hours-heading" class="card">
        <h2 id="hours-heading">{t.status.hoursTotal}</h2>
        {total && (
          <ProgressBar
            label={t.status.hoursTotal}
            value={counted.total.hours}
            max={total.required}
            unit={t.status.hoursUnit}
            met={total.met}
          />
        )}
        {online && (
          <ProgressBar
            label={t.status.hoursOnline}
            value={counted.online.hours}
            max={online.required}
            unit={t.status.hoursUnit}
            met={online.met}
          />
        )}
        {practice && (
          <ProgressBar
            label={t.status.hoursPractice}
            value={counted.practice.hours}
            max={practice.required}
            unit={t.status.hoursUnit}
            met={practice.met}
          />
        )}
        {share && (
          <p class={share.met ? 'ok small' : 'muted small'}>
            {t.status.practiceShare}: {status.hours.practiceSharePercent}% / ≥ {share.required}%
          </p>
        )}
      </section>

      <section aria-labelledby="next-heading" class="card">
        <h2 id="next-heading">{t.status.nextActions}</h2>
        {status.nextActions.length === 0 ? (
          <p class="muted">{t.status.noActions}</p>
        ) : (
          <ol class="actions">
            {status.nextActions.map((a) => (
              <li key={`${a.code}-${a.abilityCode ?? ''}`}>
                {a.abilityCode ? (
                  <button type="button" class="link" onClick={() => onOpenAbility(a.abilityCode as string)}>
                    {pick(a.message)}
                  </button>
                ) : (
                  pick(a.message)
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      {status.selection.applicable && (
        <section aria-labelledby="abilities-heading" class="card">
          <div class="row spread">
            <h2 id="abilities-heading">
              {t.status.abilities}{' '}
              <span class="muted small">
                {t.status.chosen} {status.selection.chosen} · {t.status.counted} {status.selection.counted}
              </span>
            </h2>
            <button type="button" onClick={onChoose}>
              {t.status.chooseAbilities}
            </button>
          </div>
          <p class="small">
            {t.status.dimensions}: {list(status.selection.dimensionsCovered.map((d) => pick(d.name))) || '—'}
            {status.selection.dimensionsMissing.length > 0 && (
              <span class="muted">
                {' '}
                · {t.status.missingDimensions}: {list(status.selection.dimensionsMissing.map((d) => pick(d.name)))}
              </span>
            )}
          </p>
          {status.abilities.length === 0 ? (
            <p class="empty">{t.status.noAbilities}</p>
          ) : (
            <ul class="ability-list">
              {status.abilities.map((a) => {
                const reason = status.selection.items.find((i) => i.abilityCode === a.code)?.reason;
                return (
                  <li key={a.code} class="ability-card">
                    <button type="button" class="ability-open" onClick={() => onOpenAbility(a.code)}>
                      <span class="code">{a.code}</span> {pick(a.name)}
                    </button>
                    <GradeBadge grade={a.grade} />
                    {a.problems.length > 0 && <p class="small warn">{sentences(a.problems.map((p) => pick(p)))}</p>}
                    {reason && <p class="small muted">{pick(reason.message)}</p>}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}

      <details class="card">
        <summary>{t.status.requirements}</summary>
        <ul class="requirements">
          {status.requirements.map((r) => (
            <li key={r.id} class={r.met ? 'ok' : 'warn'}>
              {r.met ? '✓' : '○'} {pick(r.message)}{' '}
              <span class="visually-hidden">{r.met ? t.status.met : t.status.notMet}</span>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
