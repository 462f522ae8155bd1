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

/** What became of one reported completion; `issues` say why a row was rejected, in both languages. */
export const apiCompletionResult = z.object({
  externalId: z.string(),
  status: z.enum(['created', 'unchanged', 'duplicate', 'rejected']),
  completionId: z.string().optional(),
  hours: z.number().optional(),
  abilityCode: z.string().optional(),
  abilities: z.array(z.object({ abilityCode: z.string(), hours: z.number() })).optional(),
  schoolYear: z.number().int().optional(),
  issues: z.array(
    z.object({
      code: z.string(),
      zh: z.string(),
      en: z.string(),
      field: z.string().optional(),
      detail: z.string().optional(),
    }),
  ),
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
