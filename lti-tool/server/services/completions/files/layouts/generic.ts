import type { TeacherKeyKind } from '../../record';
import { issue } from '../../issues';
import { parseCompletionTime } from '../../time';
import { claimFor, findColumn, type FileItem, type FileMapping, type LayoutInput } from './common';

/** The documented generic layout (docs/completions.md): one row per completion, columns by name. */
export const GENERIC_DEFAULTS = {
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

export function isGeneric(header: string[]): boolean {
  return GENERIC_DEFAULTS.courseRef.some((name) => header.includes(name));
}

function validHours(hours: number): boolean {
  return Number.isFinite(hours) && hours > 0 && hours <= 100 && Math.abs(Math.round(hours * 100) - hours * 100) < 1e-6;
}

export function readGeneric(input: LayoutInput): void {
  const { sheet, mapping, context, teacherIndex, items, fileIssues } = input;
  const { header } = sheet;
  const col = (key: keyof typeof GENERIC_DEFAULTS & keyof NonNullable<FileMapping['columns']>) => {
    const named = mapping.columns?.[key];
    return named ? header.indexOf(named) : findColumn(header, GENERIC_DEFAULTS[key]);
  };
  const courseIndex = col('courseRef');
  const dateIndex = col('completedAt');
  const hoursIndex = col('hours');
  const titleIndex = col('courseTitle');
  const externalIndex = col('externalId');
  for (const i of [courseIndex, dateIndex, hoursIndex, titleIndex, externalIndex]) if (i >= 0) input.used.add(i);
  if (courseIndex < 0) fileIssues.push('缺少课程列 course_ref / missing column course_ref');
  if (dateIndex < 0) fileIssues.push('缺少完成时间列 completed_at / missing column completed_at');
  if (fileIssues.length) return;
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
      if (!validHours(hours)) item.issues.push(issue('invalid_hours', header[hoursIndex], hoursText));
    }
    const externalText = externalIndex >= 0 ? (cells[externalIndex] ?? '').trim() : '';
    if (item.issues.length === 0 && completedAt) {
      item.claim = claimFor(input, row, teacherValue, courseRef, completedAt, {
        hours,
        courseTitle: titleIndex >= 0 ? cells[titleIndex] || undefined : undefined,
        externalId: externalText ? `id:${externalText}` : undefined,
      });
    }
  }
}
