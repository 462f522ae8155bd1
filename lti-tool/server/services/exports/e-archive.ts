import { PassThrough, type Readable } from 'node:stream';
import { ZipArchive, type Archiver, type ZipEntryData } from 'archiver';
import { eq } from 'drizzle-orm';
import { organisations } from '../../db/schema';
import { DomainError } from '../errors';
import { ABILITY_STATUS_TEXT, ENVIRONMENT_TEXT, STATE_TEXT } from './report-labels';
import { abilityReportStatus, teacherStatusesOf } from './report-data';
import type { ProduceInput, Produced } from './produce';
import type { Cell, ReportTable } from './report-table';
import { writeXlsx } from './report-writers';
import { loadArchiveData, type ArchiveData } from './e-archive-data';
import { ARCHIVE_TEXT, PLANS_FOLDER, type ArchiveText } from './e-archive-labels';
import { schoolFileCount, sectionIndexHtml, sectionReadme, sectionSheets, writeSchoolFiles } from './e-archive-school';
import type { SchoolSection } from './e-archive-school';
import { chinaDate, chinaDateTime } from './china-time';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const relativeUri = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** A school with video evidence runs to gigabytes; the zip is streamed, so only storage bounds it. */
export const MAX_ARCHIVE_BYTES = 64 * 1024 ** 3;

/** A name safe as one path segment inside the zip: no separators, control characters or dot-only names. */
export function segment(name: string, fallback = 'file'): string {
  const clean = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what a path must not carry
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .trim()
    .slice(0, 80);
  return clean && !/^\.+$/.test(clean) ? clean : fallback;
}

/**
 * Appends one entry and waits until the archive has written it, so at most one source (one evidence file) is open
 * at a time and its bytes flow through to storage instead of queueing in memory.
 */
function appendAndWait(archive: Archiver, source: Readable | Buffer | string, data: ZipEntryData): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      archive.off('error', failed);
      resolve();
    };
    const failed = (err: Error) => {
      archive.off('entry', done);
      reject(err);
    };
    archive.once('entry', done);
    archive.once('error', failed);
    archive.append(source, data);
  });
}

interface IndexLine {
  teacher: string;
  ability: string;
  state: string;
  slot: string;
  kind: string;
  name: string;
  sizeBytes: number | null;
  sha256: string | null;
  /** Relative path of the file inside the zip; null for a text or link, or a file missing from storage. */
  path: string | null;
  text: string | null;
  grade: string;
  assessor: string;
  missing: boolean;
}

/** 电子档案: one school's whole record as a zip, streamed from the database and the blob store into storage. */
export async function produceEArchive(input: ProduceInput<'e_archive'>): Promise<Produced> {
  const { db, storage, params } = input;
  const t = ARCHIVE_TEXT[params.language];
  const [school] = await db.select().from(organisations).where(eq(organisations.id, params.schoolId));
  if (!school || school.tenantId !== input.tenantId) throw new DomainError('not_found', { field: 'schoolId' });
  const data = await loadArchiveData(db, {
    tenantId: input.tenantId,
    programmeInstanceId: input.programmeInstanceId,
    school,
  });

  const archive = new ZipArchive({ zlib: { level: 6 } });
  const stored = storage.put(archive, { maxBytes: MAX_ARCHIVE_BYTES });
  // A failed put (limit, disk) must stop the archive too, or the producer would wait for ever.
  stored.catch((err: unknown) => archive.destroy(err instanceof Error ? err : new Error(String(err))));

  const teacherName = new Map(data.teachers.map((x) => [x.enrolment.id, x.name]));
  const folderOf = new Map(
    data.teachers.map((x) => [x.enrolment.id, `${segment(x.name)}_${x.enrolment.id.slice(0, 8)}`]),
  );
  const subById = new Map(data.subs.map((s) => [s.id, s]));
  const lines: IndexLine[] = [];
  const total = data.items.filter((i) => i.storageKey).length + schoolFileCount(data);
  let written = 0;
  const advance = async () => {
    written++;
    await input.progress(written, total);
  };
  await appendAndWait(archive, readme(t, school.name, data, input.now), { name: t.readmeFile });

  // The school's plans and activity records first: they open the archive as they open the school's year.
  const folder = PLANS_FOLDER[params.language];
  const section = await writeSchoolFiles(
    storage,
    t,
    folder,
    data,
    (source, name) => appendAndWait(archive, source, { name, store: true }),
    segment,
    advance,
  );
  await appendAndWait(archive, sectionReadme(t, school.researchTheme, data), { name: `${folder}/${t.readmeFile}` });
  await appendAndWait(archive, sectionIndexHtml(t, school.name, folder, data, section), {
    name: `${folder}/${t.plans.indexFile}`,
  });

  for (const item of data.items) {
    const sub = subById.get(item.submissionId);
    if (!sub) continue;
    const latest = data.assessments.filter((a) => a.row.evidenceItemId === item.id).at(-1);
    const line: IndexLine = {
      teacher: teacherName.get(sub.enrolmentId) ?? '',
      ability: sub.abilityCode,
      state: t.submissionState[sub.state] ?? sub.state,
      slot: item.slotId,
      kind: item.kind,
      name: item.fileOriginalName ?? (item.url ? item.url : t.textItem),
      sizeBytes: item.fileSizeBytes,
      sha256: item.fileSha256,
      path: null,
      text: item.text ?? item.url,
      grade: latest ? ABILITY_STATUS_TEXT[params.language][latest.row.grade] : '',
      assessor: latest?.assessor ?? '',
      missing: false,
    };
    if (item.storageKey) {
      const path = `${t.evidenceFolder}/${folderOf.get(sub.enrolmentId)}/${segment(sub.abilityCode)}/${segment(
        item.slotId,
      )}_${item.id.slice(0, 8)}_${segment(item.fileOriginalName ?? item.kind)}`;
      const object = await storage.get(item.storageKey);
      if (object) {
        // Evidence is mostly already compressed (video, images, Office files): stored, not deflated again.
        await appendAndWait(archive, object.body, { name: path, store: true });
        line.path = path;
      } else {
        line.missing = true;
      }
      await advance();
    }
    lines.push(line);
  }

  await appendAndWait(archive, indexHtml(t, school.name, lines), { name: t.indexFile });

  const sheets = await summarySheets(input, t, data, lines, section, school);
  const book = new PassThrough();
  await Promise.all([appendAndWait(archive, book, { name: t.summaryFile }), writeXlsx(book, sheets)]);
  await archive.finalize();
  const object = await stored;
  return {
    object,
    fileName: `${t.archiveName}_${school.name}.zip`,
    contentType: 'application/zip',
  };
}

function readme(t: ArchiveText, school: string, data: ArchiveData, now: Date): string {
  return [
    `${t.title}：${school}`,
    `${t.programme}：${data.instance.name}`,
    `${t.generatedAt}：${chinaDateTime(now)}${t.chinaTime}`,
    '',
    t.contents,
    ...t.sections.map((s) => `- ${s}`),
    '',
    t.counts(data.teachers.length, data.items.filter((i) => i.storageKey).length, data.ledger.length),
    '',
    t.plansNote,
    '',
  ].join('\r\n');
}

function indexHtml(t: ArchiveText, school: string, lines: IndexLine[]): string {
  const head = t.indexColumns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const rows = lines.map((l) => {
    const file = l.path
      ? `<a href="${escapeHtml(relativeUri(l.path))}">${escapeHtml(l.name)}</a>`
      : escapeHtml(l.missing ? `${l.name}（${t.missing}）` : (l.text ?? l.name));
    const cells = [l.teacher, l.ability, l.state, l.slot, t.kind[l.kind] ?? l.kind].map(
      (c) => `<td>${escapeHtml(c)}</td>`,
    );
    cells.push(
      `<td>${file}</td>`,
      `<td>${l.sizeBytes ?? ''}</td>`,
      `<td><code>${escapeHtml(l.sha256 ?? '')}</code></td>`,
      `<td>${escapeHtml(l.grade)}</td>`,
      `<td>${escapeHtml(l.assessor)}</td>`,
    );
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<!doctype html><html lang="${t.lang}"><meta charset="utf-8"><title>${escapeHtml(`${school} ${t.indexTitle}`)}</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;font-size:13px}code{font-size:11px}</style>
<h1>${escapeHtml(`${school} ${t.indexTitle}`)}</h1>
<table><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></html>
`;
}

async function summarySheets(
  input: ProduceInput<'e_archive'>,
  t: ArchiveText,
  data: ArchiveData,
  lines: IndexLine[],
  section: SchoolSection,
  school: typeof organisations.$inferSelect,
): Promise<Array<{ name: string; table: ReportTable }>> {
  const lang = input.params.language;
  const groupName = new Map(data.groups.map((g) => [g.id, g.name]));
  const name = new Map(data.teachers.map((x) => [x.enrolment.id, x.name]));
  const summary: Cell[][] = [];
  const statuses = await teacherStatusesOf(
    input.db,
    data.teachers.map((x) => x.enrolment),
    data.instance,
    () => school,
  );
  for (const { enrolment, name: teacher } of data.teachers) {
    const status = statuses.get(enrolment.id)!;
    summary.push([
      teacher,
      enrolment.subject ?? '',
      enrolment.groupId ? (groupName.get(enrolment.groupId) ?? '') : '',
      status.abilities
        .map((a) => `${a.code} ${ABILITY_STATUS_TEXT[lang][abilityReportStatus(a)]}`)
        .join(lang === 'zh' ? '、' : ', '),
      status.hours.counted.online.hours,
      status.hours.counted.practice.hours,
      status.hours.counted.total.hours,
      STATE_TEXT[lang][status.state],
      lines.filter((l) => l.teacher === teacher && l.path).length,
    ]);
  }
  const orgName = (id: string) => (id === school.id ? school.name : (groupName.get(id) ?? ''));
  return [
    {
      name: t.sheets.summary,
      table: {
        headers: t.summaryColumns,
        kinds: ['text', 'text', 'text', 'wide', 'hours', 'hours', 'hours', 'text', 'count'],
        rows: summary,
      },
    },
    {
      name: t.sheets.team,
      table: {
        headers: t.teamColumns,
        kinds: ['text', 'text', 'wide'],
        rows: data.team.map((m) => [m.name, t.role[m.role] ?? m.role, orgName(m.organisationId)]),
      },
    },
    {
      name: t.sheets.groups,
      table: {
        headers: t.groupColumns,
        kinds: ['text', 'count', 'wide'],
        rows: data.groups.map((g) => {
          const members = data.teachers.filter((x) => x.enrolment.groupId === g.id).map((x) => x.name);
          return [g.name, members.length, members.join(lang === 'zh' ? '、' : ', ')];
        }),
      },
    },
    {
      name: t.sheets.choices,
      table: {
        headers: t.choiceColumns,
        kinds: ['text', 'text', 'date', 'date'],
        rows: data.selections.map((s) => [
          name.get(s.enrolmentId) ?? '',
          s.abilityCode,
          chinaDate(s.selectedAt),
          s.withdrawnAt ? chinaDate(s.withdrawnAt) : null,
        ]),
      },
    },
    {
      name: t.sheets.grades,
      table: {
        headers: t.gradeColumns,
        kinds: ['text', 'text', 'text', 'text', 'date'],
        rows: data.grades.map((g) => [
          name.get(g.enrolmentId) ?? '',
          g.abilityCode,
          t.level[g.level] ?? g.level,
          ABILITY_STATUS_TEXT[lang][g.grade],
          chinaDate(g.computedAt),
        ]),
      },
    },
    {
      name: t.sheets.ledger,
      table: {
        headers: t.ledgerColumns,
        kinds: ['text', 'text', 'hours', 'count', 'text', 'text', 'wide', 'date'],
        rows: data.ledger.map(({ entry, recordedBy }) => [
          name.get(entry.enrolmentId) ?? '',
          t.category[entry.category] ?? entry.category,
          Number(entry.hours),
          entry.schoolYear,
          t.source[entry.sourceKind] ?? entry.sourceKind,
          recordedBy ?? entry.recordedBySystem ?? '',
          entry.reason ?? '',
          chinaDate(entry.createdAt),
        ]),
      },
    },
    {
      name: t.sheets.evidence,
      table: {
        headers: t.indexColumns,
        kinds: ['text', 'text', 'text', 'text', 'text', 'wide', 'count', 'wide', 'text', 'text'],
        rows: lines.map((l) => [
          l.teacher,
          l.ability,
          l.state,
          l.slot,
          t.kind[l.kind] ?? l.kind,
          // Percent-encoded, as a relationship target must be a URI (Excel and WPS decode it to the file's path).
          l.path
            ? { text: l.name, hyperlink: relativeUri(l.path) }
            : l.missing
              ? `${l.name}（${t.missing}）`
              : (l.text ?? l.name),
          l.sizeBytes,
          l.sha256,
          l.grade,
          l.assessor,
        ]),
      },
    },
    ...sectionSheets(t, data, section),
    {
      name: t.sheets.school,
      table: {
        headers: [t.item, t.value],
        kinds: ['text', 'wide'],
        rows: [
          [t.school, school.name],
          [t.environment, ENVIRONMENT_TEXT[lang][school.teachingEnvironment ?? 'multimedia'] ?? ''],
          [t.researchTheme, school.researchTheme ?? ''],
          [t.programme, data.instance.name],
          [t.tasksHeading, data.tasks.map((x) => x.title).join(lang === 'zh' ? '、' : ', ')],
          [t.plans.approvedCount, data.artefacts.filter((a) => a.approvedVersionId).length],
          [t.plans.activityCount, data.activities.length],
        ],
      },
    },
  ];
}
