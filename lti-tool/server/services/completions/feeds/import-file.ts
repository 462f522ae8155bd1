import { createHash, randomUUID } from 'node:crypto';
import type { ImportReportItem, ImportReportReply } from '../../../../../shared/api/completions';
import type { Db } from '../../../db/client';
import { completionImports } from '../../../db/schema';
import type { AuditActor } from '../../audit';
import { detectLayout, fileMappingSchema, readCompletions, type FileItem, type FileMapping } from '../files/layouts';
import { loadCourseIndex, normaliseCourseRef } from '../course-mappings';
import {
  catalogueCourseOf,
  courseFactId,
  recordCourseFacts,
  type CourseFact,
  type CourseFactOutcome,
} from '../course-facts';
import { readSheet, UnreadableFileError } from '../files/spreadsheet';
import { issue } from '../issues';
import { dateFromLedger } from './ledger-dates';
import { recordCompletions, summarise, type ClaimOutcome, type FeedContext, type Recorder } from '../record';
import { rememberColumnMapping, sourceUtcOffset, type CompletionSource } from '../sources';

// The report is the import routes' reply: its shape is the contract's (`importReportReply` in shared/api).
export type ImportReport = ImportReportReply;
export type { ImportReportItem };

export interface ImportFileInput {
  tenantId: string;
  source: CompletionSource;
  bytes: Uint8Array;
  fileName: string;
  /** Overrides the source's remembered mapping, field by field. */
  mapping?: Partial<FileMapping>;
  dryRun?: boolean;
  recorder: Recorder;
  actor: AuditActor;
}

/**
 * Whole-course completions of the file as facts, each resolved to the catalogue's course when it knows it. Where the
 * catalogue maps the whole course, the item also becomes an hours claim (same external id scheme as an activity:
 * teacher + course, so the report builder's and the completion report's rows of one course agree); else the item
 * is reported as a recorded course completion that credits no hours.
 */
async function wholeCourseFacts(db: Db, tenantId: string, items: FileItem[], importId: string) {
  const wholes = items.filter((item) => item.wholeCourse);
  if (wholes.length === 0) return [];
  const index = await loadCourseIndex(db, tenantId);
  return wholes.map((item) => {
    const w = item.wholeCourse!;
    const course = catalogueCourseOf(index, w.lmsCourse);
    const courseRef = course?.courseRef ?? w.lmsCourse;
    item.courseRef = courseRef;
    const evidence = { ...w.evidence, importId, dateRule: 'file' };
    if (course) {
      item.claim = {
        externalId: `${w.teacher.by}:${w.teacher.value.toLowerCase()}|${normaliseCourseRef(courseRef)}`,
        teacher: w.teacher,
        courseRef,
        completedAt: w.completedAt,
        evidence: { ...evidence, wholeCourse: true },
      };
    } else item.skipped = issue('course_completion_recorded', 'course', w.lmsCourse);
    const fact: CourseFact = {
      teacher: w.teacher,
      courseRef,
      ...(course ? { course } : {}),
      completedAt: w.completedAt,
      externalId: courseFactId(w.teacher, courseRef),
      evidence,
    };
    return { item, fact };
  });
}

/**
 * Imports a completion export: reads the sheet, detects the layout (or uses the mapping), resolves every row
 * against the tenant's teachers and course catalogue, and — unless `dryRun` — records completions and credits
 * hours. Re-importing the same or a newer export never doubles hours (stable external ids per teacher and
 * course). The mapping that worked is remembered on the source.
 */
export async function importCompletionFile(db: Db, input: ImportFileInput): Promise<ImportReport> {
  if (input.source.tenantId !== input.tenantId) throw new Error('source of another tenant');
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const remembered = fileMappingSchema.safeParse(input.source.columnMapping);
  const mapping = fileMappingSchema.parse({ ...(remembered.success ? remembered.data : {}), ...input.mapping });
  const dryRun = input.dryRun ?? false;
  const base = {
    dryRun,
    importId: null,
    file: { name: input.fileName, sha256, format: 'unknown', bytes: input.bytes.length },
    mapping,
  };
  const refused = (fileIssues: string[], format = 'unknown'): ImportReport => ({
    ...base,
    file: { ...base.file, format },
    layout: null,
    fileIssues,
    warnings: [],
    summary: { ...summarise([]), rows: 0, items: 0, skipped: 0, courses_recorded: 0, courses_unchanged: 0 },
    items: [],
  });
  let sheet;
  try {
    sheet = await readSheet(input.bytes, input.fileName);
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    return refused([`无法读取文件 / unreadable file: ${err.message}`]);
  }
  // Over the row limit nothing is imported: its rows are not resolved, validated or reported one by one (a
  // province-sized file would otherwise hold every row's report in memory to say that it was refused).
  if (sheet.tooManyRows) return refused(sheet.problems, sheet.format);
  const utcOffset = sourceUtcOffset(input.source);
  // The caller's mapping wins; the remembered one applies where it fits this file (a source may send several
  // Moodle reports: the detected layout beats a remembered one, a remembered column must exist in the header).
  const effective: FileMapping = { ...mapping };
  if (input.mapping?.layout === undefined) effective.layout = detectLayout(sheet.header) ?? mapping.layout;
  if (input.mapping?.teacherColumn === undefined && effective.teacherColumn !== undefined) {
    if (!sheet.header.includes(effective.teacherColumn)) {
      delete effective.teacherColumn;
      delete effective.teacherBy;
    }
  }
  const reading = readCompletions(sheet, effective, { fileName: input.fileName, fileSha256: sha256, utcOffset });
  const ctx: FeedContext = {
    tenantId: input.tenantId,
    sourceKind: 'file',
    sourceId: input.source.id,
    programmeInstanceId: input.source.programmeInstanceId,
    platformId: input.source.platformId,
    recorder: input.recorder,
    actor: input.actor,
    utcOffset,
    belowPassApproved: mapping.approveBelowPass === true,
  };
  const importId = randomUUID();
  await dateFromLedger(db, ctx, reading.items);
  const facts = await wholeCourseFacts(db, input.tenantId, reading.items, importId);
  const claims = reading.items.flatMap((item) =>
    item.claim ? [{ ...item.claim, evidence: { ...item.claim.evidence, importId } }] : [],
  );
  const fileIssues = [...sheet.problems, ...reading.fileIssues];
  let factOutcomes: CourseFactOutcome[] = [];
  let outcomes: ClaimOutcome[] = [];
  if (fileIssues.length === 0) {
    const write = !dryRun && (claims.length > 0 || facts.length > 0);
    if (!write)
      factOutcomes = await recordCourseFacts(
        db,
        ctx,
        facts.map((f) => f.fact),
        { dryRun: true },
      );
    outcomes = await recordCompletions(db, ctx, claims, {
      dryRun: !write,
      alongside: async (tx) => {
        factOutcomes = await recordCourseFacts(
          tx,
          ctx,
          facts.map((f) => f.fact),
        );
      },
    });
  }
  // A whole course the catalogue does not map: its completion is recorded, no hours (the activities carry them).
  facts.forEach(({ item }, i) => {
    const o = factOutcomes[i];
    if (!item.claim && o?.status === 'rejected') item.issues.push(...o.issues);
  });
  let next = 0;
  const items: ImportReportItem[] = reading.items.map((item) => {
    const plain = { row: item.row, teacher: item.teacher, course: item.courseRef };
    if (item.skipped) return { ...plain, status: 'skipped', issues: [item.skipped] };
    if (!item.claim) return { ...plain, status: 'rejected', issues: item.issues };
    const evidence = item.claim.evidence;
    const dateRule = (evidence.dateRule ?? 'file') as NonNullable<ImportReportItem['dateRule']>;
    const base = { ...plain, dateRule };
    // Dated from the ledger: the row says from which date and source, whatever became of it.
    const dated =
      dateRule === 'ledger' ? [issue('date_from_ledger', 'completedAt', String(evidence.dateLabel ?? ''))] : [];
    const outcome = outcomes[next++];
    if (!outcome) return { ...base, status: 'rejected', issues: [...item.issues, ...dated] };
    if (outcome.status === 'created' || outcome.status === 'would_create') {
      // A below-pass row that the programme credits says so, in words (it is not a problem in the row).
      const rule = outcome.belowPassRule;
      return {
        ...base,
        status: outcome.status,
        hours: outcome.hours,
        abilityCode: outcome.parts.map((p) => p.abilityCode).join('、'),
        schoolYear: outcome.schoolYear,
        issues: [
          ...(rule ? [issue(rule === 'credit' ? 'below_pass_credited' : 'below_pass_credited_after_review')] : []),
          ...dated,
        ],
      };
    }
    return { ...base, status: outcome.status, issues: [...('issues' in outcome ? outcome.issues : []), ...dated] };
  });
  const counted = summarise(outcomes);
  const summary = {
    ...counted,
    courses_recorded: factOutcomes.filter((o) => o.status === 'recorded' || o.status === 'would_record').length,
    courses_unchanged: factOutcomes.filter((o) => o.status === 'unchanged').length,
    rejected: items.filter((i) => i.status === 'rejected').length,
    rows: sheet.rows.length,
    items: items.length,
    skipped: items.filter((i) => i.status === 'skipped').length,
  };
  const report: ImportReport = {
    ...base,
    file: { ...base.file, format: sheet.format },
    layout: reading.layout,
    mapping: reading.mapping,
    fileIssues,
    warnings: reading.warnings,
    summary,
    items,
  };
  if (!dryRun && fileIssues.length === 0) {
    const [row] = await db
      .insert(completionImports)
      .values({
        id: importId,
        tenantId: input.tenantId,
        sourceId: input.source.id,
        fileName: input.fileName.slice(0, 500),
        fileSha256: sha256,
        format: `${sheet.format}:${reading.layout}`,
        rowsTotal: sheet.rows.length,
        completionsCreated: summary.created,
        report: { summary, warnings: reading.warnings },
        recordedByPersonId: input.recorder.personId ?? null,
        recordedBySystem: input.recorder.personId ? null : (input.recorder.system ?? 'system'),
      })
      .returning({ id: completionImports.id });
    report.importId = row!.id;
    // An effective date and an approval belong to this file only: next month's export must not inherit them.
    const remembered: FileMapping = { ...reading.mapping };
    delete remembered.effectiveDate;
    delete remembered.approveBelowPass;
    await rememberColumnMapping(db, input.tenantId, input.source.id, remembered);
  }
  return report;
}
