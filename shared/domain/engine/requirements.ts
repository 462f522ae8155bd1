import { message, type MessageKey } from '../../i18n';
import { hoursToMinutes, meetsShare, minutesToHours } from '../minutes';
import type { Programme } from '../schemas/programme';
import type { IntMemo, Prepared } from './prepared';
import type { Requirement, RequirementId, SelfAssessmentStatus } from './types';

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

// Each caller passes the memo of its requirement (p.requirements['hours-total'] …): looked up by a variable id, the
// property load sees nine names at one site and falls back to V8's slow generic lookup, per teacher.
function cachedHours(memo: IntMemo<Requirement>, id: RequirementId, actualMinutes: number, requiredHours: number) {
  const ok = Number.isInteger(actualMinutes) && actualMinutes >= 0;
  const cached = ok ? memo.get(actualMinutes) : undefined;
  if (cached !== undefined) return cached;
  const r = hoursRequirement(id, actualMinutes, requiredHours);
  return ok ? memo.keep(actualMinutes, frozen(r)) : r;
}

function practiceShare(p: Prepared, percent: number, met: boolean, share: number): Requirement {
  // Decided by whether it is met and the share shown (tenths of a percent), whatever the minutes behind them.
  const tenths = Math.round(percent * 10);
  const key = tenths * 2 + (met ? 1 : 0);
  const memo = p.requirements['practice-share'];
  const ok = tenths >= 0 && tenths <= 1000 && tenths / 10 === percent;
  const cached = ok ? memo.get(key) : undefined;
  if (cached !== undefined) return cached;
  const r = requirement('practice-share', met, percent, share, 'percent');
  return ok ? memo.keep(key, frozen(r)) : r;
}

/** A count requirement (abilities, dimensions) by its actual figure: the programme fixes the rest. */
function cachedCount(
  memo: IntMemo<Requirement>,
  id: RequirementId,
  actual: number,
  required: number,
  unit: Requirement['unit'],
) {
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
  /** hours.practiceSharePercent, and the counted minutes (hours.counted, without reading the shared amounts). */
  practiceSharePercent: number;
  onlineMinutes: number;
  practiceMinutes: number;
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
  const online = f.onlineMinutes;
  const practice = f.practiceMinutes;
  const total = online + practice;
  list[at++] = cachedHours(p.requirements['hours-total'], 'hours-total', total, rules.totalMin.value);
  if (total < p.totalMinMinutes) unmet |= UNMET['hours-total'];
  const onlineMin = rules.onlineMin.value;
  if (onlineMin !== null) {
    list[at++] = cachedHours(p.requirements['hours-online'], 'hours-online', online, onlineMin);
    if (online < hoursToMinutes(onlineMin)) unmet |= UNMET['hours-online'];
  }
  const practiceMin = rules.practiceMin.value;
  if (practiceMin !== null) {
    list[at++] = cachedHours(p.requirements['hours-practice'], 'hours-practice', practice, practiceMin);
    if (practice < hoursToMinutes(practiceMin)) unmet |= UNMET['hours-practice'];
  }
  const share = rules.practiceShareMinPercent.value;
  if (share !== null) {
    const met = meetsShare(practice, total, share);
    list[at++] = practiceShare(p, f.practiceSharePercent, met, share);
    if (!met) unmet |= UNMET['practice-share'];
  }
  const selection = p.programme.selection;
  if (selection === null) return unmet;
  const minAbilities = selection.minAbilities.value;
  const minDimensions = selection.minDimensions.value;
  list[at++] = cachedCount(
    p.requirements['abilities-selected'],
    'abilities-selected',
    f.selected,
    minAbilities,
    'abilities',
  );
  list[at++] = cachedCount(
    p.requirements['dimensions-selected'],
    'dimensions-selected',
    f.dimensionsSelected,
    minDimensions,
    'dimensions',
  );
  list[at++] = cachedCount(p.requirements['abilities-passed'], 'abilities-passed', f.passed, minAbilities, 'abilities');
  list[at++] = cachedCount(
    p.requirements['dimensions-passed'],
    'dimensions-passed',
    f.dimensionsPassed,
    minDimensions,
    'dimensions',
  );
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
