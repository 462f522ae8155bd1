import { message, type MessageKey } from '../../i18n';
import { hoursToMinutes, meetsShare, minutesToHours } from '../minutes';
import type { Programme } from '../schemas/programme';
import type { Memo, Prepared } from './prepared';
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

// The same requirements for a prepared programme, each built once per distinct figure and shared (see prepared.ts).

function frozen(r: Requirement): Requirement {
  Object.freeze(r.message.params);
  Object.freeze(r.message);
  return Object.freeze(r);
}

function memoFor(p: Prepared, id: RequirementId): Memo<number, Requirement> {
  return p.requirements[id];
}

function cachedHours(p: Prepared, id: RequirementId, actualMinutes: number, requiredHours: number): Requirement {
  const memo = memoFor(p, id);
  const ok = Number.isInteger(actualMinutes) && actualMinutes >= 0;
  const cached = ok ? memo.get(actualMinutes) : undefined;
  if (cached !== undefined) return cached;
  const r = hoursRequirement(id, actualMinutes, requiredHours);
  return ok ? memo.keep(actualMinutes, frozen(r)) : r;
}

export function hourRequirementsPrepared(p: Prepared, hours: HoursSummary, list: Requirement[]): void {
  const rules = p.programme.hours;
  const { online, practice, total } = hours.counted;
  list.push(cachedHours(p, 'hours-total', total.minutes, rules.totalMin.value));
  if (rules.onlineMin.value !== null) list.push(cachedHours(p, 'hours-online', online.minutes, rules.onlineMin.value));
  if (rules.practiceMin.value !== null) {
    list.push(cachedHours(p, 'hours-practice', practice.minutes, rules.practiceMin.value));
  }
  const share = rules.practiceShareMinPercent.value;
  if (share !== null) {
    // Decided by whether it is met and the share shown (tenths of a percent), whatever the minutes behind them.
    const met = meetsShare(practice.minutes, total.minutes, share);
    const tenths = Math.round(hours.practiceSharePercent * 10);
    const key = tenths * 2 + (met ? 1 : 0);
    const memo = memoFor(p, 'practice-share');
    const ok = tenths >= 0 && tenths <= 1000 && tenths / 10 === hours.practiceSharePercent;
    let r = ok ? memo.get(key) : undefined;
    if (r === undefined) {
      r = requirement('practice-share', met, hours.practiceSharePercent, share, 'percent');
      if (ok) memo.keep(key, frozen(r));
    }
    list.push(r);
  }
}

/** A count requirement (abilities, dimensions) by its actual figure: the programme fixes the rest. */
function cachedCount(p: Prepared, id: RequirementId, actual: number, required: number, unit: Requirement['unit']) {
  const memo = memoFor(p, id);
  return memo.get(actual) ?? memo.keep(actual, frozen(requirement(id, actual >= required, actual, required, unit)));
}

export function selectionRequirementsPrepared(p: Prepared, selection: SelectionSummary, list: Requirement[]): void {
  const rules = p.programme.selection;
  if (rules === null) return;
  const covered = selection.dimensionsCovered.length;
  list.push(cachedCount(p, 'abilities-selected', selection.counted, rules.minAbilities.value, 'abilities'));
  list.push(cachedCount(p, 'dimensions-selected', covered, rules.minDimensions.value, 'dimensions'));
}

export function abilityRequirementsPrepared(
  p: Prepared,
  abilities: readonly AbilityStatus[],
  list: Requirement[],
): void {
  const rules = p.programme.selection;
  if (rules === null) return;
  const { count: passed, dimensions } = countWhere(abilities, isPassed);
  list.push(cachedCount(p, 'abilities-passed', passed, rules.minAbilities.value, 'abilities'));
  list.push(cachedCount(p, 'dimensions-passed', dimensions, rules.minDimensions.value, 'dimensions'));
}

export function selfAssessmentRequirementPrepared(
  p: Prepared,
  status: SelfAssessmentStatus | null,
  list: Requirement[],
): void {
  if (status === null) return;
  const actual = status.completed ? status.indicatorCount : status.answered;
  const key = actual * 2 + (status.completed ? 1 : 0);
  const memo = memoFor(p, 'self-assessment');
  const r =
    memo.get(key) ??
    memo.keep(
      key,
      frozen(requirement('self-assessment', status.completed, actual, status.indicatorCount, 'indicators')),
    );
  list.push(r);
}
