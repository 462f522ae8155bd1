import { z } from 'zod';
import { normaliseCourseRef } from '../../course-mappings';
import type { Issue } from '../../issues';
import { teacherKeyKinds, type CompletionClaim, type TeacherKeyKind, type TeacherRef } from '../../record';
import type { Sheet } from '../spreadsheet';

export const fileLayouts = [
  'moodle-course-completion',
  'moodle-activity-completion',
  'moodle-grades',
  'moodle-report-builder',
  'generic',
] as const;
export type FileLayout = (typeof fileLayouts)[number];

/**
 * How to read a file; remembered per source after an import, so the next file from the same platform needs no
 * options. Every field is optional: the layout is detected from the header and the teacher column defaults to
 * the e-mail column.
 */
export const fileMappingSchema = z.strictObject({
  layout: z.enum(fileLayouts).optional(),
  /** The column that identifies the teacher, and what it holds. */
  teacherColumn: z.string().min(1).optional(),
  teacherBy: z.enum(teacherKeyKinds).optional(),
  /** Generic layout: which header holds each value (defaults: course_ref, completed_at, hours, …). */
  columns: z
    .strictObject({
      courseRef: z.string().min(1),
      completedAt: z.string().min(1),
      hours: z.string().min(1),
      courseTitle: z.string().min(1),
      externalId: z.string().min(1),
    })
    .partial()
    .optional(),
  /**
   * Moodle grades layout: the activities' pass grade. A grade below it is a completion below the pass grade,
   * which the programme's rule decides (default: any grade is a completion; the export carries no pass grade).
   */
  minGrade: z.number().optional(),
  /**
   * For layouts without completion times (grade exports): the date the admin gives in the preview. Without it such
   * rows wait; the export time is never taken as a completion time.
   */
  effectiveDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .optional(),
  /**
   * The administrator reviewed this file's below-pass completions and approves them: credited where the teacher's
   * programme says "credit after review". One import only, never remembered.
   */
  approveBelowPass: z.boolean().optional(),
  /**
   * Moodle course-completion report: the LMS course it is about (its short name), for the "Course complete" column.
   * Default: from Moodle's file name (`completion-<short name>-YYYYMMDD_HHMM-….csv`).
   */
  lmsCourse: z.string().min(1).max(500).optional(),
});
export type FileMapping = z.infer<typeof fileMappingSchema>;

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
}

export interface ReadContext {
  fileName: string;
  fileSha256: string;
  utcOffset: string;
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
    },
  };
}

/** "Name <email>" for the report. */
export function rowLabel(input: LayoutInput, cells: string[]): string {
  const teacher = cells[input.teacherIndex] ?? '';
  const name = input.nameIndex >= 0 ? cells[input.nameIndex] : undefined;
  return name ? `${name} <${teacher}>` : teacher;
}
