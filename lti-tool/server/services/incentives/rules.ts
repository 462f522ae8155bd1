import type { IncentiveKindId, IncentiveRulesReply } from '../../../../shared/api/incentives';
import type { Programme } from '../../../../shared/domain';
import type { RequirementId } from '../../../../shared/domain/engine/types';

/**
 * The instance's incentive rules as plain values, or null when the programme grants none. The credits are the
 * registry's (`registry.creditsOnHoursComplete`, also reported by the engine as status.registry.credits): one value.
 */
export function incentiveRulesOf(programme: Programme): IncentiveRulesReply | null {
  const r = programme.incentives;
  const credits = programme.registry?.creditsOnHoursComplete.value ?? null;
  if (!r) {
    if (credits === null) return null;
    return {
      creditsOnHoursComplete: credits,
      gradeScores: { excellent: 100, pass: 80, fail: 0 },
      excellentLearnerScore: null,
      modelSchoolAverageScore: null,
      modelSchoolCoveragePercent: 100,
      excellentPrincipal: false,
    };
  }
  return {
    creditsOnHoursComplete: credits,
    gradeScores: r.gradeScores.value,
    excellentLearnerScore: r.excellentLearnerScore.value,
    modelSchoolAverageScore: r.modelSchoolAverageScore.value,
    modelSchoolCoveragePercent: r.modelSchoolCoveragePercent.value,
    excellentPrincipal: r.excellentPrincipal.value,
  };
}

export function kindEnabled(rules: IncentiveRulesReply | null, kind: IncentiveKindId): boolean {
  if (!rules) return false;
  switch (kind) {
    case 'credits':
      return rules.creditsOnHoursComplete !== null;
    case 'excellent_learner':
      return rules.excellentLearnerScore !== null;
    case 'model_school':
      return rules.modelSchoolAverageScore !== null;
    case 'excellent_principal':
      return rules.modelSchoolAverageScore !== null && rules.excellentPrincipal;
  }
}

/** The requirements that make up "the required hours" (the engine's registry credits use the same set). */
const HOUR_REQUIREMENTS: ReadonlySet<string> = new Set<RequirementId>([
  'hours-total',
  'hours-online',
  'hours-practice',
  'practice-share',
]);

/** What a teacher's status row holds that the rules read (nothing is recomputed from records). */
export interface TeacherFigures {
  unmetRequirements: string[];
  grade: 'excellent' | 'pass' | null;
  abilitiesGraded: number;
  abilitiesPassed: number;
  abilitiesExcellent: number;
}

/** The engine met every hour requirement of the teacher. */
export const hoursComplete = (t: TeacherFigures) => !t.unmetRequirements.some((id) => HOUR_REQUIREMENTS.has(id));

/** The training score: the score of the teacher-level grade the engine gave (none before it gave one). */
export const trainingScore = (rules: IncentiveRulesReply, t: TeacherFigures) =>
  t.grade === null ? null : rules.gradeScores[t.grade];

export function teacherEligible(rules: IncentiveRulesReply, kind: IncentiveKindId, t: TeacherFigures): boolean {
  if (kind === 'credits') return rules.creditsOnHoursComplete !== null && hoursComplete(t);
  if (kind === 'excellent_learner') {
    const score = trainingScore(rules, t);
    return rules.excellentLearnerScore !== null && score !== null && score >= rules.excellentLearnerScore;
  }
  return false;
}

export interface SchoolResults {
  teachers: number;
  teachersGraded: number;
  resultsGraded: number;
  /** Sum of the scores of every graded research result (ability grade) of the school's teachers. */
  scoreSum: number;
}

/** Adds one teacher's graded abilities (优秀, 合格, 不合格 from the row's counts) to a school's results. */
export function addTeacherResults(rules: IncentiveRulesReply, school: SchoolResults, t: TeacherFigures) {
  const { excellent, pass, fail } = rules.gradeScores;
  school.teachers += 1;
  if (t.abilitiesGraded > 0) school.teachersGraded += 1;
  school.resultsGraded += t.abilitiesGraded;
  school.scoreSum +=
    t.abilitiesExcellent * excellent +
    (t.abilitiesPassed - t.abilitiesExcellent) * pass +
    (t.abilitiesGraded - t.abilitiesPassed) * fail;
}

export const averageScore = (s: SchoolResults) =>
  s.resultsGraded === 0 ? null : Math.round((s.scoreSum / s.resultsGraded) * 10) / 10;

/** 示范校 (and so its principal's 优秀校长): enough teachers graded and the average at the rule's score. */
export function schoolEligible(rules: IncentiveRulesReply, s: SchoolResults): boolean {
  const min = rules.modelSchoolAverageScore;
  if (min === null || s.resultsGraded === 0) return false;
  if (s.teachersGraded * 100 < rules.modelSchoolCoveragePercent * s.teachers) return false;
  return s.scoreSum >= min * s.resultsGraded;
}
