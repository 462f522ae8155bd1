import { message, type MessageKey } from '../../i18n';
import { hoursToMinutes, meetsShare, minutesToHours } from '../minutes';
import type { Programme } from '../schemas/programme';
import type {
  AbilityStatus,
  HoursSummary,
  Requirement,
  RequirementId,
  SelectionSummary,
  SelfAssessmentStatus,
} from './types';

function requirement(
  id: RequirementId,
  met: boolean,
  actual: number,
  required: number,
  unit: Requirement['unit'],
  missing: number = Math.max(0, required - actual),
): Requirement {
  const key: MessageKey = `requirement.${id}.${met ? 'met' : 'unmet'}`;
  return { id, met, actual, required, unit, message: message(key, { actual, required, missing }) };
}

/** A minimum in hours, compared in minutes. */
function hoursRequirement(id: RequirementId, actualMinutes: number, requiredHours: number): Requirement {
  const requiredMinutes = hoursToMinutes(requiredHours);
  const missing = minutesToHours(Math.max(0, requiredMinutes - actualMinutes));
  return requirement(
    id,
    actualMinutes >= requiredMinutes,
    minutesToHours(actualMinutes),
    requiredHours,
    'hours',
    missing,
  );
}

/** Total, per-category minimums and the practice share, each only when the programme sets it. */
export function hourRequirements(programme: Programme, hours: HoursSummary): Requirement[] {
  const rules = programme.hours;
  const { online, practice, total } = hours.counted;
  const list = [hoursRequirement('hours-total', total.minutes, rules.totalMin.value)];
  if (rules.onlineMin.value !== null)
    list.push(hoursRequirement('hours-online', online.minutes, rules.onlineMin.value));
  if (rules.practiceMin.value !== null) {
    list.push(hoursRequirement('hours-practice', practice.minutes, rules.practiceMin.value));
  }
  const share = rules.practiceShareMinPercent.value;
  if (share !== null) {
    const met = meetsShare(practice.minutes, total.minutes, share);
    list.push(requirement('practice-share', met, hours.practiceSharePercent, share, 'percent'));
  }
  return list;
}

/** How many distinct dimensions a set of abilities covers. */
export function dimensionCount(abilities: ReadonlyArray<{ dimension: string }>): number {
  return new Set(abilities.map((a) => a.dimension)).size;
}

/** Enough countable choices, covering enough dimensions. */
export function selectionRequirements(programme: Programme, selection: SelectionSummary): Requirement[] {
  const rules = programme.selection;
  if (rules === null) return [];
  const minAbilities = rules.minAbilities.value;
  const minDimensions = rules.minDimensions.value;
  const covered = selection.dimensionsCovered.length;
  return [
    requirement('abilities-selected', selection.counted >= minAbilities, selection.counted, minAbilities, 'abilities'),
    requirement('dimensions-selected', covered >= minDimensions, covered, minDimensions, 'dimensions'),
  ];
}

/**
 * Enough abilities assessed pass or excellent, covering enough dimensions. Extra abilities that failed or are still
 * open do not block once the passed ones satisfy the rule.
 */
export function abilityRequirements(programme: Programme, abilities: readonly AbilityStatus[]): Requirement[] {
  const rules = programme.selection;
  if (rules === null) return [];
  const passed = abilities.filter((a) => a.outcome === 'passed');
  const dimensions = dimensionCount(passed);
  const minAbilities = rules.minAbilities.value;
  const minDimensions = rules.minDimensions.value;
  return [
    requirement('abilities-passed', passed.length >= minAbilities, passed.length, minAbilities, 'abilities'),
    requirement('dimensions-passed', dimensions >= minDimensions, dimensions, minDimensions, 'dimensions'),
  ];
}

export function selfAssessmentRequirement(status: SelfAssessmentStatus | null): Requirement[] {
  if (status === null) return [];
  const actual = status.completed ? status.indicatorCount : status.answered;
  return [requirement('self-assessment', status.completed, actual, status.indicatorCount, 'indicators')];
}

/** Whether a set of abilities satisfies the programme's count and dimension rule. */
export function satisfiesSelectionRule(programme: Programme, abilities: readonly AbilityStatus[]): boolean {
  const rules = programme.selection;
  if (rules === null) return true;
  return abilities.length >= rules.minAbilities.value && dimensionCount(abilities) >= rules.minDimensions.value;
}

/** True when what is passed plus what waits for review would satisfy the rule: only reviewers can move it now. */
export function onlyReviewOutstanding(programme: Programme, abilities: readonly AbilityStatus[]): boolean {
  return satisfiesSelectionRule(
    programme,
    abilities.filter((a) => a.outcome === 'passed' || a.outcome === 'awaiting_review'),
  );
}
