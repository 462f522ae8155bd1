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
  const { sheet, mapping, context, teacherIndex, items, warnings, used } = input;
  const { header } = sheet;
  const exported = header.indexOf(EXPORTED);
  const gradeColumns = header
    .map((h, i) => ({ i, m: GRADE_ITEM.exec(h) }))
    .filter(({ m }) => m && !/^Course total/i.test(m[1] ?? '') && m[3] === 'Real');
  for (const { i } of gradeColumns) used.add(i);
  // A grade export has no grade dates, and its download time is not a completion time: the admin's effective
  // date applies, or the rows wait (a completion report of the same course supplies the real dates).
  const effective = mapping.effectiveDate ? parseCompletionTime(mapping.effectiveDate, context.utcOffset) : null;
  warnings.push(
    effective
      ? `成绩导出不含完成时间：按管理员指定的生效日期 ${mapping.effectiveDate} 计入 / grade exports have no completion times: the effective date ${mapping.effectiveDate} given by the admin applies`
      : '成绩导出不含完成时间：已评分的记录暂不计入，请先导入完成情况报告或指定生效日期 / grade exports have no completion times: graded rows wait for a completion report or an effective date',
  );
  for (const { row, cells } of sheet.rows) {
    const teacherValue = cells[teacherIndex] ?? '';
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
      // Below the pass grade the admin gave (minGrade): a completion below the pass grade, which the teacher's
      // programme decides, exactly as the completion reports' "did not achieve pass grade".
      const belowPass = mapping.minGrade !== undefined && grade < mapping.minGrade;
      if (!effective) {
        item.skipped = issue('no_completion_time', header[i], `grade ${text}`);
        continue;
      }
      item.claim = claimFor(input, row, teacherValue, courseRef, effective, {
        ...(belowPass ? { belowPass } : {}),
        evidence: {
          ...(belowPass ? { passGrade: mapping.minGrade } : {}),
          grade: text,
          column: header[i],
          exportedAt: exported >= 0 ? cells[exported] : undefined,
          dateRule: 'effective_date',
        },
      });
    }
  }
}
