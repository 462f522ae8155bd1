import { normaliseCourseRef } from '../../course-mappings';
import type { Issue } from '../../issues';
import { type CompletionClaim, type TeacherKeyKind, type TeacherRef } from '../../record';
import type { Sheet } from '../spreadsheet';
import type { FileLayout, FileMapping } from '../../../../../../shared/api/completions';

// The layouts and the mapping are part of the API contract (an import's query and report carry them).
export {
  FILE_LAYOUTS as fileLayouts,
  fileMapping as fileMappingSchema,
} from '../../../../../../shared/api/completions';
export type { FileLayout, FileMapping };

/** One completion candidate from a file: a row × activity for Moodle reports, a row for the generic layout. */
export interface FileItem {
  row: number;
  teacher: string;
  courseRef: string;
  /** Present when the row reports a completion that can be recorded. */
  claim?: CompletionClaim;
  /** Not a completion (not completed, no grade): reported, not an error. */
  skipped?: Issue;
  /**
   * A completion the file gives no time for (grade exports, no effective date): import-file dates it from a
   * completion of the same teacher and course already in the ledger, else it stays skipped and waits.
   */
  undated?: Omit<CompletionClaim, 'completedAt'>;
  /**
   * A whole LMS course completed: recorded as a course completion of its own (date, source) whatever the
   * catalogue says; it also credits hours when the catalogue maps the whole course (import-file decides).
   */
  wholeCourse?: { lmsCourse: string; teacher: TeacherRef; completedAt: Date; evidence: Record<string, unknown> };
  issues: Issue[];
}

export interface FileReading {
  layout: FileLayout;
  mapping: FileMapping;
  items: FileItem[];
  /** Problems that stop the whole file (unknown layout, missing columns). */
  fileIssues: string[];
  warnings: string[];
  /**
   * The status columns a layout told by their content (activity completion), in the first batch: later batches of
   * the file are read with the same columns (`readCompletions`' `firstBatch`), so a batch never reads them anew.
   */
  statusColumns?: number[];
}

export interface ReadContext {
  fileName: string;
  fileSha256: string;
  utcOffset: string;
  /** The import the rows belong to: part of every claim's evidence. */
  importId?: string;
}

/** What every layout reader gets: the sheet, the resolved teacher column and helpers to build claims. */
export interface LayoutInput {
  sheet: Sheet;
  mapping: FileMapping;
  context: ReadContext;
  teacherIndex: number;
  nameIndex: number;
  teacherBy: TeacherKeyKind;
  items: FileItem[];
  fileIssues: string[];
  warnings: string[];
  /** Columns a layout read; any other column holding data is reported (never dropped silently). */
  used: Set<number>;
  /** Set by a layout that tells columns by content; given (from the first batch) when reading a later batch. */
  statusColumns?: number[];
}

export const COMPLETION_DATE_SUFFIXES = [' - Completion date', ' - 完成日期'];
export const STATUS = /^(Completed|Not completed|已完成|未完成)/;
export const COMPLETED = /^(Completed|已完成)/;
export const FAILED = /(did not achieve pass grade|未及格)/;
export const GRADE_ITEM = /^(.+?):\s*(.+)\s+\((Real|Percentage|Letter|实际分数|百分比|字母)\)$/;
/** Moodle's `coursecomplete` string (English; the Chinese pack's wording is not verified: both accepted). */
export const COURSE_COMPLETE_HEADERS = ['Course complete', '课程完成', '课程已完成'];
export const EMAIL_HEADERS = ['Email address', '电子邮件地址', '邮箱', 'email'];

export function findColumn(header: string[], names: readonly string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const name of names) {
    const i = lower.indexOf(name.toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}

export function claimFor(
  input: LayoutInput,
  row: number,
  teacherValue: string,
  courseRef: string,
  completedAt: Date,
  extra: Partial<CompletionClaim> & { evidence?: Record<string, unknown> } = {},
): CompletionClaim {
  const { teacherBy, context, mapping } = input;
  return {
    externalId:
      extra.externalId ?? `${teacherBy}:${teacherValue.trim().toLowerCase()}|${normaliseCourseRef(courseRef)}`,
    teacher: { by: teacherBy, value: teacherValue.trim() },
    courseRef,
    completedAt,
    ...(extra.hours !== undefined ? { hours: extra.hours } : {}),
    ...(extra.courseTitle ? { courseTitle: extra.courseTitle } : {}),
    ...(extra.belowPass ? { belowPass: true } : {}),
    evidence: {
      file: context.fileName,
      sha256: context.fileSha256,
      layout: mapping.layout,
      row,
      ...extra.evidence,
      ...(context.importId ? { importId: context.importId } : {}),
    },
  };
}

/** "Name <email>" for the report. */
export function rowLabel(input: LayoutInput, cells: string[]): string {
  const teacher = cells[input.teacherIndex] ?? '';
  const name = input.nameIndex >= 0 ? cells[input.nameIndex] : undefined;
  return name ? `${name} <${teacher}>` : teacher;
}
