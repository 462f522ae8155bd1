import { useState } from 'preact/hooks';
import type { HoursRegistration, HoursRegistrationOverview } from '../../../../../shared/api/hours-registrations';
import { ApiError } from '../../api/client';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { hoursStrings, type HoursStrings } from './hours-strings';

/**
 * 学时登记 over the hours-registration API: the county sets the cross-year split, audits, returns with a reason or
 * locks (after confirming); the institution prepares and submits, and prepares a correction after a lock. The
 * server decides who may do what; the buttons follow the viewer's roles so nobody is offered a step they cannot take.
 */
export function HoursRegistrationPanel() {
  const { api, lang, config } = useApp();
  const s = hoursStrings(lang);
  const data = useResource(() => api.get<HoursRegistrationOverview>('/hours-registrations'), [api]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const institution = config.roles.includes('institution_admin');
  const county = config.roles.includes('assessor');

  if (data.error instanceof ApiError && (data.error.status === 403 || data.error.status === 409)) return null;

  async function act(work: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      data.reload();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }

  const items = data.data?.items ?? [];
  const locked = items.some((r) => r.status === 'locked');
  return (
    <section aria-labelledby="hours-heading" class="card stack">
      <h2 id="hours-heading">{s.heading}</h2>
      <p class="muted small">{s.intro}</p>
      {data.loading && !data.data && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && (
        <Allocation
          s={s}
          overview={data.data}
          editable={county}
          busy={busy}
          save={(shares) => act(() => api.send('PUT', '/hours-registrations/allocation', { shares }))}
        />
      )}
      {data.data && institution && (
        <Prepare
          s={s}
          correction={locked}
          disabled={busy || !data.data.allocation}
          prepare={(body) => act(() => api.send('POST', '/hours-registrations', body))}
        />
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {data.data && items.length === 0 && <Empty>{s.empty}</Empty>}
      {items.length > 0 && (
        <ul class="list" aria-live="polite">
          {items.map((r) => (
            <Registration key={r.id} s={s} r={r} institution={institution} county={county} busy={busy} act={act} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Allocation(props: {
  s: HoursStrings;
  overview: HoursRegistrationOverview;
  editable: boolean;
  busy: boolean;
  save: (shares: Record<string, number>) => Promise<boolean>;
}) {
  const { s, overview } = props;
  const initial = Object.fromEntries(
    overview.years.map((y) => [String(y), overview.allocation?.shares[String(y)] ?? 0]),
  ) as Record<string, number>;
  const [shares, setShares] = useState(initial);
  const sum = Object.values(shares).reduce((a, b) => a + b, 0);
  if (!props.editable) {
    return overview.allocation ? (
      <p class="small">
        {s.allocation}：
        {Object.entries(overview.allocation.shares)
          .map(([y, v]) => `${s.year(Number(y))} ${v}%`)
          .join('，')}
      </p>
    ) : (
      <p class="small error">{s.allocationMissing}</p>
    );
  }
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void props.save(shares);
      }}
    >
      <fieldset class="row">
        <legend>{s.allocation}</legend>
        {overview.years.map((y) => (
          <label key={y}>
            {s.year(y)}{' '}
            <input
              type="number"
              min={0}
              max={100}
              step={1}
              inputMode="numeric"
              style={{ width: '5em' }}
              value={shares[String(y)] ?? 0}
              onInput={(e) => setShares({ ...shares, [String(y)]: Number(e.currentTarget.value) || 0 })}
            />
          </label>
        ))}
      </fieldset>
      <div class="row">
        <span class={sum === 100 ? 'muted small' : 'error small'}>{s.sum(sum)}</span>
        <button type="submit" class="secondary" disabled={props.busy || sum !== 100}>
          {s.saveAllocation}
        </button>
      </div>
      {!overview.allocation && <p class="small error">{s.allocationMissing}</p>}
    </form>
  );
}

function Prepare(props: {
  s: HoursStrings;
  correction: boolean;
  disabled: boolean;
  prepare: (body: { idHeader: string; idSource: 'email' | 'platform_user_id' }) => Promise<boolean>;
}) {
  const { s } = props;
  const [idHeader, setHeader] = useState('教师编号');
  const [idSource, setSource] = useState<'email' | 'platform_user_id'>('email');
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void props.prepare({ idHeader, idSource });
      }}
    >
      <div class="row">
        <label>
          {s.idHeader}{' '}
          <input
            value={idHeader}
            maxLength={20}
            required
            style={{ width: '8em' }}
            onInput={(e) => setHeader(e.currentTarget.value)}
          />
        </label>
        <label>
          {s.idSource}{' '}
          <select value={idSource} onChange={(e) => setSource(e.currentTarget.value as typeof idSource)}>
            <option value="email">{s.email}</option>
            <option value="platform_user_id">{s.platformUserId}</option>
          </select>
        </label>
      </div>
      <button type="submit" disabled={props.disabled}>
        {props.correction ? s.prepareCorrection : s.prepare}
      </button>
    </form>
  );
}

function Registration(props: {
  s: HoursStrings;
  r: HoursRegistration;
  institution: boolean;
  county: boolean;
  busy: boolean;
  act: (work: () => Promise<unknown>) => Promise<boolean>;
}) {
  const { s, r } = props;
  const { api } = useApp();
  const [mode, setMode] = useState<'idle' | 'return' | 'lock'>('idle');
  const [reason, setReason] = useState('');
  const base = `/hours-registrations/${r.id}`;
  const step = async (path: string, body?: unknown) => {
    if (await props.act(() => api.send('POST', `${base}/${path}`, body))) setMode('idle');
  };
  async function download(language: 'zh' | 'en') {
    await props.act(async () => {
      const url = await api.objectUrl(`${base}/file?language=${language}`);
      const a = document.createElement('a');
      a.href = url;
      a.download = `学时登记_v${r.version}.xlsx`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });
  }
  return (
    <li data-registration={r.id} data-status={r.status}>
      <div>
        <strong>{s.version(r.version)}</strong>
        {r.correctsId && <span class="muted small"> · {s.correction}</span>}{' '}
        <span class={r.status === 'returned' ? 'error' : 'muted'}>{s.status[r.status]}</span>
      </div>
      <div class="muted small">
        {s.teachers(r.teachers)} · {s.hours(r.totalHours)} ·{' '}
        {Object.entries(r.shares)
          .map(([y, v]) => `${y}: ${v}%`)
          .join('，')}
      </div>
      {r.returnReason && (
        <div class="small error">
          {s.returnReason}：{r.returnReason}
        </div>
      )}
      <div class="row">
        <button type="button" class="secondary" onClick={() => void download('zh')}>
          {s.download}
        </button>
        <button type="button" class="secondary" onClick={() => void download('en')}>
          {s.downloadEn}
        </button>
        {props.institution && (r.status === 'prepared' || r.status === 'returned') && (
          <button type="button" disabled={props.busy} onClick={() => void step('submit')}>
            {s.submit}
          </button>
        )}
        {props.county && r.status === 'submitted' && mode === 'idle' && (
          <>
            <button type="button" class="secondary" onClick={() => setMode('return')}>
              {s.return}
            </button>
            <button type="button" onClick={() => setMode('lock')}>
              {s.lock}
            </button>
          </>
        )}
      </div>
      {mode === 'return' && (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void step('return', { reason });
          }}
        >
          <label>
            {s.reasonLabel}
            <textarea
              value={reason}
              required
              minLength={2}
              maxLength={500}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          <div class="row">
            <button type="submit" disabled={props.busy || reason.trim().length < 2}>
              {s.sendBack}
            </button>
            <button type="button" class="secondary" onClick={() => setMode('idle')}>
              {s.cancel}
            </button>
          </div>
        </form>
      )}
      {mode === 'lock' && (
        <div role="alertdialog" aria-label={s.confirmLock}>
          <p class="error small">{s.confirmLock}</p>
          <div class="row">
            <button type="button" disabled={props.busy} onClick={() => void step('lock')}>
              {s.confirm}
            </button>
            <button type="button" class="secondary" onClick={() => setMode('idle')}>
              {s.cancel}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
