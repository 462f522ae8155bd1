import { STATUS, type LayoutInput } from './common';
import { readStatusPairs, type StatusPair } from './status-pairs';

/** Moodle's activity completion report: an unnamed first column, then a status and a date column per activity. */
export function isActivityCompletion(header: string[]): boolean {
  return header[0] === '' && header.length >= 3;
}

export function readActivityCompletion(input: LayoutInput): void {
  const { header, rows } = input.sheet;
  const fixed = input.statusColumns;
  const pairs: StatusPair[] = [];
  // At least one status and nothing else: a column empty so far (a profile field left blank) is no activity.
  const isStatus = (i: number) =>
    rows.some((r) => (r.cells[i] ?? '') !== '') &&
    rows.every((r) => (r.cells[i] ?? '') === '' || STATUS.test(r.cells[i] ?? ''));
  for (let i = 0; i < header.length - 1; i++) {
    if (i === input.teacherIndex || i === input.nameIndex) continue;
    const name = header[i] ?? '';
    // A status column holds only Moodle's status words; the column after it holds the date.
    const isPair = fixed ? fixed.includes(i) : name !== '' && isStatus(i);
    if (isPair) {
      pairs.push({ name, status: i, date: i + 1 });
      i++;
    }
  }
  input.statusColumns = pairs.map((p) => p.status);
  // A later batch whose status column holds something else: the file's columns changed part-way, a file problem.
  for (const pair of fixed ? pairs : []) {
    const odd = rows.find((r) => (r.cells[pair.status] ?? '') !== '' && !STATUS.test(r.cells[pair.status] ?? ''));
    if (!odd) continue;
    const value = odd.cells[pair.status] ?? '';
    input.fileIssues.push(
      `第 ${odd.row} 行“${pair.name}”列的内容（${value}）不是完成状态，而前面的行中该列是完成状态 / ` +
        `row ${odd.row}: the "${pair.name}" column holds "${value}", not a completion status as in the rows before`,
    );
  }
  readStatusPairs(input, pairs);
}
