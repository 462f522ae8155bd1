/**
 * `/api/v1/schools/:schoolId/teachers/...`: the school's teacher roster from a CSV or XLSX file (name, e-mail or staff
 * number, subject, 教研组), with a template, a preview and a row-by-row report. Accepted rows enrol the teacher in the
 * programme at the school; a re-import changes nothing that did not change.
 */
import { z } from 'zod';
import { bilingualText } from './common';

export const TEACHER_ROSTER_LIMITS = {
  maxBytes: 1024 * 1024,
  maxRows: 2000,
  nameMaxChars: 50,
  subjectMaxChars: 20,
} as const;

/** The template's columns, Chinese and English headers (either is read; `*` marks a required one in the template). */
export const TEACHER_ROSTER_COLUMNS = [
  { key: 'name', zh: '姓名', en: 'Name' },
  { key: 'email', zh: '邮箱', en: 'E-mail' },
  { key: 'staffNumber', zh: '工号', en: 'Staff number' },
  { key: 'subject', zh: '学科', en: 'Subject' },
  { key: 'group', zh: '教研组', en: 'Group' },
] as const;
export type TeacherRosterColumn = (typeof TEACHER_ROSTER_COLUMNS)[number]['key'];

export const rosterTemplateQuery = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  lang: z.enum(['zh', 'en']).default('zh'),
});
export const rosterImportQuery = z.object({
  dryRun: z.enum(['true', 'false', '1', '0']).default('true'),
  fileName: z.string().max(255).optional(),
});

/**
 * What a row did (or, in a preview, would do): enrol a new teacher, change an enrolled one's subject, group or staff
 * number, nothing, or nothing because of the reason given.
 */
export const ROSTER_OUTCOMES = ['created', 'updated', 'unchanged', 'rejected'] as const;

export const teacherRosterRow = z.object({
  /** The spreadsheet row (the header is row 1). */
  row: z.number(),
  name: z.string(),
  email: z.string(),
  staffNumber: z.string(),
  subject: z.string(),
  group: z.string(),
  outcome: z.enum(ROSTER_OUTCOMES),
  /** What changed (updated) or why the row was not taken (rejected), in both languages. */
  reasons: z.array(bilingualText),
});
export type TeacherRosterRow = z.infer<typeof teacherRosterRow>;

export const teacherRosterReply = z.object({
  dryRun: z.boolean(),
  file: z.object({ name: z.string(), format: z.enum(['csv', 'xlsx']), rows: z.number(), sha256: z.string() }),
  warnings: z.array(bilingualText),
  summary: z.object({
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    rejected: z.number(),
    /** 教研组 named in the file that the school did not have (opened on import). */
    groupsCreated: z.array(z.string()),
  }),
  rows: z.array(teacherRosterRow),
});
export type TeacherRosterReply = z.infer<typeof teacherRosterReply>;

/** `POST /api/v1/schools/:schoolId/teachers/lms-sync`: the course's learners (NRPS) as the school's roster. */
export const lmsRosterBody = z.object({ dryRun: z.boolean().default(true) });

export const lmsRosterReply = teacherRosterReply.omit({ file: true }).extend({
  /** The LMS course read: its members, the active learners among them (the rows), and whether every page came. */
  course: z.object({
    id: z.string(),
    title: z.string().nullable(),
    members: z.number(),
    learners: z.number(),
    complete: z.boolean(),
  }),
});
export type LmsRosterReply = z.infer<typeof lmsRosterReply>;
