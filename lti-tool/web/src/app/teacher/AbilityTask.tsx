import { useState } from 'preact/hooks';
import type { AbilityPageResponse } from '../../api/types';
import { ErrorMessage, GradeBadge, Loading } from '../../components/status';
import { useApp } from '../context';
import type { View } from '../navigation';
import { useResource } from '../use-resource';
import { SlotEditor } from './SlotEditor';

const EDITABLE = new Set(['draft', 'returned']);

const STATE_WORDS: Record<string, { zh: string; en: string }> = {
  none: { zh: '尚未开始', en: 'Not started' },
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交，等待审核', en: 'Submitted, awaiting review' },
  returned: { zh: '已退回，请修改后重新提交', en: 'Returned: revise and resubmit' },
  school_graded: { zh: '学校已评定', en: 'Graded by the school' },
  county_confirmed: { zh: '区县已确认', en: 'Confirmed by the county' },
  county_overridden: { zh: '区县已改评', en: 'Re-graded by the county' },
};

/**
 * An ability's task page: its evidence slots with their requirements, drafts saved as you go, the rubric, feedback
 * after a review, and submission. Submitting names the exact problem when something is missing or out of limits.
 */
export function AbilityTask({ code, navigate }: { code: string; navigate: (view: View) => void }) {
  const { api, pick, lang } = useApp();
  const en = lang === 'en';
  const page = useResource(
    () => api.get<AbilityPageResponse>(`/me/abilities/${encodeURIComponent(code)}`),
    [api, code],
  );
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  if (page.loading && !page.data) return <Loading />;
  if (page.error !== undefined) return <ErrorMessage error={page.error} onRetry={page.reload} />;
  const data = page.data;
  if (!data) return null;
  const state = data.submission?.state ?? 'none';
  const editable = data.selected && (state === 'none' || EDITABLE.has(state));
  const items = new Map((data.submission?.items ?? []).map((i) => [i.slotId, i]));
  const problems = data.status?.problems ?? [];

  async function submit() {
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      await api.send('POST', `/me/abilities/${encodeURIComponent(code)}/submit`, {
        version: data?.submission?.version ?? 0,
      });
      page.reload();
    } catch (err) {
      setSubmitError(err);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <section aria-labelledby="ability-heading" class="stack">
      <p>
        <button type="button" class="link" onClick={() => navigate({ tab: 'teacher', screen: 'home' })}>
          ← {en ? 'Back to my progress' : '返回我的进度'}
        </button>
      </p>
      <h1 id="ability-heading">
        {data.ability.code} {pick(data.ability.name)} <GradeBadge grade={data.grades.county ?? data.grades.school} />
      </h1>
      <p class="notice" role="status">
        {pick(STATE_WORDS[state] ?? STATE_WORDS.none)}
      </p>
      {!data.selected && (
        <p class="notice">
          {en ? 'Choose this ability first to submit evidence for it.' : '请先选择该微能力点，再提交证据。'}{' '}
          <button type="button" class="link" onClick={() => navigate({ tab: 'teacher', screen: 'choose' })}>
            {en ? 'Choose micro-abilities' : '选择微能力点'}
          </button>
        </p>
      )}
      {data.ability.note && <p class="small muted">{pick(data.ability.note)}</p>}

      {data.ability.slots.map((slot) => (
        <SlotEditor
          key={`${slot.id}-${data.submission?.version ?? 0}`}
          abilityCode={data.ability.code}
          slot={slot}
          item={items.get(slot.id)}
          editable={editable}
          version={data.submission?.version}
          onChanged={() => {
            // A saved item may be what the last submit attempt lacked: its error no longer applies.
            setSubmitError(undefined);
            page.reload();
          }}
        />
      ))}

      {editable && (
        <div class="card">
          {problems.length > 0 ? (
            <ul class="small warn">
              {problems.map((p) => (
                <li key={p.key + JSON.stringify(p.params)}>{pick(p)}</li>
              ))}
            </ul>
          ) : (
            <p class="ok small">{en ? 'Everything required is here.' : '必交材料已齐全。'}</p>
          )}
          {submitError !== undefined && <ErrorMessage error={submitError} />}
          {!data.submission && (
            <p id="submit-why" class="muted small">
              {en ? 'Add the evidence above first; then submit it for review.' : '请先在上方添加材料，然后再提交审核。'}
            </p>
          )}
          <button
            type="button"
            onClick={() => void submit()}
            disabled={submitting || !data.submission}
            aria-describedby={data.submission ? undefined : 'submit-why'}
          >
            {state === 'returned'
              ? en
                ? 'Resubmit for review'
                : '重新提交审核'
              : en
                ? 'Submit for review'
                : '提交审核'}
          </button>
        </div>
      )}

      <details class="card">
        <summary>{en ? 'Rubric' : '评价标准'}</summary>
        <h2 class="small">{en ? 'Pass' : '合格'}</h2>
        <ul>
          {data.ability.rubric.pass.map((c) => (
            <li key={c.zh}>{pick(c)}</li>
          ))}
        </ul>
        <h2 class="small">{en ? 'Excellent' : '优秀'}</h2>
        <ul>
          {data.ability.rubric.excellent.map((c) => (
            <li key={c.zh}>{pick(c)}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
