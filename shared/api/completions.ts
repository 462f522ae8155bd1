/** Completion feeds: sources (file, xAPI, API, LTI), the course catalogue as the feeds see it, voiding. */
import { z } from 'zod';
import { courseHours, courseMapping } from './course-mappings';

export const COMPLETION_SOURCE_KINDS = ['file', 'xapi', 'api', 'lti'] as const;
export const COMPLETION_SOURCE_STATUSES = ['active', 'disabled'] as const;

export const createSourceBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(COMPLETION_SOURCE_KINDS),
  programmeInstanceId: z.uuid().nullish(),
  platformId: z.uuid().nullish(),
  settings: z
    .strictObject({
      utcOffset: z
        .string()
        .regex(/^[+-]\d{2}:\d{2}$/)
        .optional(),
    })
    .optional(),
});
export type CreateSourceBody = z.input<typeof createSourceBody>;

/** A source as the admin sees it: never the credential's hash. */
export const completionSourceView = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  name: z.string(),
  kind: z.enum(COMPLETION_SOURCE_KINDS),
  programmeInstanceId: z.uuid().nullable(),
  platformId: z.uuid().nullable(),
  credentialId: z.string().nullable(),
  columnMapping: z.record(z.string(), z.unknown()),
  settings: z.record(z.string(), z.unknown()),
  status: z.enum(COMPLETION_SOURCE_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Shown once, when created or rotated: `apiKey` is `<id>.<secret>`. */
export const sourceCredential = z.object({ id: z.string(), secret: z.string(), apiKey: z.string() });

export const sourcesReply = z.object({ sources: z.array(completionSourceView) });
export type SourcesReply = z.infer<typeof sourcesReply>;
export const createSourceReply = z.object({ source: completionSourceView, credential: sourceCredential.optional() });
export const credentialReply = z.object({ credential: sourceCredential });

export const sourceParams = z.object({ sourceId: z.uuid() });
export const completionParams = z.object({ completionId: z.uuid() });
export const enrolmentParams = z.object({ enrolmentId: z.uuid() });

export const completionCoursesReply = z.object({ courses: z.array(courseMapping) });
export const putCompletionCoursesReply = z.object({ written: z.number().int() });

export const voidBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const apiVoidBody = z.strictObject({
  externalId: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(500),
});
export const voidReply = z.object({
  completionId: z.uuid(),
  voided: z.literal(true),
  correctionEntryId: z.string().nullable(),
});
export const apiVoidReply = z.object({
  externalId: z.string(),
  voided: z.literal(true),
  correctionEntryId: z.string().nullable(),
});

/** One completion as a platform's server reports it through the REST API (idempotent by source and externalId). */
export const apiCompletionBody = z.strictObject({
  externalId: z.string().trim().min(1).max(200),
  teacher: z.union([
    z.strictObject({ email: z.email().max(320) }),
    z.strictObject({ ltiUserId: z.string().min(1).max(255) }),
    z.strictObject({ personId: z.uuid() }),
  ]),
  courseRef: z.string().trim().min(1).max(500),
  courseTitle: z.string().trim().min(1).max(500).optional(),
  completedAt: z.iso.datetime({ offset: true }),
  /** When absent, the course mapping's hours. */
  hours: courseHours.optional(),
});
export type ApiCompletionBody = z.infer<typeof apiCompletionBody>;

export const MAX_API_BATCH = 1000;
export const apiBatchBody = z.strictObject({ completions: z.array(apiCompletionBody).min(1).max(MAX_API_BATCH) });

/** Why a completion was not credited, Chinese first; `field` names the column or path when there is one. */
export const completionIssue = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  field: z.string().optional(),
  detail: z.string().optional(),
});

/** What became of one reported completion; `issues` say why a row was rejected, in both languages. */
export const apiCompletionResult = z.object({
  externalId: z.string(),
  status: z.enum(['created', 'unchanged', 'duplicate', 'rejected']),
  completionId: z.string().optional(),
  hours: z.number().optional(),
  abilityCode: z.string().optional(),
  abilities: z.array(z.object({ abilityCode: z.string(), hours: z.number() })).optional(),
  schoolYear: z.number().int().optional(),
  issues: z.array(completionIssue),
});
export const apiBatchReply = z.object({
  summary: z.object({
    created: z.number().int(),
    unchanged: z.number().int(),
    duplicate: z.number().int(),
    rejected: z.number().int(),
  }),
  results: z.array(apiCompletionResult),
});

/** A teacher's hours ledger with provenance, oldest first; every total is the sum of the listed entries. */
const ledgerSource = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('course_completion'),
    completionId: z.string(),
    courseRef: z.string(),
    courseTitle: z.string(),
    abilityCode: z.string().nullable(),
    completedAt: z.string(),
    feed: z.object({ kind: z.string(), id: z.string(), externalId: z.string() }),
    evidence: z.record(z.string(), z.unknown()),
  }),
  z.object({ kind: z.literal('submission'), submissionId: z.string() }),
  z.object({ kind: z.literal('activity'), activityId: z.string() }),
  z.object({ kind: z.literal('manual') }),
]);

export const ledgerLine = z.object({
  entryId: z.string(),
  category: z.enum(['online', 'practice']),
  hours: z.number(),
  schoolYear: z.number().int(),
  createdAt: z.string(),
  recordedBy: z.union([
    z.object({ personId: z.string(), displayName: z.string().nullable() }),
    z.object({ system: z.string() }),
  ]),
  reason: z.string().nullable(),
  correctsEntryId: z.string().nullable(),
  source: ledgerSource,
});

export const ledgerReply = z.object({
  enrolmentId: z.string(),
  lines: z.array(ledgerLine),
  totals: z.object({
    online: z.number(),
    practice: z.number(),
    total: z.number(),
    byYear: z.array(z.object({ schoolYear: z.number().int(), online: z.number(), practice: z.number() })),
  }),
});
export type LedgerLine = z.infer<typeof ledgerLine>;
export type TeacherLedger = z.infer<typeof ledgerReply>;

/** The completion file layouts the import reads (Moodle's reports as they are, or a generic CSV/XLSX). */
export const FILE_LAYOUTS = [
  'moodle-course-completion',
  'moodle-activity-completion',
  'moodle-grades',
  'moodle-report-builder',
  'generic',
] as const;
export type FileLayout = (typeof FILE_LAYOUTS)[number];

/** What a file's teacher column holds. */
export const TEACHER_KEY_KINDS = ['email', 'lti_user_id', 'person_id'] as const;
export type TeacherKeyKind = (typeof TEACHER_KEY_KINDS)[number];

/**
 * How to read a file; remembered per source after an import, so the next file from the same platform needs no
 * options. Every field is optional: the layout is detected from the header and the teacher column defaults to
 * the e-mail column.
 */
export const fileMapping = z.strictObject({
  layout: z.enum(FILE_LAYOUTS).optional(),
  /** The column that identifies the teacher, and what it holds. */
  teacherColumn: z.string().min(1).optional(),
  teacherBy: z.enum(TEACHER_KEY_KINDS).optional(),
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
export type FileMapping = z.infer<typeof fileMapping>;

/** What a completion file may be sent as (the body is the file): CSV, XLS(X) or ODS; else 415. */
export const COMPLETION_FILE_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
] as const;

/** An import's options: the file is the raw body; `mapping` is a JSON `fileMapping` overriding the remembered one. */
export const importQuery = z.strictObject({
  fileName: z.string().min(1).max(255).optional(),
  dryRun: z.enum(['true', 'false', '1', '0']).optional(),
  mapping: z.string().max(4000).optional(),
});

export const IMPORT_ITEM_STATUSES = [
  'created',
  'would_create',
  'unchanged',
  'duplicate',
  'not_credited',
  'rejected',
  'skipped',
] as const;

/** One row × activity of an import: what happens and why. */
export const importReportItem = z.object({
  row: z.number().int(),
  teacher: z.string(),
  course: z.string(),
  status: z.enum(IMPORT_ITEM_STATUSES),
  hours: z.number().optional(),
  abilityCode: z.string().optional(),
  schoolYear: z.number().int().optional(),
  /** How the row was dated: the file's time, the admin's effective date, or the same item in the ledger. */
  dateRule: z.enum(['file', 'effective_date', 'ledger']).optional(),
  issues: z.array(completionIssue),
});

/**
 * The validation report of one import (or its preview). Also the `details` of a 422 when the file as a whole cannot
 * be read (`fileIssues` say why).
 */
export const importReportReply = z.object({
  dryRun: z.boolean(),
  importId: z.string().nullable(),
  file: z.object({ name: z.string(), sha256: z.string(), format: z.string(), bytes: z.number().int() }),
  layout: z.enum(FILE_LAYOUTS).nullable(),
  mapping: fileMapping,
  fileIssues: z.array(z.string()),
  warnings: z.array(z.string()),
  summary: z.object({
    created: z.number().int(),
    would_create: z.number().int(),
    unchanged: z.number().int(),
    duplicate: z.number().int(),
    rejected: z.number().int(),
    not_credited: z.number().int(),
    hours: z.number(),
    rows: z.number().int(),
    items: z.number().int(),
    skipped: z.number().int(),
    /** Whole-course completions recorded (or to record, in a preview), and already recorded. */
    courses_recorded: z.number().int(),
    courses_unchanged: z.number().int(),
    /** Items with at least one issue, and items per issue code (every item counted, listed or not). */
    with_issues: z.number().int(),
    by_reason: z.record(z.string(), z.number().int()),
  }),
  /**
   * The items listed: at most `itemsPerKind` of each kind (status and first issue code), in file order; the others
   * are counted in the summary only (`itemsOmitted`), so a province-sized file's report stays small.
   */
  items: z.array(importReportItem),
  itemsPerKind: z.number().int(),
  itemsOmitted: z.number().int(),
  /** Rows are read, resolved and written in batches of this many rows, all in one transaction. */
  batchRows: z.number().int(),
});
export type ImportReportReply = z.infer<typeof importReportReply>;
export type ImportReportItem = z.infer<typeof importReportItem>;
