import { useState } from 'preact/hooks';
import {
  INCENTIVE_KINDS,
  type DecideIncentivesReply,
  type IncentiveItem,
  type IncentiveKindId,
  type IncentivesReply,
} from '../../../../../shared/api/incentives';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { incentiveStrings, type IncentiveStrings } from './incentive-strings';

const PAGE = 100;
const day = (iso: string) => iso.slice(0, 10);

/** The county's incentives in the overview: per kind the candidates from the engine's rows and the decisions. */
export function Incentives({ organisationId }: { organisationId?: string }) {
  const { api, lang } = useApp();
  const s = incentiveStrings(lang);
  const [kind, setKind] = useState<IncentiveKindId>('credits');
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const query = `kind=${kind}&offset=${offset}&limit=${PAGE}${organisationId ? `&organisationId=${organisationId}` : ''}`;
  const data = useResource(() => api.get<IncentivesReply>(`/incentives?${query}`), [api, query]);

  async function decide(action: 'confirm' | 'withdraw', subjectIds: string[], reason?: string) {
    setError(undefined);
    setNotice(undefined);
    try {
      const reply = await api.send<DecideIncentivesReply>('POST', `/incentives/${action}`, {
        kind,
        subjectIds,
        ...(reason ? { reason } : {}),
      });
      setNotice(s.done(reply.changed));
      data.reload();
    } catch (err) {
      setError(err);
    }
  }

  const reply = data.data;
  const pending = (reply?.items ?? []).filter((i) => i.canDecide && i.eligible && i.award?.status !== 'confirmed');
  return (
    <section class="card stack" aria-labelledby="incentives-heading">
      <h3 id="incentives-heading">{s.heading}</h3>
      <p class="muted small">{s.intro}</p>
      {data.loading && !reply && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {reply && reply.rules === null && <Empty>{s.none}</Empty>}
      {reply && reply.rules !== null && (
        <>
          <div class="row" role="group" aria-label={s.heading}>
            {INCENTIVE_KINDS.map((k) => {
              const sum = reply.summary.find((x) => x.kind === k);
              return (
                <button
                  key={k}
                  type="button"
                  class={k === kind ? '' : 'secondary'}
                  aria-pressed={k === kind}
                  onClick={() => {
                    setKind(k);
                    setOffset(0);
                    setNotice(undefined);
                  }}
                >
                  {s.kinds[k]}
                  <span class="small"> {s.counts(sum?.candidates ?? 0, sum?.confirmed ?? 0)}</span>
                </button>
              );
            })}
          </div>
          <p>{s.rule(kind, reply.rules)}</p>
          {notice && (
            <p class="ok small" role="status">
              {notice}
            </p>
          )}
          {error !== undefined && <ErrorMessage error={error} />}
          {!reply.summary.find((x) => x.kind === kind)?.enabled ? (
            <Empty>{s.off}</Empty>
          ) : reply.items.length === 0 ? (
            <Empty>{s.empty}</Empty>
          ) : (
            <>
              {pending.length > 1 && (
                <button
                  type="button"
                  onClick={() => {
                    if (window.confirm(s.confirmAllAsk(pending.length, s.kinds[kind]))) {
                      void decide(
                        'confirm',
                        pending.map((i) => i.subjectId),
                      );
                    }
                  }}
                >
                  {s.confirmAll(pending.length)}
                </button>
              )}
              {!reply.items.some((i) => i.canDecide) && <p class="muted small">{s.readOnly}</p>}
              <IncentiveTable reply={reply} s={s} decide={decide} />
              <Pager reply={reply} s={s} setOffset={setOffset} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function IncentiveTable(props: {
  reply: IncentivesReply;
  s: IncentiveStrings;
  decide: (action: 'confirm' | 'withdraw', ids: string[], reason?: string) => Promise<void>;
}) {
  const { reply, s } = props;
  return (
    <div class="scroll-x">
      <table class="table stacked">
        <caption class="visually-hidden">{s.kinds[reply.kind]}</caption>
        <thead>
          <tr>
            <th scope="col">{s.subject(reply.kind)}</th>
            <th scope="col">{s.school}</th>
            <th scope="col">{s.basis}</th>
            <th scope="col">{s.status}</th>
            <th scope="col">{s.actions}</th>
          </tr>
        </thead>
        <tbody>
          {reply.items.map((item) => (
            <Row key={item.subjectId} item={item} s={s} decide={props.decide} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row(props: {
  item: IncentiveItem;
  s: IncentiveStrings;
  decide: (action: 'confirm' | 'withdraw', ids: string[], reason?: string) => Promise<void>;
}) {
  const { item, s } = props;
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const b = item.basis;
  const name = item.name ?? (item.kind === 'excellent_principal' ? s.principalUnrecorded : item.schoolName);
  const basis =
    b.averageScore !== undefined
      ? s.basisSchool(b.averageScore, b.teachersGraded ?? 0, b.teachers ?? 0)
      : s.basisTeacher(b.onlineHours ?? 0, b.practiceHours ?? 0, b.score);
  const status = item.award?.status ?? 'candidate';
  const reasonId = `withdraw-${item.kind}-${item.subjectId}`;

  function sendWithdraw() {
    const why = reason.trim();
    if (!why) return setProblem(s.reasonMissing);
    if (!window.confirm(s.withdrawAsk(name, s.kinds[item.kind]))) return;
    setProblem(undefined);
    setAsking(false);
    void props.decide('withdraw', [item.subjectId], why);
  }

  return (
    <tr>
      <th scope="row">{name}</th>
      <td data-label={s.school}>{item.schoolName}</td>
      <td data-label={s.basis}>{basis}</td>
      <td data-label={s.status}>
        {s.statuses[status]}
        {item.award && (
          <span class="muted small"> · {s.decidedBy(item.award.decidedBy, day(item.award.decidedAt))}</span>
        )}
        {item.award?.withdrawReason && status === 'withdrawn' && (
          <span class="muted small"> · {item.award.withdrawReason}</span>
        )}
        {!item.eligible && <span class="warn small"> · {s.fellBack}</span>}
      </td>
      <td data-label={s.actions}>
        {item.canDecide && status !== 'confirmed' && item.eligible && (
          <button type="button" onClick={() => void props.decide('confirm', [item.subjectId])}>
            {s.confirm}
          </button>
        )}
        {item.canDecide && status === 'confirmed' && !asking && (
          <button type="button" class="secondary" onClick={() => setAsking(true)}>
            {s.withdraw}
          </button>
        )}
        {asking && (
          <div class="stack">
            <label for={reasonId}>{s.reason}</label>
            <input
              id={reasonId}
              type="text"
              maxLength={500}
              value={reason}
              onInput={(e) => setReason((e.target as HTMLInputElement).value)}
            />
            {problem && (
              <p class="notice error small" role="alert">
                {problem}
              </p>
            )}
            <div class="row">
              <button type="button" onClick={sendWithdraw}>
                {s.sendWithdraw}
              </button>
              <button type="button" class="secondary" onClick={() => setAsking(false)}>
                {s.cancel}
              </button>
            </div>
          </div>
        )}
      </td>
    </tr>
  );
}

function Pager({
  reply,
  s,
  setOffset,
}: {
  reply: IncentivesReply;
  s: IncentiveStrings;
  setOffset: (n: number) => void;
}) {
  if (reply.total <= reply.limit) return null;
  const to = Math.min(reply.offset + reply.limit, reply.total);
  return (
    <div class="row">
      <span class="small">{s.page(reply.offset + 1, to, reply.total)}</span>
      <button
        type="button"
        class="secondary"
        disabled={reply.offset === 0}
        onClick={() => setOffset(Math.max(0, reply.offset - reply.limit))}
      >
        {s.previous}
      </button>
      <button type="button" class="secondary" disabled={to >= reply.total} onClick={() => setOffset(to)}>
        {s.next}
      </button>
    </div>
  );
}
