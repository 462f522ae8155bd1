import { message, type MessageKey } from '../../i18n';
import { hoursToMinutes, meetsShare, minutesToHours } from '../minutes';
import type { Programme } from '../schemas/programme';
import type { Prepared } from './prepared';
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

const scratchDimensions: string[] = [];

/** How many distinct dimensions the abilities that pass `keep` cover (a handful: compared in place, no set). */
export function countWhere<T extends { dimension: string }>(
  abilities: readonly T[],
  keep: (a: T) => boolean,
): { count: number; dimensions: number } {
  let count = 0;
  let dimensions = 0;
  for (const a of abilities) {
    if (!keep(a)) continue;
    count++;
    let k = 0;
    while (k < dimensions && scratchDimensions[k] !== a.dimension) k++;
    if (k === dimensions) scratchDimensions[dimensions++] = a.dimension;
  }
  return { count, dimensions };
}

const always = () => true;
const isPassed = (a: AbilityStatus) => a.outcome === 'passed';
const isPassedOrAwaiting = (a: AbilityStatus) => a.outcome === 'passed' || a.outcome === 'awaiting_review';

/** How many distinct dimensions a set of abilities covers. */
export function dimensionCount(abilities: ReadonlyArray<{ dimension: string }>): number {
  return countWhere(abilities, always).dimensions;
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
  const { count: passed, dimensions } = countWhere(abilities, isPassed);
  const minAbilities = rules.minAbilities.value;
  const minDimensions = rules.minDimensions.value;
  return [
    requirement('abilities-passed', passed >= minAbilities, passed, minAbilities, 'abilities'),
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
  const rules = programme.selection;
  if (rules === null) return true;
  const { count, dimensions } = countWhere(abilities, isPassedOrAwaiting);
  return count >= rules.minAbilities.value && dimensions >= rules.minDimensions.value;
}

// The same requirements for a prepared programme, each built once per distinct figure and shared (see prepared.ts),
// with the unmet ones reported as bits so that nothing downstream reads the shared objects again.

export const UNMET: Record<RequirementId, number> = {
  'self-assessment': 1,
  'hours-total': 2,
  'hours-online': 4,
  'hours-practice': 8,
  'practice-share': 16,
  'abilities-selected': 32,
  'dimensions-selected': 64,
  'abilities-passed': 128,
  'dimensions-passed': 256,
};
/** The hour requirements (credits are earned once they are met). */
export const HOUR_BITS = 2 | 4 | 8 | 16;
/** Requirements only a reviewer can move once what is submitted would satisfy them. */
export const REVIEW_BITS = 128 | 256;

function frozen(r: Requirement): Requirement {
  Object.freeze(r.message.params);
  Object.freeze(r.message);
  return Object.freeze(r);
}

function cachedHours(p: Prepared, id: RequirementId, actualMinutes: number, requiredHours: number): Requirement {
  const memo = p.requirements[id];
  const ok = Number.isInteger(actualMinutes) && actualMinutes >= 0;
  const cached = ok ? memo.get(actualMinutes) : undefined;
  if (cached !== undefined) return cached;
  const r = hoursRequirement(id, actualMinutes, requiredHours);
  return ok ? memo.keep(actualMinutes, frozen(r)) : r;
}

function practiceShare(p: Prepared, hours: HoursSummary, met: boolean, share: number): Requirement {
  // Decided by whether it is met and the share shown (tenths of a percent), whatever the minutes behind them.
  const tenths = Math.round(hours.practiceSharePercent * 10);
  const key = tenths * 2 + (met ? 1 : 0);
  const memo = p.requirements['practice-share'];
  const ok = tenths >= 0 && tenths <= 1000 && tenths / 10 === hours.practiceSharePercent;
  const cached = ok ? memo.get(key) : undefined;
  if (cached !== undefined) return cached;
  const r = requirement('practice-share', met, hours.practiceSharePercent, share, 'percent');
  return ok ? memo.keep(key, frozen(r)) : r;
}

/** A count requirement (abilities, dimensions) by its actual figure: the programme fixes the rest. */
function cachedCount(p: Prepared, id: RequirementId, actual: number, required: number, unit: Requirement['unit']) {
  const memo = p.requirements[id];
  return memo.get(actual) ?? memo.keep(actual, frozen(requirement(id, actual >= required, actual, required, unit)));
}

function selfAssessmentRequirementPrepared(p: Prepared, status: SelfAssessmentStatus): Requirement {
  const actual = status.completed ? status.indicatorCount : status.answered;
  const key = actual * 2 + (status.completed ? 1 : 0);
  const memo = p.requirements['self-assessment'];
  return (
    memo.get(key) ??
    memo.keep(
      key,
      frozen(requirement('self-assessment', status.completed, actual, status.indicatorCount, 'indicators')),
    )
  );
}

/** What decides the requirements beyond the programme: the teacher's figures. */
export interface RequirementFigures {
  selfAssessment: SelfAssessmentStatus | null;
  hours: HoursSummary;
  selected: number;
  dimensionsSelected: number;
  passed: number;
  dimensionsPassed: number;
}

/**
 * Every requirement of the programme, in order (self-assessment, hours, selection, assessment), written into
 * `list` (p.requirementCount long); returns the unmet ones as UNMET bits. Each is met exactly when the shared
 * object says so: the comparisons are the ones that built it.
 */
export function requirementsPrepared(p: Prepared, f: RequirementFigures, list: Requirement[]): number {
  let at = 0;
  let unmet = 0;
  const sa = f.selfAssessment;
  if (sa !== null) {
    list[at++] = selfAssessmentRequirementPrepared(p, sa);
    if (!sa.completed) unmet |= UNMET['self-assessment'];
  }
  const rules = p.programme.hours;
  const { online, practice, total } = f.hours.counted;
  list[at++] = cachedHours(p, 'hours-total', total.minutes, rules.totalMin.value);
  if (total.minutes < p.totalMinMinutes) unmet |= UNMET['hours-total'];
  const onlineMin = rules.onlineMin.value;
  if (onlineMin !== null) {
    list[at++] = cachedHours(p, 'hours-online', online.minutes, onlineMin);
    if (online.minutes < hoursToMinutes(onlineMin)) unmet |= UNMET['hours-online'];
  }
  const practiceMin = rules.practiceMin.value;
  if (practiceMin !== null) {
    list[at++] = cachedHours(p, 'hours-practice', practice.minutes, practiceMin);
    if (practice.minutes < hoursToMinutes(practiceMin)) unmet |= UNMET['hours-practice'];
  }
  const share = rules.practiceShareMinPercent.value;
  if (share !== null) {
    const met = meetsShare(practice.minutes, total.minutes, share);
    list[at++] = practiceShare(p, f.hours, met, share);
    if (!met) unmet |= UNMET['practice-share'];
  }
  const selection = p.programme.selection;
  if (selection === null) return unmet;
  const minAbilities = selection.minAbilities.value;
  const minDimensions = selection.minDimensions.value;
  list[at++] = cachedCount(p, 'abilities-selected', f.selected, minAbilities, 'abilities');
  list[at++] = cachedCount(p, 'dimensions-selected', f.dimensionsSelected, minDimensions, 'dimensions');
  list[at++] = cachedCount(p, 'abilities-passed', f.passed, minAbilities, 'abilities');
  list[at++] = cachedCount(p, 'dimensions-passed', f.dimensionsPassed, minDimensions, 'dimensions');
  if (f.selected < minAbilities) unmet |= UNMET['abilities-selected'];
  if (f.dimensionsSelected < minDimensions) unmet |= UNMET['dimensions-selected'];
  if (f.passed < minAbilities) unmet |= UNMET['abilities-passed'];
  if (f.dimensionsPassed < minDimensions) unmet |= UNMET['dimensions-passed'];
  return unmet;
}

/** How many requirements a programme has (requirementsPrepared writes exactly these). */
export function requirementCount(programme: Programme): number {
  const hours = programme.hours;
  return (
    (programme.selfAssessment === null ? 0 : 1) +
    1 +
    (hours.onlineMin.value === null ? 0 : 1) +
    (hours.practiceMin.value === null ? 0 : 1) +
    (hours.practiceShareMinPercent.value === null ? 0 : 1) +
    (programme.selection === null ? 0 : 4)
  );
}
