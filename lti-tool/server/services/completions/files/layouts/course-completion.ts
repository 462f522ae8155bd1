import { COMPLETION_DATE_SUFFIXES, type LayoutInput } from './common';
import { readStatusPairs, type StatusPair } from './status-pairs';

/** Moodle's course completion report: "ID", then per criterion a status column and "<name> - Completion date". */
export function isCourseCompletion(header: string[]): boolean {
  return header[0] === 'ID' && header.some((h) => COMPLETION_DATE_SUFFIXES.some((s) => h.endsWith(s)));
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
  readStatusPairs(input, pairs);
}
