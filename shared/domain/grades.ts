import { label, type LocalizedText } from '../i18n';
import type { GradeId } from './ids';

/** One graded (or not yet graded) evidence item, as the aggregation sees it. */
export interface GradedItem {
  required: boolean;
  grade: GradeId | undefined;
}

/**
 * The 校本应用考核 aggregation rule (domain.md §2, sources S1, S2):
 * - any item 不合格 → the ability is 不合格 (also an optional item: off-task evidence fails the ability);
 * - otherwise, while a required item is ungraded → undefined;
 * - 优秀 only if every required item is 优秀; otherwise 合格.
 * A fail is decided as soon as it is seen: later grades cannot lift it, so the teacher learns early.
 * With no required items there is nothing to grade, so the result stays undefined unless something failed.
 */
export function aggregateAbilityGrade(items: ReadonlyArray<GradedItem>): GradeId | undefined {
  if (items.some((item) => item.grade === 'fail')) return 'fail';
  const required = items.filter((item) => item.required);
  if (required.length === 0 || required.some((item) => item.grade === undefined)) return undefined;
  return required.every((item) => item.grade === 'excellent') ? 'excellent' : 'pass';
}

export function isPassingGrade(grade: GradeId | undefined | null): boolean {
  return grade === 'pass' || grade === 'excellent';
}

/** 优秀 / 合格 / 不合格 with English labels. */
export function gradeLabel(grade: GradeId): LocalizedText {
  return label(`label.grade.${grade}`);
}
