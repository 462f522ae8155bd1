import { STATUS, type LayoutInput } from './common';
import { readStatusPairs, type StatusPair } from './status-pairs';

/** Moodle's activity completion report: an unnamed first column, then a status and a date column per activity. */
export function isActivityCompletion(header: string[]): boolean {
  return header[0] === '' && header.length >= 3;
}

export function readActivityCompletion(input: LayoutInput): void {
  const { header, rows } = input.sheet;
  const pairs: StatusPair[] = [];
  for (let i = 0; i < header.length - 1; i++) {
    if (i === input.teacherIndex || i === input.nameIndex) continue;
    const name = header[i] ?? '';
    // A status column holds only Moodle's status words; the column after it holds the date.
    const isPair =
      name !== '' && rows.length > 0 && rows.every((r) => (r.cells[i] ?? '') === '' || STATUS.test(r.cells[i] ?? ''));
    if (isPair) {
      pairs.push({ name, status: i, date: i + 1 });
      i++;
    }
  }
  readStatusPairs(input, pairs);
}
