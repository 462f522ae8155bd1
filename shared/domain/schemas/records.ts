import { z } from 'zod';
import { bilingualIssue } from '../../i18n';
import { GRADE_IDS, HOUR_CATEGORIES, SCHOOL_ENVIRONMENTS, SELF_ASSESSMENT_ANSWERS, SUBMISSION_STATES } from '../ids';
import { isoDateOrTimeSchema, schoolYearSchema } from './common';

/**
 * The engine's input, shared with the server so both validate records with the same rules.
 * Objects are strict: a misspelt field is an error rather than silently ignored data.
 */

const code = z.string().min(1).max(32);

export const schoolContextSchema = z.strictObject({
  id: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  environment: z.enum(SCHOOL_ENVIRONMENTS),
  /** The school's 能力点 shortlist tied to its 校本研修主题; absent means no shortlist. */
  shortlist: z.array(code).optional(),
});

export const hourEntrySchema = z.strictObject({
  category: z.enum(HOUR_CATEGORIES),
  hours: z.number().min(0).max(1000),
  schoolYear: schoolYearSchema,
  /** Who recorded it: platform, school, county, import … (reported, not used by the rules). */
  source: z.string().min(1),
  abilityCode: code.optional(),
  courseId: z.string().min(1).optional(),
});

export const abilitySelectionSchema = z.strictObject({
  abilityCode: code,
  schoolYear: schoolYearSchema.optional(),
});

/** Metadata of an uploaded file, checked against the slot's limits. */
export const evidenceFileSchema = z.strictObject({
  name: z.string().min(1).optional(),
  extension: z
    .string()
    .min(1)
    .transform((ext) => ext.replace(/^\./, '').toLowerCase()),
  sizeMb: z.number().min(0),
  videoMinutes: z.number().min(0).optional(),
});

export const evidenceItemSchema = z
  .strictObject({
    slotId: z.string().min(1),
    provided: z.boolean(),
    /** The school reviewer's grade for this item; absent while ungraded. */
    grade: z.enum(GRADE_IDS).optional(),
    file: evidenceFileSchema.optional(),
    characters: z.number().int().min(0).optional(),
    url: z.string().min(1).optional(),
  })
  .superRefine((item, ctx) => {
    if (!item.provided && item.grade !== undefined && item.grade !== 'fail') {
      ctx.addIssue(
        bilingualIssue('未提交的材料只能评为不合格', 'an item that was not provided can only be graded fail', [
          'grade',
        ]),
      );
    }
  });

export const countyOverrideSchema = z.strictObject({
  grade: z.enum(GRADE_IDS),
  reviewer: z.string().min(1).optional(),
  at: isoDateOrTimeSchema.optional(),
  note: z.string().optional(),
});

export const evidenceSubmissionSchema = z
  .strictObject({
    abilityCode: code,
    state: z.enum(SUBMISSION_STATES),
    items: z.array(evidenceItemSchema).default([]),
    /** A county spot-check grade replaces the school's aggregated grade. */
    countyOverride: countyOverrideSchema.optional(),
    returnReason: z.string().optional(),
  })
  .superRefine((submission, ctx) => {
    const seen = new Set<string>();
    submission.items.forEach((item, index) => {
      if (seen.has(item.slotId)) {
        ctx.addIssue(
          bilingualIssue(`材料 ${item.slotId} 重复`, `slot ${item.slotId} appears twice`, ['items', index, 'slotId']),
        );
      }
      seen.add(item.slotId);
    });
  });

export const selfAssessmentSchema = z.strictObject({
  completedAt: isoDateOrTimeSchema.optional(),
  answers: z
    .array(z.strictObject({ indicatorId: z.string().min(1), answer: z.enum(SELF_ASSESSMENT_ANSWERS) }))
    .default([]),
});

export const certificateSchema = z.strictObject({
  issuedAt: isoDateOrTimeSchema,
  number: z.string().min(1).optional(),
  issuer: z.string().min(1).optional(),
});

export const teacherRecordsSchema = z
  .strictObject({
    teacherId: z.string().min(1).optional(),
    selections: z.array(abilitySelectionSchema).default([]),
    hours: z.array(hourEntrySchema).default([]),
    evidence: z.array(evidenceSubmissionSchema).default([]),
    selfAssessment: selfAssessmentSchema.optional(),
    certificate: certificateSchema.optional(),
  })
  .superRefine((records, ctx) => {
    const seen = new Set<string>();
    records.evidence.forEach((submission, index) => {
      if (seen.has(submission.abilityCode)) {
        ctx.addIssue(
          bilingualIssue(
            `能力点 ${submission.abilityCode} 有多份提交，只能保留当前一份`,
            `ability ${submission.abilityCode} has more than one submission; keep only the current one`,
            ['evidence', index, 'abilityCode'],
          ),
        );
      }
      seen.add(submission.abilityCode);
    });
  });

export type SchoolContext = z.output<typeof schoolContextSchema>;
export type HourEntry = z.output<typeof hourEntrySchema>;
export type AbilitySelection = z.output<typeof abilitySelectionSchema>;
export type EvidenceItem = z.output<typeof evidenceItemSchema>;
export type EvidenceSubmission = z.output<typeof evidenceSubmissionSchema>;
export type SelfAssessment = z.output<typeof selfAssessmentSchema>;
export type Certificate = z.output<typeof certificateSchema>;
export type TeacherRecords = z.output<typeof teacherRecordsSchema>;
export type TeacherRecordsInput = z.input<typeof teacherRecordsSchema>;

/**
 * One evaluation request, as the evaluate command reads it: a school, a teacher's records and, optionally, an
 * institution's own catalogue (validated separately with validateCatalogueData for row-level messages).
 */
export const evaluationInputSchema = z.strictObject({
  $comment: z.string().optional(),
  school: schoolContextSchema,
  records: teacherRecordsSchema,
  catalogue: z.unknown().optional(),
  /** Today's date for the deadline check; the --as-of option overrides it. */
  asOf: isoDateOrTimeSchema.optional(),
});

export type EvaluationInput = z.output<typeof evaluationInputSchema>;
