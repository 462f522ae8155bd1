import type { ImportReportItem } from '../../../../../shared/api/completions';
import { catalogueCourseOf, courseFactId, type CourseFact } from '../course-facts';
import { normaliseCourseRef, type CourseMapping } from '../course-mappings';
import type { FileItem } from '../files/layouts';
import { issue } from '../issues';
import type { ClaimOutcome } from '../record';

// A file's rows as the import sees them: whole-course rows turned into facts (and claims where the catalogue maps
// the course), and each row's line in the report from what became of its claim.

/**
 * Whole-course completions of a batch as facts, each resolved to the catalogue's course when it knows it. Where the
 * catalogue maps the whole course, the item also becomes an hours claim (same external id scheme as an activity:
 * teacher + course, so the report builder's and the completion report's rows of one course agree); else the item
 * is reported as a recorded course completion that credits no hours.
 */
export function wholeCourseFacts(index: Map<string, CourseMapping>, items: FileItem[], importId: string) {
  const facts: { item: FileItem; fact: CourseFact }[] = [];
  for (const item of items) {
    const w = item.wholeCourse;
    if (!w) continue;
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
    facts.push({ item, fact });
  }
  return facts;
}

/** One row × activity's line in the report, from what became of its claim. */
export function reportItem(item: FileItem, outcome: ClaimOutcome | undefined): ImportReportItem {
  const plain = { row: item.row, teacher: item.teacher, course: item.courseRef };
  if (item.skipped) return { ...plain, status: 'skipped', issues: [item.skipped] };
  if (!item.claim) return { ...plain, status: 'rejected', issues: item.issues };
  const evidence = item.claim.evidence;
  const dateRule = (evidence.dateRule ?? 'file') as NonNullable<ImportReportItem['dateRule']>;
  const base = { ...plain, dateRule };
  // Dated from the ledger: the row says from which date and source, whatever became of it.
  const dated =
    dateRule === 'ledger' ? [issue('date_from_ledger', 'completedAt', String(evidence.dateLabel ?? ''))] : [];
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
}

/** The status and issue codes of an item's report line, without building it (most lines are only counted). */
export function itemKind(item: FileItem, outcome: ClaimOutcome | undefined): [ImportReportItem['status'], string[]] {
  if (item.skipped) return ['skipped', [item.skipped.code]];
  if (!item.claim || !outcome) {
    const codes = item.issues.map((i) => i.code as string);
    if (item.claim?.evidence.dateRule === 'ledger') codes.push('date_from_ledger');
    return ['rejected', codes];
  }
  const codes: string[] = [];
  if (outcome.status === 'created' || outcome.status === 'would_create') {
    const rule = outcome.belowPassRule;
    if (rule) codes.push(rule === 'credit' ? 'below_pass_credited' : 'below_pass_credited_after_review');
  } else if ('issues' in outcome) for (const i of outcome.issues) codes.push(i.code);
  if (item.claim.evidence.dateRule === 'ledger') codes.push('date_from_ledger');
  return [outcome.status, codes];
}
