/**
 * `/api/v1/schools/incentives/...`: the incentives a county grants (programme parameters `incentives.*`). Candidates
 * are read from the engine's per-teacher status rows; the county officer confirms or withdraws each, audited.
 */
import { z } from 'zod';
import { uuid } from './common';

export const INCENTIVE_KINDS = ['credits', 'excellent_learner', 'model_school', 'excellent_principal'] as const;
export type IncentiveKindId = (typeof INCENTIVE_KINDS)[number];
export const incentiveKind = z.enum(INCENTIVE_KINDS);

/** Most subjects one confirm or withdraw call may name (a page of the list). */
export const MAX_INCENTIVE_SUBJECTS = 500;

export const incentivesQuery = z.object({
  kind: incentiveKind.default('credits'),
  organisationId: uuid.optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_INCENTIVE_SUBJECTS).default(100),
});
export type IncentivesQuery = z.infer<typeof incentivesQuery>;

/** The programme instance's incentive rules, as values (null: that incentive is not granted). */
export const incentiveRules = z.object({
  /** The registry's credits for the completed hours (registry.creditsOnHoursComplete). */
  creditsOnHoursComplete: z.number().nullable(),
  gradeScores: z.object({ excellent: z.number(), pass: z.number(), fail: z.number() }),
  excellentLearnerScore: z.number().nullable(),
  modelSchoolAverageScore: z.number().nullable(),
  modelSchoolCoveragePercent: z.number(),
  excellentPrincipal: z.boolean(),
});
export type IncentiveRulesReply = z.infer<typeof incentiveRules>;

/** What the engine's rows say about the subject (the fields that apply to its kind). */
export const incentiveBasis = z.object({
  /** Teachers: counted hours and the training score of their teacher-level grade. */
  onlineHours: z.number().optional(),
  practiceHours: z.number().optional(),
  score: z.number().nullable().optional(),
  /** Schools: the average of their teachers' graded research results and how many teachers have one. */
  averageScore: z.number().nullable().optional(),
  teachers: z.number().optional(),
  teachersGraded: z.number().optional(),
  resultsGraded: z.number().optional(),
});

export const incentiveAward = z.object({
  status: z.enum(['confirmed', 'withdrawn']),
  credits: z.number().nullable(),
  decidedAt: z.string(),
  decidedBy: z.string().nullable(),
  withdrawReason: z.string().nullable(),
});

export const incentiveItem = z.object({
  kind: incentiveKind,
  /** The enrolment (teacher kinds) or the school (school kinds). */
  subjectId: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  /** The teacher's name, or for 优秀校长 the school's principal as recorded (null when none is). */
  name: z.string().nullable(),
  basis: incentiveBasis,
  /** Whether the engine's rows meet the rule today (an award stays listed after its subject falls back). */
  eligible: z.boolean(),
  award: incentiveAward.nullable(),
  /** Only a county officer of the subject's county confirms and withdraws. */
  canDecide: z.boolean(),
});
export type IncentiveItem = z.infer<typeof incentiveItem>;

export const incentivesReply = z.object({
  rules: incentiveRules.nullable(),
  summary: z.array(
    z.object({
      kind: incentiveKind,
      enabled: z.boolean(),
      candidates: z.number(),
      confirmed: z.number(),
      withdrawn: z.number(),
    }),
  ),
  kind: incentiveKind,
  /** Rows of this kind (eligible or awarded), of which `items` is the page from `offset`. */
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  items: z.array(incentiveItem),
});
export type IncentivesReply = z.infer<typeof incentivesReply>;

export const confirmIncentivesBody = z.object({
  kind: incentiveKind,
  subjectIds: z.array(uuid).min(1).max(MAX_INCENTIVE_SUBJECTS),
});
export type ConfirmIncentivesBody = z.infer<typeof confirmIncentivesBody>;

export const withdrawIncentivesBody = confirmIncentivesBody.extend({
  reason: z.string().trim().min(1).max(500),
});
export type WithdrawIncentivesBody = z.infer<typeof withdrawIncentivesBody>;

export const decideIncentivesReply = z.object({
  kind: incentiveKind,
  results: z.array(z.object({ subjectId: z.string(), outcome: z.enum(['confirmed', 'withdrawn', 'unchanged']) })),
  changed: z.number(),
});
export type DecideIncentivesReply = z.infer<typeof decideIncentivesReply>;
