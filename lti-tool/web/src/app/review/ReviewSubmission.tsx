import { useState } from 'preact/hooks';
import type { Grade, ReviewDetail } from '../../api/types';
import { GRADE_IDS } from '../../../../../shared/domain/ids';
import { ErrorMessage, GradeBadge, Loading } from '../../components/status';
import { useApp } from '../context';
import type { View } from '../navigation';
import { useResource } from '../use-resource';
import { EvidencePreview } from './EvidencePreview';

type Decision = { grade?: Grade; comment: string; reason: string };

const GRADES: readonly Grade[] = GRADE_IDS;

/**
 * One submission under review: every item inline, duplicates flagged, a grade and comment per item against the
 * rubric, or a return with a reason per item. The ability grade is computed on the server from the item grades.
 */
export function ReviewSubmission({ id, navigate }: { id: string; navigate: (view: View) => void }) {
  const { api, pick, t, lang } = useApp();
  const en = lang === 'en';
  const detail = useResource(() => api.get<ReviewDetail>(`/review/submissions/${id}`), [api, id]);
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();

  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error !== undefined) return <ErrorMessage error={detail.error} onRetry={detail.reload} />;
  const data = detail.data;
  if (!data) return null;
  const reviewable = data.canSchoolReview && data.submission.state === 'submitted';
  // A county spot check comes after the school's grade: confirm it, or grade the items again (both are kept).
  const countyReviewable = data.canCountyReview && data.submission.state === 'school_graded';
  const countyWhy = data.countyRefusal ? REFUSALS[data.countyRefusal][en ? 'en' : 'zh'] : undefined;
  const decide = (slotId: string, change: Partial<Decision>) =>
    setDecisions((d) => ({ ...d, [slotId]: { comment: '', reason: '', ...d[slotId], ...change } }));
  const provided = data.items.map((i) => i.slotId);
  const allGraded = provided.length > 0 && provided.every((slotId) => decisions[slotId]?.grade);
  const reasons = Object.entries(decisions).filter(([, d]) => d.reason.trim());

  async function send(kind: 'grades' | 'return' | 'confirm' | 'override') {
    if (!data) return;
    setBusy(true);
    setError(undefined);
    try {
      if (kind === 'confirm' || kind === 'override') {
        await api.send('POST', `/review/submissions/${id}/county-review`, {
          version: data.submission.version,
          decision: kind,
          ...(kind === 'override'
            ? { items: provided.map((slotId) => ({ slotId, grade: decisions[slotId]?.grade })) }
            : {}),
        });
        setDone(
          kind === 'confirm'
            ? en
              ? 'The school grade is confirmed.'
              : '已确认学校评定。'
            : en
              ? 'Re-graded by the county; the gradebook will be updated.'
              : '区县已改评，成绩册将随之更新。',
        );
      } else if (kind === 'grades') {
        await api.send('POST', `/review/submissions/${id}/grades`, {
          version: data.submission.version,
          items: provided.map((slotId) => ({
            slotId,
            grade: decisions[slotId]?.grade,
            ...(decisions[slotId]?.comment.trim() ? { comment: decisions[slotId]?.comment.trim() } : {}),
          })),
        });
        setDone(
          en ? 'Grades saved; the result is on its way to the gradebook.' : '评定已保存，成绩正在同步到课程成绩册。',
        );
      } else {
        await api.send('POST', `/review/submissions/${id}/return`, {
          version: data.submission.version,
          reasons: reasons.map(([slotId, d]) => ({ slotId, reason: d.reason.trim() })),
        });
        setDone(en ? 'Returned to the teacher for revision.' : '已退回教师修改。');
      }
      setDecisions({});
      detail.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="review-heading" class="stack">
      <p>
        <button type="button" class="link" onClick={() => navigate({ tab: 'review', screen: 'home' })}>
          ← {en ? 'Back to the queue' : '返回审核列表'}
        </button>
      </p>
      <h1 id="review-heading">
        {data.teacher.name} · {data.ability.code} {pick(data.ability.name)}
      </h1>
      <p class="muted small">
        {data.school?.name}
        {data.group ? ` · ${data.group.name}` : ''} · {en ? 'version' : '第'} {data.submission.version}
        {en ? '' : ' 版'}
      </p>
      <p class="row">
        <span>{en ? 'School grade' : '学校评定'}:</span> <GradeBadge grade={data.grades.school} />
        <span>{en ? 'County' : '区县'}:</span> <GradeBadge grade={data.grades.county} />
        {data.gradebook !== 'none' && (
          <span class={`badge gradebook-${data.gradebook}`}>
            {en ? 'Gradebook' : '成绩册'}: {GRADEBOOK_WORDS[data.gradebook][en ? 'en' : 'zh']}
          </span>
        )}
      </p>
      {data.duplicateCount > 0 && (
        <p class="notice error" role="alert">
          {en
            ? `${data.duplicateCount} item(s) match other teachers' evidence: check before grading.`
            : `有 ${data.duplicateCount} 项材料与其他教师的材料相同或高度相似，请核实后再评定。`}
        </p>
      )}
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}

      {data.ability.slots.map((slot) => {
        const item = data.items.find((i) => i.slotId === slot.id);
        const d = decisions[slot.id];
        return (
          <fieldset key={slot.id} class="card">
            <legend>
              {pick(slot.name)} {item?.grades.school && <GradeBadge grade={item.grades.school.grade} />}
            </legend>
            {!item ? (
              <p class="warn">{en ? 'Not provided.' : '未提交。'}</p>
            ) : (
              <>
                <EvidencePreview item={item} />
                {item.duplicates.map((dup) => (
                  <p key={dup.other.itemId} class="small warn">
                    {dup.kind === 'same-file'
                      ? en
                        ? 'Same file as '
                        : '与以下教师的文件相同：'
                      : en
                        ? 'Text similar to '
                        : '与以下教师的文字高度相似：'}
                    {dup.other.teacher}（{dup.other.school}，{dup.other.abilityCode}）
                    {dup.kind === 'similar-text' ? ` ${Math.round(dup.similarity * 100)}%` : ''}
                  </p>
                ))}
                {(reviewable || countyReviewable) && (
                  <div class="review-controls">
                    <div role="radiogroup" aria-label={`${pick(slot.name)} ${en ? 'grade' : '评定'}`} class="row">
                      {GRADES.map((g) => (
                        <label key={g} class="inline">
                          <input
                            type="radio"
                            name={`grade-${slot.id}`}
                            checked={d?.grade === g}
                            onChange={() => decide(slot.id, { grade: g })}
                          />{' '}
                          {t.grades[g]}
                        </label>
                      ))}
                    </div>
                    <label>
                      {en ? 'Comment' : '评语'}
                      <input
                        type="text"
                        value={d?.comment ?? ''}
                        onInput={(e) => decide(slot.id, { comment: (e.target as HTMLInputElement).value })}
                      />
                    </label>
                    {reviewable && (
                      <label>
                        {en ? 'Reason to return (optional)' : '退回原因（如需退回）'}
                        <input
                          type="text"
                          value={d?.reason ?? ''}
                          onInput={(e) => decide(slot.id, { reason: (e.target as HTMLInputElement).value })}
                        />
                      </label>
                    )}
                  </div>
                )}
              </>
            )}
          </fieldset>
        );
      })}

      {!data.canSchoolReview && data.submission.state === 'submitted' && (
        <p class="notice">
          {en
            ? "Waiting for the school's grade. County review opens once the school's assessor has graded."
            : '等待学校评定。学校评审人员评定后，您可在此进行区县复核。'}
        </p>
      )}
      {reviewable && (
        <>
          <div class="row">
            <button
              type="button"
              disabled={busy || !allGraded}
              aria-describedby={allGraded ? undefined : 'grades-why'}
              onClick={() => void send('grades')}
            >
              {en ? 'Save grades' : '提交评定'}
            </button>
            <button
              type="button"
              class="secondary"
              disabled={busy || reasons.length === 0}
              aria-describedby={reasons.length === 0 ? 'return-why' : undefined}
              onClick={() => void send('return')}
            >
              {en ? 'Return for revision' : '退回修改'}
            </button>
          </div>
          {!allGraded && (
            <p id="grades-why" class="muted small">
              {en ? 'To save, choose a grade for every item above.' : '请为上方每项材料选择评定后再提交。'}
            </p>
          )}
          {reasons.length === 0 && (
            <p id="return-why" class="muted small">
              {en ? 'To return, write a reason for at least one item.' : '如需退回，请至少为一项材料填写退回原因。'}
            </p>
          )}
        </>
      )}
      {countyReviewable && (
        <div class="card">
          <h2>{en ? 'County spot check' : '区县抽检'}</h2>
          {countyWhy && (
            <p id="county-why" class="notice">
              {countyWhy}
            </p>
          )}
          <p class="row">
            <button
              type="button"
              disabled={busy || countyWhy !== undefined}
              aria-describedby={countyWhy ? 'county-why' : undefined}
              onClick={() => void send('confirm')}
            >
              {en ? 'Confirm the school grade' : '确认学校评定'}
            </button>
            <button
              type="button"
              class="secondary"
              disabled={busy || !allGraded || countyWhy !== undefined}
              aria-describedby={countyWhy ? 'county-why' : 'override-why'}
              onClick={() => void send('override')}
            >
              {en ? 'Override with the grades above' : '按上方评定改评'}
            </button>
          </p>
          {!countyWhy && !allGraded && (
            <p id="override-why" class="muted small">
              {en ? 'To override, grade every item above first.' : '如需改评，请先为上方每项材料选择评定。'}
            </p>
          )}
        </div>
      )}
      <details class="card">
        <summary>{en ? 'Rubric' : '评价标准'}</summary>
        <ul>
          {data.ability.rubric.pass.map((c) => (
            <li key={c.zh}>
              {t.grades.pass}: {pick(c)}
            </li>
          ))}
          {data.ability.rubric.excellent.map((c) => (
            <li key={c.zh}>
              {t.grades.excellent}: {pick(c)}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

const REFUSALS = {
  county_review_by_school: {
    zh: '区县复核须由区县评审人员完成。',
    en: 'The county review is done by county reviewers.',
  },
  same_assessor_both_levels: {
    zh: '本项目要求两级审核由不同人员完成：您已给出学校评定，请由区县其他评审人员复核。',
    en: 'This programme needs two different people: you gave the school grade, so another county reviewer reviews it.',
  },
} as const;

const GRADEBOOK_WORDS = {
  pending: { zh: '同步中', en: 'sending' },
  delivered: { zh: '已同步', en: 'delivered' },
  rejected: { zh: '平台拒收', en: 'refused by the platform' },
  failed: { zh: '同步失败', en: 'failed' },
} as const;
