import { useState } from 'preact/hooks';
import {
  ARTEFACT_LIMITS,
  type ArtefactQueueReply,
  type SchoolArtefact,
  type SchoolArtefactKind,
  type SchoolArtefactsReply,
} from '../../../../../shared/api/school-artefacts';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { formatSize } from '../teacher/SlotEditor';
import { useResource } from '../use-resource';
import { artefactStrings, type ArtefactStrings } from './artefact-strings';

const MAX_MB = ARTEFACT_LIMITS.maxBytes / (1024 * 1024);
const EXTENSIONS = ARTEFACT_LIMITS.extensions.join('/');
const ACCEPT = ARTEFACT_LIMITS.extensions.map((e) => `.${e}`).join(',');

/** One place an artefact goes: the school's two plans, and a plan per 教研组 (opened or not yet). */
interface Slot {
  key: string;
  kind: SchoolArtefactKind;
  groupId?: string;
  title: string;
  artefact: SchoolArtefact | undefined;
}

function slotsOf(data: SchoolArtefactsReply, s: ArtefactStrings): Slot[] {
  const find = (kind: SchoolArtefactKind, groupId?: string) =>
    data.items.find((a) => a.kind === kind && (a.groupId ?? undefined) === groupId);
  const places: Omit<Slot, 'artefact'>[] = [
    { key: 'development_plan', kind: 'development_plan', title: s.kinds.development_plan },
    { key: 'research_plan', kind: 'research_plan', title: s.kinds.research_plan },
    ...data.groups.map((g) => ({
      key: `group-${g.id}`,
      kind: 'group_plan' as const,
      groupId: g.id,
      title: `${s.kinds.group_plan}：${g.name}`,
    })),
  ];
  return places.map((slot) => ({ ...slot, artefact: find(slot.kind, slot.groupId) }));
}

/** The school's documents on its dashboard: the team uploads and submits, the county decides, others read. */
export function SchoolArtefacts({ schoolId }: { schoolId: string }) {
  const { api, lang } = useApp();
  const s = artefactStrings(lang);
  const data = useResource(() => api.get<SchoolArtefactsReply>(`/schools/${schoolId}/artefacts`), [api, schoolId]);
  return (
    <section class="card stack" aria-labelledby="artefacts-heading">
      <h3 id="artefacts-heading">{s.heading}</h3>
      <p class="muted small">{s.intro}</p>
      {data.loading && !data.data && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && !data.data.can.edit && !data.data.can.decide && <p class="muted small">{s.readOnly}</p>}
      {data.data &&
        slotsOf(data.data, s).map((slot) => (
          <ArtefactCard key={slot.key} schoolId={schoolId} slot={slot} can={data.data!.can} onChanged={data.reload} />
        ))}
    </section>
  );
}

function ArtefactCard(props: {
  schoolId: string;
  slot: Slot;
  can: SchoolArtefactsReply['can'];
  onChanged: () => void;
}) {
  const { api, lang } = useApp();
  const s = artefactStrings(lang);
  const { slot, can } = props;
  const a = slot.artefact;
  const [theme, setTheme] = useState(a?.theme ?? '');
  const [error, setError] = useState<unknown>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const base = `/schools/${props.schoolId}/artefacts`;
  const latest = a?.versions[0];
  const status = a?.status ?? 'none';
  const headingId = `artefact-${slot.key}`;

  async function run(label: string, action: () => Promise<unknown>) {
    setError(undefined);
    setBusy(label);
    try {
      await action();
      setProblem(undefined);
      props.onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  }

  const open = () =>
    api.send<SchoolArtefact>('PUT', base, {
      kind: slot.kind,
      ...(slot.groupId ? { groupId: slot.groupId } : {}),
      ...(slot.kind === 'research_plan' && theme.trim() ? { theme: theme.trim() } : {}),
    });

  async function onFile(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const ext = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : '';
    const allowed: readonly string[] = ARTEFACT_LIMITS.extensions;
    if (!allowed.includes(ext)) return setProblem(s.wrongType(ext, EXTENSIONS));
    if (file.size > ARTEFACT_LIMITS.maxBytes) return setProblem(s.tooLarge(formatSize(file.size), MAX_MB));
    await run('upload', async () => {
      const opened = a ?? (await open());
      await api.upload(`${base}/${opened.id}/versions`, file);
    });
  }

  const needsTheme = slot.kind === 'research_plan' && !a?.theme;
  const canSubmit = can.edit && latest && (status === 'draft' || status === 'returned');
  const approvedNo = a?.versions.find((v) => v.id === a.approvedVersionId)?.version;

  return (
    <article class="artefact" aria-labelledby={headingId}>
      <h4 id={headingId} class="row spread">
        <span>{slot.title}</span>
        <span class={`badge artefact-${status}`}>{s.statuses[status]}</span>
      </h4>
      {slot.kind === 'research_plan' && (
        <div class="stack">
          {can.edit ? (
            <label class="stack">
              {s.theme}
              <input
                type="text"
                maxLength={ARTEFACT_LIMITS.themeMaxChars}
                value={theme}
                placeholder={s.themePlaceholder}
                onInput={(e) => setTheme((e.target as HTMLInputElement).value)}
              />
            </label>
          ) : (
            <p>
              {s.theme}：{a?.theme ?? '—'}
            </p>
          )}
          {can.edit && (
            <button
              type="button"
              class="secondary"
              disabled={!theme.trim() || theme.trim() === (a?.theme ?? '') || busy !== undefined}
              onClick={() => run('theme', open)}
            >
              {s.saveTheme}
            </button>
          )}
        </div>
      )}
      {approvedNo !== undefined && <p class="ok small">{s.approvedVersion(approvedNo)}</p>}
      {status === 'submitted' && <p class="small">{s.waitingCounty}</p>}
      {a?.returnReason && status === 'returned' && (
        <p class="notice error small" role="note">
          {s.returnedBecause}
          {a.returnReason}
        </p>
      )}
      {a?.returnReason && status !== 'returned' && status !== 'approved' && (
        <p class="muted small">
          {s.lastReturnedBecause}
          {a.returnReason}
        </p>
      )}
      <Versions schoolId={props.schoolId} artefact={a} s={s} />
      {can.edit && (
        <div class="stack">
          <p class="muted small">{s.limits(MAX_MB, EXTENSIONS)}</p>
          {needsTheme && <p class="warn small">{s.themeFirst}</p>}
          <label class="row">
            <span>{busy === 'upload' ? s.uploading : s.upload}</span>
            <input
              type="file"
              accept={ACCEPT}
              aria-label={`${s.upload}：${slot.title}`}
              disabled={status === 'submitted' || needsTheme || busy !== undefined}
              onChange={onFile}
            />
          </label>
          {canSubmit && (
            <div class="stack">
              <button
                type="button"
                disabled={busy !== undefined}
                onClick={() =>
                  run('submit', () => api.send('POST', `${base}/${a!.id}/submit`, { versionId: latest!.id }))
                }
              >
                {s.submit}（{s.version(latest!.version)}）
              </button>
              <p class="muted small">{s.submitWhy}</p>
            </div>
          )}
        </div>
      )}
      {a && status === 'submitted' && can.decide && (
        <Decision schoolId={props.schoolId} artefact={a} title={slot.title} onDone={props.onChanged} />
      )}
      {problem && (
        <p class="notice error small" role="alert">
          {problem}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </article>
  );
}

function Versions({
  schoolId,
  artefact,
  s,
}: {
  schoolId: string;
  artefact: SchoolArtefact | undefined;
  s: ArtefactStrings;
}) {
  if (!artefact || artefact.versions.length === 0) return <Empty>{s.noVersions}</Empty>;
  return (
    <details open={artefact.versions.length <= 3}>
      <summary>
        {s.versions}（{artefact.versions.length}）
      </summary>
      <ol class="versions" reversed>
        {artefact.versions.map((v) => (
          <li key={v.id}>
            <span>
              {s.version(v.version)} · {v.originalName} · {formatSize(v.sizeBytes)}
            </span>
            <span class="muted small">
              {' '}
              {v.uploadedAt.slice(0, 10)}
              {v.uploadedBy ? ` · ${s.uploadedBy} ${v.uploadedBy}` : ''}
              {v.theme ? ` · ${v.theme}` : ''}
            </span>{' '}
            <Download schoolId={schoolId} artefactId={artefact.id} versionId={v.id} name={v.originalName} s={s} />
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Files need the bearer token, so a download is fetched and handed to the browser as an object URL. */
function Download(props: {
  schoolId: string;
  artefactId: string;
  versionId: string;
  name: string;
  s: ArtefactStrings;
}) {
  const { api } = useApp();
  const [error, setError] = useState<unknown>();
  async function go() {
    setError(undefined);
    try {
      const url = await api.objectUrl(
        `/api/v1/schools/${props.schoolId}/artefacts/${props.artefactId}/versions/${props.versionId}/file`,
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = props.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      <button type="button" class="link" onClick={go} aria-label={`${props.s.download} ${props.name}`}>
        {props.s.download}
      </button>
      {error !== undefined && <ErrorMessage error={error} />}
    </>
  );
}

/** The county's decision on the submitted version: approve, or return with a reason; each after confirming. */
function Decision(props: { schoolId: string; artefact: SchoolArtefact; title: string; onDone: () => void }) {
  const { api, lang } = useApp();
  const s = artefactStrings(lang);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const path = `/schools/${props.schoolId}/artefacts/${props.artefact.id}`;
  const versionId = props.artefact.submittedVersionId!;
  const id = `reason-${props.artefact.id}`;

  async function decide(approve: boolean) {
    setError(undefined);
    setProblem(undefined);
    const why = reason.trim();
    if (!approve && why.length < 2) return setProblem(s.reasonTooShort);
    if (!window.confirm(approve ? s.confirmApprove(props.title) : s.confirmReturn(props.title))) return;
    setBusy(true);
    try {
      await api.send('POST', `${path}/${approve ? 'approve' : 'return'}`, {
        versionId,
        ...(approve ? {} : { reason: why }),
      });
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="stack decision">
      <label for={id}>{s.reason}</label>
      <textarea
        id={id}
        rows={3}
        maxLength={ARTEFACT_LIMITS.reasonMaxChars}
        value={reason}
        onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
      />
      <div class="row">
        <button type="button" disabled={busy} onClick={() => decide(true)}>
          {s.approve}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => decide(false)}>
          {s.returnIt}
        </button>
      </div>
      {problem && (
        <p class="notice error small" role="alert">
          {problem}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </div>
  );
}

/** The county's queue of submitted documents across its schools, oldest first, each decided in place. */
export function ArtefactQueue({ openSchool }: { openSchool: (id: string) => void }) {
  const { api, lang } = useApp();
  const s = artefactStrings(lang);
  const data = useResource(() => api.get<ArtefactQueueReply>('/schools/artefacts/queue'), [api]);
  return (
    <section class="card stack" aria-labelledby="artefact-queue-heading">
      <h3 id="artefact-queue-heading">{s.queueHeading}</h3>
      {data.loading && !data.data && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && data.data.items.length === 0 && <Empty>{s.queueEmpty}</Empty>}
      {data.data?.items.map((a) => {
        const title = `${a.schoolName} · ${s.kinds[a.kind]}${a.groupName ? `：${a.groupName}` : ''}`;
        const v = a.versions.find((x) => x.id === a.submittedVersionId);
        return (
          <article key={a.id} class="artefact" aria-label={title}>
            <h4>
              <button type="button" class="link" onClick={() => openSchool(a.schoolId)}>
                {a.schoolName}
              </button>{' '}
              · {s.kinds[a.kind]}
              {a.groupName ? `：${a.groupName}` : ''}
            </h4>
            {a.theme && (
              <p class="small">
                {s.theme}：{a.theme}
              </p>
            )}
            {v && (
              <p class="small">
                {s.version(v.version)} · {v.originalName} · {formatSize(v.sizeBytes)} · {s.submittedAt}{' '}
                {a.submittedAt?.slice(0, 10)}{' '}
                <Download schoolId={a.schoolId} artefactId={a.id} versionId={v.id} name={v.originalName} s={s} />
              </p>
            )}
            {a.canDecide ? (
              <Decision schoolId={a.schoolId} artefact={a} title={title} onDone={data.reload} />
            ) : (
              <p class="muted small">{s.readOnlyDecision}</p>
            )}
          </article>
        );
      })}
    </section>
  );
}
