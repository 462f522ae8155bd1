import type { Programme } from '../schemas/programme';
import type { SelfAssessment } from '../schemas/records';
import type { SelfAssessmentStatus } from './types';

/**
 * 1.0 学前测评: done when the record says it was completed, or when every indicator has an answer (属实 / 不属实 /
 * 不确定 all count as answered). Platforms that report only completion still pass without per-indicator answers.
 */
export function evaluateSelfAssessment(
  programme: Programme,
  record: SelfAssessment | undefined,
): SelfAssessmentStatus | null {
  const rules = programme.selfAssessment;
  if (rules === null) return null;
  const answered = new Set((record?.answers ?? []).map((a) => a.indicatorId)).size;
  const indicatorCount = rules.indicatorCount.value;
  return {
    gatesCourses: rules.gatesCourses.value,
    completed: record?.completedAt !== undefined || answered >= indicatorCount,
    answered,
    indicatorCount,
    completedAt: record?.completedAt ?? null,
  };
}
