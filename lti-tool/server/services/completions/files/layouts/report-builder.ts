import { issue } from '../../issues';
import { parseCompletionTime } from '../../time';
import { rowLabel, type FileItem, type LayoutInput } from './common';

/** A Moodle report-builder "course participants" report with course completion columns. */
export function isReportBuilder(header: string[]): boolean {
  return header.includes('Course short name') && header.includes('Time completed');
}

export function readReportBuilder(input: LayoutInput): void {
  const { sheet, context, teacherIndex, items, used } = input;
  const { header } = sheet;
  const course = header.indexOf('Course short name');
  const completed = header.indexOf('Completed');
  const time = header.indexOf('Time completed');
  const role = header.indexOf('Role name');
  for (const i of [course, completed, time, role]) if (i >= 0) used.add(i);
  for (const { row, cells } of sheet.rows) {
    if (role >= 0 && !['Student', '学生'].includes(cells[role] ?? '')) continue;
    const courseRef = cells[course] ?? '';
    const item: FileItem = { row, teacher: rowLabel(input, cells), courseRef, issues: [] };
    items.push(item);
    if (!['Yes', '是'].includes(cells[completed] ?? '')) {
      item.skipped = issue('not_completed', 'Completed', cells[completed] || undefined);
      continue;
    }
    const completedAt = parseCompletionTime(cells[time] ?? '', context.utcOffset);
    if (!completedAt) item.issues.push(issue('invalid_date', 'Time completed', cells[time] || '(empty)'));
    else if (!(cells[teacherIndex] ?? '').trim()) item.issues.push(issue('unknown_teacher', 'teacher', '(empty)'));
    else {
      // A whole course completed: its own fact, and hours where the catalogue maps the whole course.
      item.wholeCourse = {
        lmsCourse: courseRef,
        teacher: { by: input.teacherBy, value: (cells[teacherIndex] ?? '').trim() },
        completedAt,
        evidence: {
          file: context.fileName,
          sha256: context.fileSha256,
          layout: input.mapping.layout,
          row,
          completed: cells[completed],
          timeCompleted: cells[time],
        },
      };
    }
  }
}
