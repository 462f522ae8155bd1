import { z } from 'zod';
import { normaliseCourseRef } from '../course-mappings';
import { issue, type Issue } from '../issues';
import { teacherKeyKinds, type CompletionClaim, type TeacherKeyKind } from '../record';
import { parseCompletionTime } from '../time';
import type { Sheet } from './spreadsheet';

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
  /** Moodle grades layout: the lowest grade that counts as completing a course (default: any grade). */
  minGrade: z.number().optional(),
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

const COMPLETION_DATE_SUFFIXES = [' - Completion date', ' - 完成日期'];
const STATUS = /^(Completed|Not completed|已完成|未完成)/;
const COMPLETED = /^(Completed|已完成)/;
const FAILED = /(did not achieve pass grade|未及格)/;
const GRADE_ITEM = /^(.+?):\s*(.+)\s+\((Real|Percentage|Letter|实际分数|百分比|字母)\)$/;
const EMAIL_HEADERS = ['Email address', '电子邮件地址', '邮箱', 'email'];

const GENERIC_DEFAULTS = {
  teacher: {
    email: ['teacher_email', 'email', '教师邮箱', '邮箱'],
    lti_user_id: ['teacher_lti_user_id', 'lti_user_id', '平台用户ID'],
    person_id: ['teacher_person_id', 'person_id'],
  } satisfies Record<TeacherKeyKind, string[]>,
  courseRef: ['course_ref', 'course', '课程', '课程编号'],
  completedAt: ['completed_at', 'completion_date', '完成时间', '完成日期'],
  hours: ['hours', '学时'],
  courseTitle: ['course_title', '课程名称'],
  externalId: ['external_id', '记录编号'],
};

export function detectLayout(header: string[]): FileLayout | undefined {
  const has = (name: string) => header.includes(name);
  if (header[0] === 'ID' && header.some((h) => COMPLETION_DATE_SUFFIXES.some((s) => h.endsWith(s)))) {
    return 'moodle-course-completion';
  }
  if (has('Last downloaded from this course') || header.some((h) => GRADE_ITEM.test(h) && !/^Course total/.test(h))) {
    if (has('First name') || has('Last name') || header.some((h) => GRADE_ITEM.test(h))) return 'moodle-grades';
  }
  if (has('Course short name') && has('Time completed')) return 'moodle-report-builder';
  if (GENERIC_DEFAULTS.courseRef.some(has)) return 'generic';
  if (header[0] === '' && header.length >= 3) return 'moodle-activity-completion';
  return undefined;
}

function findColumn(header: string[], names: readonly string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const name of names) {
    const i = lower.indexOf(name.toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}

/** Reads completion candidates from a sheet. `utcOffset` is the zone local times are in. */
export function readCompletions(
  sheet: Sheet,
  mappingInput: FileMapping,
  context: { fileName: string; fileSha256: string; utcOffset: string },
): FileReading {
  const mapping: FileMapping = { ...mappingInput };
  const fileIssues: string[] = [];
  const warnings: string[] = [];
  const layout = mapping.layout ?? detectLayout(sheet.header);
  if (!layout) {
    return {
      layout: 'generic',
      mapping,
      items: [],
      fileIssues: [
        '无法识别文件格式：请使用通用格式（见 docs/completions.md）或指定列映射 / unknown layout: use the generic layout or give a column mapping',
      ],
      warnings,
    };
  }
  mapping.layout = layout;
  const { header } = sheet;

  // The teacher column.
  let teacherIndex = -1;
  let teacherBy: TeacherKeyKind = mapping.teacherBy ?? 'email';
  if (mapping.teacherColumn) {
    teacherIndex = header.indexOf(mapping.teacherColumn);
  } else if (layout === 'generic') {
    for (const kind of teacherKeyKinds) {
      teacherIndex = findColumn(header, GENERIC_DEFAULTS.teacher[kind]);
      if (teacherIndex >= 0) {
        teacherBy = kind;
        break;
      }
    }
  } else {
    teacherIndex = findColumn(header, EMAIL_HEADERS);
    teacherBy = 'email';
  }
  if (teacherIndex < 0) {
    fileIssues.push(
      `找不到识别教师的列（${mapping.teacherColumn ?? 'Email address / teacher_email'}）/ no teacher column found`,
    );
    return { layout, mapping, items: [], fileIssues, warnings };
  }
  mapping.teacherColumn = header[teacherIndex];
  mapping.teacherBy = teacherBy;
  const nameIndex = layout === 'moodle-activity-completion' ? 0 : header.indexOf('Name');

  const items: FileItem[] = [];
  const evidence = (row: number, extra: Record<string, unknown> = {}) => ({
    file: context.fileName,
    sha256: context.fileSha256,
    layout,
    row,
    ...extra,
  });
  const claimFor = (
    row: number,
    teacherValue: string,
    courseRef: string,
    completedAt: Date,
    extra: Partial<CompletionClaim> & { evidence?: Record<string, unknown> } = {},
  ): CompletionClaim => ({
    externalId:
      extra.externalId ?? `${teacherBy}:${teacherValue.trim().toLowerCase()}|${normaliseCourseRef(courseRef)}`,
    teacher: { by: teacherBy, value: teacherValue.trim() },
    courseRef,
    completedAt,
    ...(extra.hours !== undefined ? { hours: extra.hours } : {}),
    ...(extra.courseTitle ? { courseTitle: extra.courseTitle } : {}),
    evidence: evidence(row, extra.evidence),
  });
  const label = (cells: string[]) => {
    const teacher = cells[teacherIndex] ?? '';
    const name = nameIndex >= 0 ? cells[nameIndex] : undefined;
    return name ? `${name} <${teacher}>` : teacher;
  };

  if (layout === 'moodle-course-completion' || layout === 'moodle-activity-completion') {
    // Activity columns are pairs: a status column (values are Moodle's status words) and its date column.
    const pairs: { name: string; status: number; date: number }[] = [];
    for (let i = 0; i < header.length - 1; i++) {
      if (i === teacherIndex || i === nameIndex) continue;
      const name = header[i] ?? '';
      const next = header[i + 1] ?? '';
      const isPair =
        layout === 'moodle-course-completion'
          ? COMPLETION_DATE_SUFFIXES.some((s) => next === name + s)
          : name !== '' &&
            sheet.rows.length > 0 &&
            sheet.rows.every((r) => (r.cells[i] ?? '') === '' || STATUS.test(r.cells[i] ?? ''));
      if (isPair) {
        pairs.push({ name, status: i, date: i + 1 });
        i++;
      }
    }
    if (pairs.length === 0) fileIssues.push('文件中没有活动完成列 / no activity completion columns found');
    for (const { row, cells } of sheet.rows) {
      const teacherValue = cells[teacherIndex] ?? '';
      for (const pair of pairs) {
        const status = (cells[pair.status] ?? '').trim();
        const dateText = cells[pair.date] ?? '';
        const item: FileItem = { row, teacher: label(cells), courseRef: pair.name, issues: [] };
        items.push(item);
        if (!COMPLETED.test(status) || FAILED.test(status)) {
          item.skipped = issue('not_completed', pair.name, status || undefined);
          continue;
        }
        const completedAt = parseCompletionTime(dateText, context.utcOffset);
        if (!teacherValue.trim()) item.issues.push(issue('unknown_teacher', mapping.teacherColumn, '(empty)'));
        if (!completedAt) item.issues.push(issue('invalid_date', pair.name, dateText || '(empty)'));
        if (item.issues.length === 0 && completedAt) {
          item.claim = claimFor(row, teacherValue, pair.name, completedAt, { evidence: { status, date: dateText } });
        }
      }
    }
  } else if (layout === 'moodle-grades') {
    const exported = header.indexOf('Last downloaded from this course');
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
        const item: FileItem = { row, teacher: label(cells), courseRef, issues: [] };
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
        if (!exportedAt) item.issues.push(issue('invalid_date', 'Last downloaded from this course'));
        else {
          item.claim = claimFor(row, teacherValue, courseRef, exportedAt, {
            evidence: { grade: text, column: header[i], exportedAt: cells[exported] },
          });
        }
      }
    }
  } else if (layout === 'moodle-report-builder') {
    const course = header.indexOf('Course short name');
    const completed = header.indexOf('Completed');
    const time = header.indexOf('Time completed');
    const role = header.indexOf('Role name');
    for (const { row, cells } of sheet.rows) {
      if (role >= 0 && !['Student', '学生'].includes(cells[role] ?? '')) continue;
      const courseRef = cells[course] ?? '';
      const item: FileItem = { row, teacher: label(cells), courseRef, issues: [] };
      items.push(item);
      if (!['Yes', '是'].includes(cells[completed] ?? '')) {
        item.skipped = issue('not_completed', 'Completed', cells[completed] || undefined);
        continue;
      }
      const completedAt = parseCompletionTime(cells[time] ?? '', context.utcOffset);
      if (!completedAt) item.issues.push(issue('invalid_date', 'Time completed', cells[time] || '(empty)'));
      else {
        item.claim = claimFor(row, cells[teacherIndex] ?? '', courseRef, completedAt, {
          evidence: { completed: cells[completed], timeCompleted: cells[time] },
        });
      }
    }
  } else {
    const col = (key: keyof typeof GENERIC_DEFAULTS & keyof NonNullable<FileMapping['columns']>) => {
      const named = mapping.columns?.[key];
      return named ? header.indexOf(named) : findColumn(header, GENERIC_DEFAULTS[key]);
    };
    const courseIndex = col('courseRef');
    const dateIndex = col('completedAt');
    const hoursIndex = col('hours');
    const titleIndex = col('courseTitle');
    const externalIndex = col('externalId');
    if (courseIndex < 0) fileIssues.push('缺少课程列 course_ref / missing column course_ref');
    if (dateIndex < 0) fileIssues.push('缺少完成时间列 completed_at / missing column completed_at');
    if (fileIssues.length) return { layout, mapping, items, fileIssues, warnings };
    for (const { row, cells } of sheet.rows) {
      const teacherValue = (cells[teacherIndex] ?? '').trim();
      const courseRef = (cells[courseIndex] ?? '').trim();
      const item: FileItem = { row, teacher: teacherValue, courseRef, issues: [] };
      items.push(item);
      if (!teacherValue) item.issues.push(issue('invalid_row', mapping.teacherColumn));
      if (!courseRef) item.issues.push(issue('invalid_row', header[courseIndex]));
      const dateText = cells[dateIndex] ?? '';
      const completedAt = parseCompletionTime(dateText, context.utcOffset);
      if (!completedAt) item.issues.push(issue('invalid_date', header[dateIndex], dateText || '(empty)'));
      let hours: number | undefined;
      const hoursText = hoursIndex >= 0 ? (cells[hoursIndex] ?? '').trim() : '';
      if (hoursText !== '') {
        hours = Number(hoursText);
        if (!(
          Number.isFinite(hours) &&
          hours > 0 &&
          hours <= 100 &&
          Math.abs(Math.round(hours * 100) - hours * 100) < 1e-6
        )) {
          item.issues.push(issue('invalid_hours', header[hoursIndex], hoursText));
        }
      }
      const externalText = externalIndex >= 0 ? (cells[externalIndex] ?? '').trim() : '';
      if (item.issues.length === 0 && completedAt) {
        item.claim = claimFor(row, teacherValue, courseRef, completedAt, {
          hours,
          courseTitle: titleIndex >= 0 ? cells[titleIndex] || undefined : undefined,
          externalId: externalText ? `id:${externalText}` : undefined,
        });
      }
    }
  }
  return { layout, mapping, items, fileIssues, warnings };
}
