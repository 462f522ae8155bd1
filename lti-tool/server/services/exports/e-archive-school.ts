import type { Readable } from 'node:stream';
import type { BlobStore } from '../../storage';
import type { ArchiveData } from './e-archive-data';
import type { ArchiveText } from './e-archive-labels';
import { chinaDateTime } from './china-time';
import type { Cell, ReportTable } from './report-table';

// The school's own records in the e-archive: every version of its plans (学校信息化发展规划, 校本研修方案, 教研组
// plans) with their submissions, approvals and returns, and its 校本研修活动 with sign-in, minutes and photos.
// Files are streamed from the blob store one at a time, like the evidence.

/** One file of the section: where it sits in the zip (from the archive's root) and what it is. */
export interface SchoolFile {
  /** Path from the archive's root; null when the blob is missing from storage. */
  path: string | null;
  name: string;
  sizeBytes: number;
  sha256: string;
}

export interface PlanVersionLine extends SchoolFile {
  plan: string;
  status: string;
  version: number;
  /** Where this version stands (approved, awaiting, returned); null for a superseded draft. */
  standing: string | null;
  theme: string | null;
  uploadedBy: string;
  uploadedAt: string;
}

export interface ActivityFileLine extends SchoolFile {
  heldOn: string;
  topic: string;
  kind: string;
  uploadedAt: string;
}

export interface SchoolSection {
  versions: PlanVersionLine[];
  files: ActivityFileLine[];
}

type Append = (source: Readable, name: string) => Promise<void>;

/** The plan's name as officials say it: its kind, and for a group plan the 教研组. */
const planLabel = (t: ArchiveText, a: ArchiveData['artefacts'][number]) =>
  `${t.plans.kind[a.kind] ?? a.kind}${a.groupName ? `（${a.groupName}）` : ''}`;

/** How many files the section will stream, for the job's progress. */
export const schoolFileCount = (data: ArchiveData) =>
  data.artefacts.reduce((n, a) => n + a.versions.length, 0) + data.activities.reduce((n, a) => n + a.files.length, 0);

/**
 * Streams every plan version and activity file into the zip under `folder`, one at a time, and returns the lines
 * for the indexes. A blob missing from storage is listed as missing, never a failed archive.
 */
export async function writeSchoolFiles(
  storage: BlobStore,
  t: ArchiveText,
  folder: string,
  data: ArchiveData,
  append: Append,
  segment: (name: string, fallback?: string) => string,
  progress: () => Promise<void>,
): Promise<SchoolSection> {
  const put = async (key: string, path: string): Promise<string | null> => {
    const object = await storage.get(key);
    if (!object) return null;
    await append(object.body, path);
    return path;
  };
  const versions: PlanVersionLine[] = [];
  for (const a of data.artefacts) {
    const plan = planLabel(t, a);
    const dir = `${folder}/${t.plans.plansFolder}/${segment(plan, a.kind)}_${a.id.slice(0, 8)}`;
    // Oldest version first, as the plan grew.
    for (const v of [...a.versions].reverse()) {
      const standing =
        v.id === a.approvedVersionId
          ? t.plans.standing.approved
          : v.id === a.submittedVersionId && (a.status === 'submitted' || a.status === 'returned')
            ? t.plans.standing[a.status]
            : null;
      versions.push({
        plan,
        status: t.plans.status[a.status] ?? a.status,
        version: v.version,
        standing: standing ?? null,
        theme: v.theme,
        uploadedBy: v.uploaderName ?? '',
        uploadedAt: chinaDateTime(v.createdAt),
        name: v.originalName,
        sizeBytes: v.sizeBytes,
        sha256: v.sha256,
        path: await put(v.storageKey, `${dir}/v${v.version}_${segment(v.originalName)}`),
      });
      await progress();
    }
  }
  const files: ActivityFileLine[] = [];
  for (const a of data.activities) {
    const dir = `${folder}/${t.plans.activitiesFolder}/${a.heldOn}_${segment(a.topic, 'activity').slice(0, 40)}_${a.id.slice(0, 8)}`;
    for (const f of a.files) {
      const kind = t.plans.fileKind[f.kind] ?? f.kind;
      files.push({
        heldOn: a.heldOn,
        topic: a.topic,
        kind,
        uploadedAt: chinaDateTime(f.createdAt),
        name: f.originalName,
        sizeBytes: f.sizeBytes,
        sha256: f.sha256,
        path: await put(f.storageKey, `${dir}/${segment(kind)}_${f.id.slice(0, 8)}_${segment(f.originalName)}`),
      });
      await progress();
    }
  }
  return { versions, files };
}

const list = (t: ArchiveText, names: string[]) => names.join(t.lang === 'zh-CN' ? '、' : ', ');

/** 说明.txt of the section: theme and tasks, then each plan's standing and each activity at a glance. */
export function sectionReadme(t: ArchiveText, theme: string | null, data: ArchiveData): string {
  const out = [t.plansHeading, '', `${t.researchTheme}：${theme ?? t.none}`, '', t.tasksHeading];
  if (data.tasks.length === 0) out.push(t.none);
  for (const task of data.tasks) {
    out.push(
      `- ${task.title}${task.abilityCode ? `（${task.abilityCode}）` : ''} · ${t.dueOn} ${task.dueOn ?? '—'} · ${task.practiceHours} ${t.hoursUnit}`,
    );
    if (task.description) out.push(`  ${task.description}`);
  }
  out.push('', t.plans.plansHeading);
  if (data.artefacts.length === 0) out.push(t.none);
  for (const a of data.artefacts) {
    const approved = a.versions.find((v) => v.id === a.approvedVersionId)?.version ?? null;
    out.push(t.plans.artefactLine(planLabel(t, a), t.plans.status[a.status] ?? a.status, a.versions.length, approved));
  }
  out.push('', t.plans.activitiesHeading);
  if (data.activities.length === 0) out.push(t.none);
  for (const a of data.activities) {
    out.push(t.plans.activityLine(a.heldOn, a.topic, a.organiser, a.participants.length, a.files.length));
  }
  out.push(
    '',
    t.plans.counts(
      data.artefacts.length,
      data.artefacts.reduce((n, a) => n + a.versions.length, 0),
      data.activities.length,
      data.activities.reduce((n, a) => n + a.files.length, 0),
    ),
    t.plans.readmeIndex,
    '',
  );
  return out.join('\r\n');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A link relative to the section's folder (where the index sits), each segment percent-encoded. */
const hrefFrom = (folder: string, path: string) =>
  path
    .slice(folder.length + 1)
    .split('/')
    .map(encodeURIComponent)
    .join('/');

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The section's file index: name linked to the file, size, SHA-256, for plans, decisions, activities and files. */
export function sectionIndexHtml(
  t: ArchiveText,
  school: string,
  folder: string,
  data: ArchiveData,
  section: SchoolSection,
): string {
  const p = t.plans;
  const file = (f: SchoolFile) =>
    f.path
      ? `<a href="${escapeHtml(hrefFrom(folder, f.path))}">${escapeHtml(f.name)}</a>`
      : escapeHtml(`${f.name}（${t.missing}）`);
  const hashed = (f: SchoolFile) => [file(f), String(f.sizeBytes), `<code>${escapeHtml(f.sha256)}</code>`];
  const e = escapeHtml;
  const plans = table(
    p.versionColumns,
    section.versions.map((v) => [
      e(v.plan),
      e(v.status),
      `v${v.version}`,
      ...hashed(v),
      e(v.standing ?? ''),
      e(v.theme ?? ''),
      e(v.uploadedBy),
      e(v.uploadedAt),
    ]),
  );
  const decisions = table(
    p.decisionColumns,
    decisionRows(t, data).map((r) => r.map((c) => e(String(c ?? '')))),
  );
  const activities = table(
    p.activityColumns,
    activityRows(t, data).map((r) => r.map((c) => e(String(c ?? '')))),
  );
  const files = table(
    p.fileColumns,
    section.files.map((f) => [e(f.heldOn), e(f.topic), e(f.kind), ...hashed(f), e(f.uploadedAt)]),
  );
  const title = escapeHtml(`${school} ${p.indexTitle}`);
  return `<!doctype html><html lang="${t.lang}"><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #999;padding:2px 6px;font-size:13px}code{font-size:11px}</style>
<h1>${title}</h1>
<h2>${e(p.plansHeading)}</h2>
${plans}
<h2>${e(p.decisionsHeading)}</h2>
${decisions}
<h2>${e(p.activitiesHeading)}</h2>
${activities}
<h2>${e(p.activityFilesHeading)}</h2>
${files}
</html>
`;
}

function decisionRows(t: ArchiveText, data: ArchiveData): Cell[][] {
  const byId = new Map(data.artefacts.map((a) => [a.id, a]));
  return data.decisions.map((d) => {
    const a = byId.get(d.artefactId);
    const version = a?.versions.find((v) => v.id === d.versionId)?.version;
    return [
      a ? planLabel(t, a) : '',
      t.plans.action[d.action] ?? d.action,
      version === undefined ? null : `v${version}`,
      d.by,
      chinaDateTime(d.at),
      d.action === 'school_artefact.return' ? d.reason : null,
    ];
  });
}

function activityRows(t: ArchiveText, data: ArchiveData): Cell[][] {
  return data.activities.map((a) => [
    a.heldOn,
    a.topic,
    a.organiser,
    a.groupName,
    Number(a.practiceHours),
    a.participants.length,
    list(
      t,
      a.participants.map((x) => x.name),
    ),
    a.files.filter((f) => f.kind === 'minutes').length,
    a.files.filter((f) => f.kind === 'photo').length,
  ]);
}

/** The section's sheets in the summary workbook: plans, decisions, activities, sign-in, activity files. */
export function sectionSheets(
  t: ArchiveText,
  data: ArchiveData,
  section: SchoolSection,
): Array<{ name: string; table: ReportTable }> {
  const p = t.plans;
  // Relative to the workbook at the archive's root, percent-encoded (Excel and WPS decode it to the file's path).
  const missing = (f: SchoolFile): Cell =>
    f.path
      ? { text: f.name, hyperlink: f.path.split('/').map(encodeURIComponent).join('/') }
      : `${f.name}（${t.missing}）`;
  return [
    {
      name: p.sheets.plans,
      table: {
        headers: p.versionColumns,
        kinds: ['wide', 'text', 'count', 'wide', 'count', 'wide', 'text', 'wide', 'text', 'date'],
        rows: section.versions.map((v) => [
          v.plan,
          v.status,
          v.version,
          missing(v),
          v.sizeBytes,
          v.sha256,
          v.standing,
          v.theme,
          v.uploadedBy,
          v.uploadedAt,
        ]),
      },
    },
    {
      name: p.sheets.decisions,
      table: {
        headers: p.decisionColumns,
        kinds: ['wide', 'text', 'text', 'text', 'date', 'wide'],
        rows: decisionRows(t, data),
      },
    },
    {
      name: p.sheets.activities,
      table: {
        headers: p.activityColumns,
        kinds: ['date', 'wide', 'text', 'text', 'hours', 'count', 'wide', 'count', 'count'],
        rows: activityRows(t, data),
      },
    },
    {
      name: p.sheets.attendance,
      table: {
        headers: p.attendanceColumns,
        kinds: ['date', 'wide', 'text', 'hours'],
        rows: data.activities.flatMap((a) => a.participants.map((x) => [a.heldOn, a.topic, x.name, x.creditedHours])),
      },
    },
    {
      name: p.sheets.files,
      table: {
        headers: p.fileColumns,
        kinds: ['date', 'wide', 'text', 'wide', 'count', 'wide', 'date'],
        rows: section.files.map((f) => [f.heldOn, f.topic, f.kind, missing(f), f.sizeBytes, f.sha256, f.uploadedAt]),
      },
    },
  ];
}
