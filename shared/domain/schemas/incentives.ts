import { z } from 'zod';
import { param } from './common';

const score = z.number().min(0).max(100);

/**
 * Incentives a county grants on the engine's results (domain.md §5; the Henan county rules of issue 11): 优秀学员 for
 * a full training score, 示范校 for a school whose research results average full marks and 优秀校长 for its
 * principal (the credits for the completed hours are `registry.creditsOnHoursComplete`, read from there). A null
 * value: that incentive is not granted. The tool has grades, not marks, so `gradeScores` says what each grade counts
 * as when a score is compared.
 */
export const incentiveRulesSchema = z.strictObject({
  /** The score each final grade counts as (a teacher's training score is their teacher-level grade's). */
  gradeScores: param(z.strictObject({ excellent: score, pass: score, fail: score })),
  /** A training score at or above this earns 优秀学员 (Henan: 100). */
  excellentLearnerScore: param(score.nullable()),
  /** A school whose graded research results average at or above this is a 示范校 candidate (Henan: 100). */
  modelSchoolAverageScore: param(score.nullable()),
  /** The share of the school's teachers who must have graded research results before the average counts. */
  modelSchoolCoveragePercent: param(z.number().int().min(1).max(100)),
  /** Whether a 示范校's principal is recognised as 优秀校长. */
  excellentPrincipal: param(z.boolean()),
});

export type IncentiveRules = z.output<typeof incentiveRulesSchema>;
