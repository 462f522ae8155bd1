import type { TeacherKeyKind } from '../../record';
import { teacherKeyKinds } from '../../record';
import type { Sheet } from '../spreadsheet';
import { isActivityCompletion, readActivityCompletion } from './activity-completion';
import {
  EMAIL_HEADERS,
  GRADE_ITEM,
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

/**
 * Reads completion candidates from a sheet. `utcOffset` is the zone local times are in. A later batch of a file is
 * read with the columns its first batch's reading (`firstBatch`) told by their content.
 */
export function readCompletions(
  sheetInput: Sheet,
  mappingInput: FileMapping,
  context: ReadContext,
  firstBatch?: Pick<FileReading, 'statusColumns'>,
): FileReading {
  let sheet = sheetInput;
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
  // Moodle omits empty cells, so the header row may end before the last data column: widen it to the data (to the
  // whole file's widest row when this is one batch of it, so every batch sees the same columns).
  const width = sheet.rows.reduce(
    (w, r) => Math.max(w, r.cells.length),
    Math.max(sheet.header.length, sheet.width ?? 0),
  );
  const header = [...sheet.header, ...Array<string>(width - sheet.header.length).fill('')];
  sheet = { ...sheet, header };
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
    used: new Set([teacher.index]),
    ...(firstBatch?.statusColumns ? { statusColumns: firstBatch.statusColumns } : {}),
  };
  if (input.nameIndex >= 0) input.used.add(input.nameIndex);
  LAYOUTS.find((l) => l.layout === layout)?.read(input);
  warnings.push(...unreadColumns(input));
  const { items, fileIssues, statusColumns } = input;
  return { layout, mapping, items, fileIssues, warnings, ...(statusColumns ? { statusColumns } : {}) };
}

/** Identity and summary columns Moodle adds that carry nothing to import. */
const KNOWN_UNREAD = new Set(
  [
    'ID',
    'Name',
    'ID number',
    'Email address',
    'Institution',
    'Department',
    'First name',
    'Last name',
    'Username',
    'Full name',
    'Time enrolled',
    'Time started',
    'Student progress',
    'Grade',
    'Suspended',
    'Last downloaded from this course',
    'Course complete',
    'Course total (Real)',
  ].map((h) => h.toLowerCase()),
);

/** Every column that holds data but no layout read: a warning naming it, so nothing disappears in silence. */
function unreadColumns(input: LayoutInput): string[] {
  const { header, rows } = input.sheet;
  const out: string[] = [];
  for (let i = 0; i < header.length; i++) {
    const name = (header[i] ?? '').trim();
    if (input.used.has(i) || KNOWN_UNREAD.has(name.toLowerCase()) || GRADE_ITEM.test(name)) continue;
    if (!rows.some((r) => (r.cells[i] ?? '').trim() !== '')) continue;
    out.push(
      `第 ${i + 1} 列（${name || '无表头'}）有数据但无法识别，未导入；请检查列映射 / column ${i + 1} (${name || 'no header'}) holds data but was not read; check the column mapping`,
    );
  }
  return out;
}
