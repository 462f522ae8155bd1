import { issue } from '../../issues';
import { parseCompletionTime } from '../../time';
import {
  COMPLETION_DATE_SUFFIXES,
  COURSE_COMPLETE_HEADERS,
  findColumn,
  rowLabel,
  type FileItem,
  type LayoutInput,
} from './common';
import { readStatusPairs, type StatusPair } from './status-pairs';

/** Moodle's course completion report: "ID", then per criterion a status column and "<name> - Completion date". */
export function isCourseCompletion(header: string[]): boolean {
  if (header[0] !== 'ID') return false;
  return (
    header.some((h) => COMPLETION_DATE_SUFFIXES.some((s) => h.endsWith(s))) ||
    findColumn(header, COURSE_COMPLETE_HEADERS) >= 0
  );
}

/** Moodle names the download `completion-<short name, lower case, [^a-z0-9-] → _>-YYYYMMDD_HHMM-…`. */
export function courseOfFileName(fileName: string): string | undefined {
  return /^completion-(.+)-\d{8}_\d{4}(-[a-z_]+)?\.csv$/i.exec(fileName.split(/[\\/]/).pop() ?? '')?.[1];
}

export function readCourseCompletion(input: LayoutInput): void {
  const { header } = input.sheet;
  const pairs: StatusPair[] = [];
  for (let i = 0; i < header.length - 1; i++) {
    if (i === input.teacherIndex || i === input.nameIndex) continue;
    const name = header[i] ?? '';
    const next = header[i + 1] ?? '';
    if (COMPLETION_DATE_SUFFIXES.some((s) => next === name + s)) {
      pairs.push({ name, status: i, date: i + 1 });
      i++;
    }
  }
  const courseComplete = findColumn(header, COURSE_COMPLETE_HEADERS);
  readStatusPairs(input, pairs, { noPairsIsProblem: courseComplete < 0 });
  if (courseComplete >= 0) {
    readCourseComplete(input, courseComplete);
    // In row order (a row's activities, then its course): the report lists the same rows whatever the batches.
    input.items.sort((a, b) => a.row - b.row);
  }
}

/** "Course complete": a date when the whole course is complete (the latest criterion date), else empty. */
function readCourseComplete(input: LayoutInput, column: number): void {
  const { sheet, mapping, context, teacherIndex, teacherBy, items, warnings, used } = input;
  const dated = sheet.rows.filter((r) => (r.cells[column] ?? '').trim() !== '');
  if (dated.length === 0) return;
  const lmsCourse = mapping.lmsCourse ?? courseOfFileName(context.fileName);
  if (!lmsCourse) {
    warnings.push(
      `“${header(sheet, column)}”列有课程完成日期，但无法确定是哪门课程（文件名不是 Moodle 的 completion-<课程简称>-…）：请在列映射中指定 lmsCourse / ` +
        `the "${header(sheet, column)}" column has course completion dates but the course is unknown (the file name is not Moodle's completion-<short name>-…): set lmsCourse in the mapping`,
    );
    return;
  }
  used.add(column);
  for (const { row, cells } of dated) {
    const teacherValue = (cells[teacherIndex] ?? '').trim();
    const text = cells[column] ?? '';
    const completedAt = parseCompletionTime(text, context.utcOffset);
    const item: FileItem = { row, teacher: rowLabel(input, cells), courseRef: lmsCourse, issues: [] };
    items.push(item);
    if (!teacherValue) item.issues.push(issue('unknown_teacher', mapping.teacherColumn, '(empty)'));
    if (!completedAt) item.issues.push(issue('invalid_date', header(sheet, column), text));
    if (!teacherValue || !completedAt) continue;
    item.wholeCourse = {
      lmsCourse,
      teacher: { by: teacherBy, value: teacherValue },
      completedAt,
      evidence: {
        file: context.fileName,
        sha256: context.fileSha256,
        layout: mapping.layout,
        row,
        column: header(sheet, column),
        courseComplete: text,
        course: mapping.lmsCourse ? 'mapping' : 'file_name',
      },
    };
  }
}

const header = (sheet: LayoutInput['sheet'], column: number) => sheet.header[column] ?? '';
