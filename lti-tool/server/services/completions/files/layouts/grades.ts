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
  // date applies, else a completion of the same course already in the ledger dates the row, else it waits.
  const effective = mapping.effectiveDate ? parseCompletionTime(mapping.effectiveDate, context.utcOffset) : null;
  warnings.push(
    effective
      ? `成绩导出不含完成时间：按管理员指定的生效日期 ${mapping.effectiveDate} 计入 / grade exports have no completion times: the effective date ${mapping.effectiveDate} given by the admin applies`
      : '成绩导出不含完成时间：已评分的记录按台账中同一教师同一课程已有的完成时间计入，台账中没有的暂不计入（请导入完成情况报告或指定生效日期） / grade exports have no completion times: a graded row takes the date of the same teacher and course already in the ledger; the others wait for a completion report or an effective date',
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
      const claim = claimFor(input, row, teacherValue, courseRef, effective ?? new Date(Number.NaN), {
        ...(belowPass ? { belowPass } : {}),
        evidence: {
          ...(belowPass ? { passGrade: mapping.minGrade } : {}),
          grade: text,
          column: header[i],
          exportedAt: exported >= 0 ? cells[exported] : undefined,
          dateRule: effective ? 'effective_date' : 'ledger',
        },
      });
      if (effective) item.claim = claim;
      else {
        const { completedAt: _none, ...undated } = claim;
        item.undated = undated;
        item.skipped = issue('no_completion_time', header[i], `grade ${text}`);
      }
    }
  }
}
