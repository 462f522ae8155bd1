import { useMemo, useState } from 'preact/hooks';
import {
  ORG_IMPORT_MAX_BYTES,
  ORG_LIST_MAX,
  type OrgImportReply,
  type OrganisationsReply,
  type OrganisationView,
} from '../../../../../shared/api/organisations';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { announceSetupChange } from './setup-events';
import { useResource } from '../use-resource';
import { organisationStrings, type OrganisationStrings } from './organisations-strings';

/** Rows of the report shown at once; the summary counts them all. */
const SHOWN_ROWS = 200;

/**
 * The organisation tree: template download, preview with a row-by-row report, import after confirmation, and the
 * tree as it stands.
 */
export function AdminOrganisations() {
  const { api, lang } = useApp();
  const s = organisationStrings(lang);
  const tree = useResource(() => api.get<OrganisationsReply>('/admin/organisations'), [api]);
  const [file, setFile] = useState<File>();
  const [report, setReport] = useState<OrgImportReply>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [onlyIssues, setOnlyIssues] = useState(false);
  const tooLarge = file !== undefined && file.size > ORG_IMPORT_MAX_BYTES;

  async function download(format: 'xlsx' | 'csv') {
    setError(undefined);
    try {
      const url = await api.objectUrl(
        `/api/v1/admin/organisations/template?format=${format}&lang=${lang === 'en' ? 'en' : 'zh'}`,
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = `${lang === 'en' ? 'organisation-import-template' : '组织机构导入模板'}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    }
  }

  async function run(dryRun: boolean) {
    if (!file || tooLarge) return;
    if (!dryRun && report && !window.confirm(s.confirm(report.summary.create, report.summary.update))) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = new File([file], file.name, { type: 'application/octet-stream' });
      const query = new URLSearchParams({ dryRun: String(dryRun), fileName: file.name });
      const next = await api.upload<OrgImportReply>(`/admin/organisations/imports?${query}`, body);
      setReport(next);
      setOnlyIssues(next.summary.rowsWithIssues > 0);
      if (next.applied) {
        tree.reload();
        announceSetupChange();
      }
    } catch (err) {
      setReport(undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const importBlocked = !file
    ? s.chooseFirst
    : !report?.dryRun
      ? s.previewFirst
      : report.summary.rowsWithIssues > 0
        ? s.fixFirst
        : report.summary.create + report.summary.update === 0
          ? s.nothingNew
          : undefined;

  return (
    <section aria-labelledby="org-heading" class="card stack" id="admin-organisations">
      <h2 id="org-heading">{s.heading}</h2>
      <p class="muted small">{s.intro}</p>
      <p class="row">
        <span>{s.template}:</span>
        <button type="button" class="link" onClick={() => void download('xlsx')}>
          {s.templateXlsx}
        </button>
        <button type="button" class="link" onClick={() => void download('csv')}>
          {s.templateCsv}
        </button>
      </p>
      <label for="org-file">{s.file}</label>
      <input
        id="org-file"
        type="file"
        accept=".csv,.xlsx"
        onChange={(e) => {
          setFile((e.target as HTMLInputElement).files?.[0]);
          setReport(undefined);
          setError(undefined);
        }}
      />
      {tooLarge && (
        <p class="notice error" role="alert">
          {s.tooLarge((file.size / 1024 / 1024).toFixed(1))}
        </p>
      )}
      <p class="row">
        <button type="button" class="secondary" disabled={!file || busy || tooLarge} onClick={() => void run(true)}>
          {s.preview}
        </button>
        <button
          type="button"
          disabled={busy || importBlocked !== undefined}
          title={importBlocked}
          onClick={() => void run(false)}
        >
          {s.import}
        </button>
      </p>
      {importBlocked && file && !tooLarge && <p class="muted small">{importBlocked}</p>}
      {error !== undefined && <ErrorMessage error={error} />}
      {report && <Report report={report} s={s} onlyIssues={onlyIssues} setOnlyIssues={setOnlyIssues} />}
      <h3>{s.tree}</h3>
      {tree.loading && !tree.data && <Loading />}
      {tree.error !== undefined && <ErrorMessage error={tree.error} onRetry={tree.reload} />}
      {tree.data && <Tree data={tree.data} s={s} />}
    </section>
  );
}

function Report(props: {
  report: OrgImportReply;
  s: OrganisationStrings;
  onlyIssues: boolean;
  setOnlyIssues: (v: boolean) => void;
}) {
  const { pick } = useApp();
  const { report, s } = props;
  const rows = props.onlyIssues ? report.rows.filter((r) => r.issues.length > 0) : report.rows;
  const status = report.applied ? s.imported : report.dryRun ? s.previewDone : s.notImported;
  return (
    <div class="stack">
      <p role="status" class={report.summary.rowsWithIssues > 0 ? 'notice error' : 'notice'}>
        <strong>{status}</strong> · {report.file.name} · {s.summary(report.summary, report.file.rows)}
      </p>
      {report.warnings.map((w) => (
        <p key={w.zh} class="muted small">
          {pick(w)}
        </p>
      ))}
      <label class="small">
        <input
          type="checkbox"
          checked={props.onlyIssues}
          onChange={(e) => props.setOnlyIssues((e.target as HTMLInputElement).checked)}
        />{' '}
        {s.onlyIssues}
      </label>
      <ul class="stack">
        {rows.slice(0, SHOWN_ROWS).map((r) => (
          <li key={r.row} class={r.issues.length ? 'warn' : undefined}>
            <strong>{s.row(r.row)}</strong>{' '}
            {r.nodes
              .map((n) => `${s.actions[n.action]} ${s.kinds[n.kind]} ${n.name}${n.code ? ` (${n.code})` : ''}`)
              .join('；')}
            {r.issues.map((i) => (
              <div key={i.field + i.message.zh} class="small">
                {pick(i.message)}
              </div>
            ))}
          </li>
        ))}
      </ul>
      {rows.length > SHOWN_ROWS && <p class="muted small">{s.moreRows(rows.length - SHOWN_ROWS)}</p>}
    </div>
  );
}

function Tree({ data, s }: { data: OrganisationsReply; s: OrganisationStrings }) {
  const children = useMemo(() => {
    const map = new Map<string | null, OrganisationView[]>();
    const ids = new Set(data.organisations.map((o) => o.id));
    for (const o of data.organisations) {
      // A node whose parent is past the listing limit shows at the top rather than not at all.
      const parent = o.parentId && ids.has(o.parentId) ? o.parentId : null;
      map.set(parent, [...(map.get(parent) ?? []), o]);
    }
    return map;
  }, [data]);
  if (data.organisations.length === 0) return <Empty>{s.empty}</Empty>;
  const counts = Object.entries(data.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${s.kinds[k as keyof typeof s.kinds]} ${n}`)
    .join(' · ');
  const render = (parent: string | null) => (
    <ul class="tree">
      {(children.get(parent) ?? []).map((o) => {
        const label = `${s.kinds[o.kind]} · ${o.name} · ${o.code ?? s.noCode}`;
        return (
          <li key={o.id}>
            {children.has(o.id) ? (
              <details open={o.kind === 'province' || o.kind === 'city'}>
                <summary>{label}</summary>
                {render(o.id)}
              </details>
            ) : (
              label
            )}
          </li>
        );
      })}
    </ul>
  );
  return (
    <div>
      <p class="small">{counts}</p>
      {data.truncated && <p class="muted small">{s.truncated(ORG_LIST_MAX)}</p>}
      {render(null)}
    </div>
  );
}
