import type { TeacherKeyKind } from '../../record';
import { teacherKeyKinds } from '../../record';
import type { Sheet } from '../spreadsheet';
import { isActivityCompletion, readActivityCompletion } from './activity-completion';
import {
  EMAIL_HEADERS,
  findColumn,
  type FileLayout,
  type FileMapping,
  type FileReading,
  type LayoutInput,
  type ReadContext,
} from './common';
import { isCourseCompletion, readCourseCompletion } from './course-completion';
import { GENERIC_DEFAULTS, isGeneric, readGeneric } from './generic';
import { isGrades, readGrades } from './grades';
import { isReportBuilder, readReportBuilder } from './report-builder';

export { fileLayouts, fileMappingSchema } from './common';
export type { FileItem, FileLayout, FileMapping, FileReading } from './common';

/** One module per Moodle layout; detection runs in this order (the first that recognises the header wins). */
const LAYOUTS: { layout: FileLayout; detect: (header: string[]) => boolean; read: (input: LayoutInput) => void }[] = [
  { layout: 'moodle-course-completion', detect: isCourseCompletion, read: readCourseCompletion },
  { layout: 'moodle-grades', detect: isGrades, read: readGrades },
  { layout: 'moodle-report-builder', detect: isReportBuilder, read: readReportBuilder },
  { layout: 'generic', detect: isGeneric, read: readGeneric },
  { layout: 'moodle-activity-completion', detect: isActivityCompletion, read: readActivityCompletion },
];

export function detectLayout(header: string[]): FileLayout | undefined {
  return LAYOUTS.find((l) => l.detect(header))?.layout;
}

function teacherColumn(header: string[], layout: FileLayout, mapping: FileMapping) {
  if (mapping.teacherColumn) {
    return { index: header.indexOf(mapping.teacherColumn), by: mapping.teacherBy ?? ('email' as TeacherKeyKind) };
  }
  if (layout === 'generic') {
    for (const kind of teacherKeyKinds) {
      const index = findColumn(header, GENERIC_DEFAULTS.teacher[kind]);
      if (index >= 0) return { index, by: kind };
    }
    return { index: -1, by: mapping.teacherBy ?? ('email' as TeacherKeyKind) };
  }
  return { index: findColumn(header, EMAIL_HEADERS), by: 'email' as TeacherKeyKind };
}

/** Reads completion candidates from a sheet. `utcOffset` is the zone local times are in. */
export function readCompletions(sheet: Sheet, mappingInput: FileMapping, context: ReadContext): FileReading {
  const mapping: FileMapping = { ...mappingInput };
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
  const teacher = teacherColumn(header, layout, mapping);
  if (teacher.index < 0) {
    const fileIssues = [
      `找不到识别教师的列（${mapping.teacherColumn ?? 'Email address / teacher_email'}）/ no teacher column found`,
    ];
    return { layout, mapping, items: [], fileIssues, warnings };
  }
  mapping.teacherColumn = header[teacher.index];
  mapping.teacherBy = teacher.by;
  const input: LayoutInput = {
    sheet,
    mapping,
    context,
    teacherIndex: teacher.index,
    nameIndex: layout === 'moodle-activity-completion' ? 0 : header.indexOf('Name'),
    teacherBy: teacher.by,
    items: [],
    fileIssues: [],
    warnings,
  };
  LAYOUTS.find((l) => l.layout === layout)?.read(input);
  return { layout, mapping, items: input.items, fileIssues: input.fileIssues, warnings };
}
