import { issue } from '../../issues';
import { parseCompletionTime } from '../../time';
import { claimFor, GRADE_ITEM, rowLabel, type FileItem, type LayoutInput } from './common';

const EXPORTED = 'Last downloaded from this course';

/** Moodle's gradebook export: one "<type>: <item> (Real)" column per graded activity. */
export function isGrades(header: string[]): boolean {
  const gradeItem = header.some((h) => GRADE_ITEM.test(h) && !/^Course total/.test(h));
  if (!header.includes(EXPORTED) && !gradeItem) return false;
  return header.includes('First name') || header.includes('Last name') || header.some((h) => GRADE_ITEM.test(h));
}

export function readGrades(input: LayoutInput): void {
  const { sheet, mapping, context, teacherIndex, items, warnings } = input;
  const { header } = sheet;
  const exported = header.indexOf(EXPORTED);
  const gradeColumns = header
    .map((h, i) => ({ i, m: GRADE_ITEM.exec(h) }))
    .filter(({ m }) => m && !/^Course total/i.test(m[1] ?? '') && m[3] === 'Real');
  warnings.push(
    'Moodle 成绩导出不含评分时间：以导出时间作为完成时间 / grade exports have no grade dates: the export time is used as the completion time',
  );
  for (const { row, cells } of sheet.rows) {
    const teacherValue = cells[teacherIndex] ?? '';
    const exportedAt = exported >= 0 ? parseCompletionTime(cells[exported] ?? '', context.utcOffset) : null;
    for (const { i, m } of gradeColumns) {
      const courseRef = (m?.[2] ?? '').trim();
      const text = (cells[i] ?? '').trim();
      const item: FileItem = { row, teacher: rowLabel(input, cells), courseRef, issues: [] };
      items.push(item);
      const grade = Number(text);
      if (text === '' || text === '-' || !Number.isFinite(grade)) {
        item.skipped = issue('not_completed', header[i], text || undefined);
        continue;
      }
      if (mapping.minGrade !== undefined && grade < mapping.minGrade) {
        item.skipped = issue('not_completed', header[i], `grade ${text} < ${mapping.minGrade}`);
        continue;
      }
      if (!exportedAt) item.issues.push(issue('invalid_date', EXPORTED));
      else {
        item.claim = claimFor(input, row, teacherValue, courseRef, exportedAt, {
          evidence: { grade: text, column: header[i], exportedAt: cells[exported] },
        });
      }
    }
  }
}
