import { message, type LocalizedText, type MessageKey, type MessageParams } from '../../i18n';
import type { OverallState } from '../ids';
import { hoursToMinutes, minutesToHours, minutesToReachShare } from '../minutes';
import {
  LIMIT,
  Memo,
  firstOf,
  type IntMemo,
  OUTCOME_AWAITING,
  type AbilityInfo,
  type ActionTrie,
  type MinutesActionCode,
  type Prepared,
} from './prepared';
import { REVIEW_BITS, UNMET } from './requirements';
import { lastSelection } from './selection';
import type {
  AbilityStatus,
  DimensionRef,
  NextAction,
  NextActionCode,
  SelectionSummary,
  SelfAssessmentStatus,
} from './types';

/** Lower first. Returned work (a reviewer is waiting) comes before new work; hours come after evidence. */
const PRIORITY: Record<NextActionCode, number> = {
  'deadline-passed': 0,
  'complete-self-assessment': 10,
  'resubmit-evidence': 20,
  'rework-failed-ability': 30,
  'choose-abilities': 40,
  'cover-dimensions': 45,
  'complete-evidence': 50,
  'submit-evidence': 60,
  'log-practice-hours': 70,
  'log-online-hours': 75,
  'log-hours': 80,
  'await-review': 90,
  'request-certification': 100,
};

/** What the plan is made from (evaluate.ts); the counted abilities are the first selection.counted of the lists. */
export interface ActionInput {
  state: OverallState;
  /** Unmet requirements as bits (requirements.ts). */
  unmet: number;
  /** What is passed plus what waits for review would satisfy the selection rule. */
  reviewOnly: boolean;
  /** The counted minutes (hours.counted, without reading the shared amounts again). */
  onlineMinutes: number;
  practiceMinutes: number;
  selection: SelectionSummary;
  abilities: readonly AbilityStatus[];
  infos: readonly AbilityInfo[];
  /** Each status's position in its ability's shared lists (-1: not shared) and its facts (evidence.ts). */
  positions: readonly number[];
  facts: readonly number[];
  selfAssessment: SelfAssessmentStatus | null;
  deadlinePassed: boolean;
}

function action(code: NextActionCode, params: MessageParams, abilityCode: string | null = null): NextAction {
  const key: MessageKey = `action.${code}`;
  const m = message(key, Object.freeze(params));
  return Object.freeze({ code, priority: PRIORITY[code], abilityCode, message: Object.freeze(m) });
}

/**
 * An action whose parameters include one of the prepared, shared lists (the allowed environments of a school, the
 * dimensions missing from a selection), kept by that list's identity and a number.
 */
function byList(p: Prepared, list: readonly object[] | readonly string[], n: number, make: () => NextAction) {
  let memo = p.actionsByList.get(list);
  if (memo === undefined) {
    memo = new Memo();
    // Only lists that are themselves shared (frozen by prepared.ts) are worth keeping.
    if (Object.isFrozen(list)) p.actionsByList.set(list, memo);
  }
  return memo.get(n) ?? memo.keep(n, make());
}

/** Minutes still needed, as an action (each category's in its own cache, by minutes). */
function minutesAction(memo: IntMemo<NextAction>, code: MinutesActionCode, minutes: number): NextAction {
  return memo.get(minutes) ?? memo.keep(minutes, action(code, { missing: minutesToHours(minutes) }));
}

/** Nothing to do (certified): one empty list, frozen, shared. */
const NO_ACTIONS: NextAction[] = [];
Object.freeze(NO_ACTIONS);

// The plan of one evaluation, with each action's priority beside it (synchronous, never re-entered).
const scratchActions: NextAction[] = [];
const scratchPriorities: number[] = [];

/**
 * Hours still needed, as one consistent plan: practice first (it has to reach both its own minimum and the share of
 * the final total), then online, then whatever the total still lacks in either category.
 */
function hourActions(p: Prepared, online: number, practice: number, at: number): number {
  const rules = p.programme.hours;
  const total = online + practice;
  const share = rules.practiceShareMinPercent.value ?? 0;
  const totalMin = p.totalMinMinutes;
  const practiceTarget = Math.max(hoursToMinutes(rules.practiceMin.value ?? 0), Math.ceil((share * totalMin) / 100));
  const forShare = minutesToReachShare(practice, total, share) ?? 0;
  const practiceNeeded = Math.max(practiceTarget - practice, forShare, 0);
  const onlineNeeded = Math.max(hoursToMinutes(rules.onlineMin.value ?? 0) - online, 0);
  const rest = Math.max(totalMin - (total + practiceNeeded + onlineNeeded), 0);
  if (practiceNeeded > 0)
    at = add(
      minutesAction(p.minuteActions['log-practice-hours'], 'log-practice-hours', practiceNeeded),
      at,
      PRIORITY['log-practice-hours'],
    );
  if (onlineNeeded > 0)
    at = add(
      minutesAction(p.minuteActions['log-online-hours'], 'log-online-hours', onlineNeeded),
      at,
      PRIORITY['log-online-hours'],
    );
  if (rest > 0) at = add(minutesAction(p.minuteActions['log-hours'], 'log-hours', rest), at, PRIORITY['log-hours']);
  return at;
}

/** Appends an action with its priority (given, so the shared action is not read again). */
function add(next: NextAction, at: number, priority: number): number {
  scratchActions[at] = next;
  scratchPriorities[at] = priority;
  return at + 1;
}

function abilityParams(ability: AbilityStatus): MessageParams {
  return { code: ability.code, name: ability.name };
}

/** What the teacher has to do for a counted ability that is neither passed nor waiting for review (or null). */
function abilityAction(ability: AbilityStatus): NextAction | null {
  const params = abilityParams(ability);
  if (ability.outcome === 'failed') return action('rework-failed-ability', params, ability.code);
  if (ability.outcome !== 'needs_teacher') return null;
  if (ability.submissionState === 'returned') return action('resubmit-evidence', params, ability.code);
  if (!ability.evidenceComplete) {
    const problems = { sentences: ability.problems.map(({ zh, en }): LocalizedText => ({ zh, en })) };
    return action('complete-evidence', { ...params, problems }, ability.code);
  }
  return action('submit-evidence', params, ability.code);
}

/** The priority of the action abilityActionAt returned last. */
let actionPriority = 0;

/** The same, once per shared status (kept in its ability's lists with its priority), and its priority. */
function abilityActionAt(input: ActionInput, k: number): NextAction | null {
  const position = input.positions[k] as number;
  const status = input.abilities[k] as AbilityStatus;
  if (position < 0) {
    const next = abilityAction(status);
    actionPriority = next === null ? 0 : next.priority;
    return next;
  }
  const lists = (input.infos[k] as AbilityInfo).statuses;
  let next = lists.actions[position];
  if (next === undefined) {
    next = abilityAction(status);
    lists.actions[position] = next;
    lists.priorities[position] = next === null ? 0 : next.priority;
  }
  actionPriority = lists.priorities[position] as number;
  return next;
}

/** 'Wait for the review of …', shared by the list of abilities waiting (a trie by catalogue position). */
function awaitReview(p: Prepared, input: ActionInput, n: number): NextAction | null {
  let node: ActionTrie | undefined;
  for (let k = 0; k < n; k++) {
    if ((input.facts[k] as number) >> 1 !== OUTCOME_AWAITING) continue;
    const from: ActionTrie = node ?? p.awaitReview;
    const position = (input.infos[k] as AbilityInfo).position;
    const children = (from.next ??= []);
    node = children[position];
    if (node === undefined) {
      node = { action: undefined, next: undefined };
      if (p.awaitReviewNodes < LIMIT) {
        while (children.length < position) children.push(undefined); // no gaps: V8 keeps a plain array
        children[position] = node;
        p.awaitReviewNodes++;
      }
    }
  }
  if (node === undefined) return null;
  if (node.action !== undefined) return node.action;
  const codes: string[] = [];
  for (let k = 0; k < n; k++) {
    if ((input.facts[k] as number) >> 1 === OUTCOME_AWAITING) codes.push((input.abilities[k] as AbilityStatus).code);
  }
  return (node.action = action('await-review', { codes }));
}

/**
 * 'Choose n more abilities', kept with the school environment's prepared entry when the summary is the last one
 * (selection.ts); made or found by the list otherwise. No closure on the way: it would allocate on every call.
 */
function chooseAbilities(p: Prepared, selection: SelectionSummary, missing: number): NextAction {
  const entry = lastSelection.allowed;
  const mine = entry !== undefined && entry.copy === selection.allowedEnvironments && missing >= 0 && missing < 64;
  const known = mine ? entry.chooseActions[missing] : undefined;
  if (known !== undefined) return known;
  const made = chooseAbilitiesByList(p, selection.allowedEnvironments, missing);
  if (mine) entry.chooseActions[missing] = made;
  return made;
}

function chooseAbilitiesByList(p: Prepared, allowed: string[], missing: number): NextAction {
  return byList(p, allowed, missing, () => action('choose-abilities', { missing, allowed }));
}

/** 'Cover these dimensions', kept with the prepared set of dimensions when the summary is the last one. */
function coverDimensions(p: Prepared, selection: SelectionSummary): NextAction {
  const set = lastSelection.dimensions;
  const mine = set !== undefined && set.missing === selection.dimensionsMissing;
  const known = mine ? set.coverAction : undefined;
  if (known !== undefined) return known;
  const made = coverDimensionsByList(p, selection.dimensionsMissing);
  if (mine) set.coverAction = made;
  return made;
}

function coverDimensionsByList(p: Prepared, missing: DimensionRef[]): NextAction {
  return byList(p, missing, 0, () => action('cover-dimensions', { dimensions: missing.map((d) => d.name) }));
}

function selectionActions(p: Prepared, input: ActionInput, at: number): number {
  const rules = p.programme.selection;
  if (rules === null) return at;
  const { selection, unmet } = input;
  if ((unmet & UNMET['abilities-selected']) !== 0) {
    at = add(
      chooseAbilities(p, selection, rules.minAbilities.value - selection.counted),
      at,
      PRIORITY['choose-abilities'],
    );
  }
  if ((unmet & UNMET['dimensions-selected']) !== 0) {
    at = add(coverDimensions(p, selection), at, PRIORITY['cover-dimensions']);
  }
  if ((unmet & REVIEW_BITS) === 0) return at;
  const n = selection.counted;
  if (!input.reviewOnly) {
    for (let k = 0; k < n; k++) {
      const next = abilityActionAt(input, k);
      if (next !== null) at = add(next, at, actionPriority);
    }
  }
  const waiting = awaitReview(p, input, n);
  return waiting === null ? at : add(waiting, at, PRIORITY['await-review']);
}

/**
 * The next steps, most urgent first. While the 1.0 self-assessment gate is closed, nothing else is offered:
 * course choice and study are blocked until it is done. Nothing is offered once certified.
 */
export function planNextActionsPrepared(p: Prepared, input: ActionInput): NextAction[] {
  const state = input.state;
  if (state === 'certified') return NO_ACTIONS;
  let at = 0;
  if (input.deadlinePassed && state !== 'ready_to_certify') {
    const deadline = p.programme.period.deadline.value ?? '';
    at = add((p.deadlineAction ??= action('deadline-passed', { deadline })), at, PRIORITY['deadline-passed']);
  }
  if (state === 'ready_to_certify') {
    at = add((p.certificationAction ??= action('request-certification', {})), at, PRIORITY['request-certification']);
    return firstOf(scratchActions, at);
  }
  const sa = input.selfAssessment;
  if (sa !== null && !sa.completed) {
    const memo = p.selfAssessmentActions;
    const params = { answered: sa.answered, required: sa.indicatorCount };
    const next = memo.get(sa.answered) ?? memo.keep(sa.answered, action('complete-self-assessment', params));
    at = add(next, at, PRIORITY['complete-self-assessment']);
    if (sa.gatesCourses) return firstOf(scratchActions, at);
  }
  at = selectionActions(p, input, at);
  at = hourActions(p, input.onlineMinutes, input.practiceMinutes, at);
  // Stable insertion sort (a handful of actions): equal priorities keep catalogue / selection order.
  for (let i = 1; i < at; i++) {
    const item = scratchActions[i] as NextAction;
    const priority = scratchPriorities[i] as number;
    let k = i;
    while (k > 0 && (scratchPriorities[k - 1] as number) > priority) {
      scratchActions[k] = scratchActions[k - 1] as NextAction;
      scratchPriorities[k] = scratchPriorities[k - 1] as number;
      k--;
    }
    scratchActions[k] = item;
    scratchPriorities[k] = priority;
  }
  return firstOf(scratchActions, at);
}
