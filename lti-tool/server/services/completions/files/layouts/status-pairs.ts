import { issue } from '../../issues';
import { parseCompletionTime } from '../../time';
import { claimFor, COMPLETED, FAILED, rowLabel, type FileItem, type LayoutInput } from './common';

/** An activity in a completion report: its status column and the column with its completion date. */
export interface StatusPair {
  name: string;
  status: number;
  date: number;
}

/** Reads the status/date column pairs of Moodle's completion reports (course and activity layouts share it). */
export function readStatusPairs(
  input: LayoutInput,
  pairs: StatusPair[],
  options: { noPairsIsProblem?: boolean } = {},
): void {
  const { sheet, mapping, context, teacherIndex, items, fileIssues, used } = input;
  for (const pair of pairs) used.add(pair.status).add(pair.date);
  if (pairs.length === 0 && options.noPairsIsProblem !== false)
    fileIssues.push('文件中没有活动完成列 / no activity completion columns found');
  for (const { row, cells } of sheet.rows) {
    const teacherValue = cells[teacherIndex] ?? '';
    for (const pair of pairs) {
      const status = (cells[pair.status] ?? '').trim();
      const dateText = cells[pair.date] ?? '';
      const item: FileItem = { row, teacher: rowLabel(input, cells), courseRef: pair.name, issues: [] };
      items.push(item);
      if (!COMPLETED.test(status)) {
        item.skipped = issue('not_completed', pair.name, status || undefined);
        continue;
      }
      // "Completed (did not achieve pass grade)" is a completion below the pass grade: the teacher's programme
      // decides whether it counts. The course report leaves its date empty when the criterion requires a pass:
      // the admin's effective date dates it, or it waits for the activity report (which has the time).
      const belowPass = FAILED.test(status);
      let completedAt = parseCompletionTime(dateText, context.utcOffset);
      let dateRule = 'file';
      if (belowPass && !completedAt && dateText.trim() === '') {
        completedAt = mapping.effectiveDate ? parseCompletionTime(mapping.effectiveDate, context.utcOffset) : null;
        if (!completedAt) {
          item.skipped = issue('below_pass_no_date', pair.name, status);
          continue;
        }
        dateRule = 'effective_date';
      }
      if (!teacherValue.trim()) item.issues.push(issue('unknown_teacher', mapping.teacherColumn, '(empty)'));
      if (!completedAt) item.issues.push(issue('invalid_date', pair.name, dateText || '(empty)'));
      if (item.issues.length === 0 && completedAt) {
        item.claim = claimFor(input, row, teacherValue, pair.name, completedAt, {
          ...(belowPass ? { belowPass } : {}),
          evidence: { status, date: dateText, dateRule },
        });
      }
    }
  }
}
