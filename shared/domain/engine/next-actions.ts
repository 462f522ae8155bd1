import { message, type LocalizedText, type MessageKey, type MessageParams } from '../../i18n';
import type { OverallState } from '../ids';
import { hoursToMinutes, minutesToHours, minutesToReachShare } from '../minutes';
import type { Programme } from '../schemas/programme';
import { Memo, type Prepared } from './prepared';
import { onlyReviewOutstanding } from './requirements';
import type {
  AbilityStatus,
  HoursSummary,
  NextAction,
  NextActionCode,
  Requirement,
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

export interface ActionContext {
  prepared: Prepared;
  programme: Programme;
  state: OverallState;
  requirements: readonly Requirement[];
  hours: HoursSummary;
  selection: SelectionSummary;
  abilities: readonly AbilityStatus[];
  selfAssessment: SelfAssessmentStatus | null;
  deadline: string | null;
  deadlinePassed: boolean;
}

function action(code: NextActionCode, params: MessageParams, abilityCode: string | null = null): NextAction {
  const key: MessageKey = `action.${code}`;
  const m = message(key, Object.freeze(params));
  return Object.freeze({ code, priority: PRIORITY[code], abilityCode, message: Object.freeze(m) });
}

/**
 * An action shared between teachers (prepared.ts): `key` stands for the parameters (a number of minutes, a list
 * joined), `make` builds them on first use.
 */
function shared(p: Prepared, code: NextActionCode, key: number | string, params: () => MessageParams): NextAction {
  const memo = p.actions[code];
  return memo.get(key) ?? memo.keep(key, action(code, params()));
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
function minutesAction(p: Prepared, code: NextActionCode, minutes: number): NextAction {
  return shared(p, code, minutes, () => ({ missing: minutesToHours(minutes) }));
}

/**
 * Hours still needed, as one consistent plan: practice first (it has to reach both its own minimum and the share of
 * the final total), then online, then whatever the total still lacks in either category.
 */
function hourActions(p: Prepared, hours: HoursSummary, actions: NextAction[]): void {
  const rules = p.programme.hours;
  const { online, practice, total } = hours.counted;
  const share = rules.practiceShareMinPercent.value ?? 0;
  const totalMin = p.totalMinMinutes;
  const practiceTarget = Math.max(hoursToMinutes(rules.practiceMin.value ?? 0), Math.ceil((share * totalMin) / 100));
  const forShare = minutesToReachShare(practice.minutes, total.minutes, share) ?? 0;
  const practiceNeeded = Math.max(practiceTarget - practice.minutes, forShare, 0);
  const onlineNeeded = Math.max(hoursToMinutes(rules.onlineMin.value ?? 0) - online.minutes, 0);
  const rest = Math.max(totalMin - (total.minutes + practiceNeeded + onlineNeeded), 0);
  if (practiceNeeded > 0) actions.push(minutesAction(p, 'log-practice-hours', practiceNeeded));
  if (onlineNeeded > 0) actions.push(minutesAction(p, 'log-online-hours', onlineNeeded));
  if (rest > 0) actions.push(minutesAction(p, 'log-hours', rest));
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

/** The same, once per ability status: statuses are shared between teachers, so are their actions. */
function abilityActionOf(p: Prepared, ability: AbilityStatus): NextAction | null {
  let cached = p.abilityActions.get(ability);
  if (cached === undefined) {
    cached = abilityAction(ability);
    p.abilityActions.set(ability, cached);
  }
  return cached;
}

function selectionActions(ctx: ActionContext, actions: NextAction[]): void {
  const p = ctx.prepared;
  const rules = ctx.programme.selection;
  if (rules === null) return;
  let abilitiesSelected = false;
  let dimensionsSelected = false;
  let passedUnmet = false;
  for (const r of ctx.requirements) {
    if (r.met) continue;
    if (r.id === 'abilities-selected') abilitiesSelected = true;
    else if (r.id === 'dimensions-selected') dimensionsSelected = true;
    else if (r.id === 'abilities-passed' || r.id === 'dimensions-passed') passedUnmet = true;
  }
  const selection = ctx.selection;
  if (abilitiesSelected) {
    const missing = rules.minAbilities.value - selection.counted;
    const allowed = selection.allowedEnvironments;
    actions.push(byList(p, allowed, missing, () => action('choose-abilities', { missing, allowed })));
  }
  if (dimensionsSelected) {
    const missing = selection.dimensionsMissing;
    actions.push(byList(p, missing, 0, () => action('cover-dimensions', { dimensions: missing.map((d) => d.name) })));
  }
  if (!passedUnmet) return;
  if (!onlyReviewOutstanding(ctx.programme, ctx.abilities)) {
    for (const ability of ctx.abilities) {
      const next = abilityActionOf(p, ability);
      if (next !== null) actions.push(next);
    }
  }
  let waiting: string[] | null = null;
  for (const a of ctx.abilities) if (a.outcome === 'awaiting_review') (waiting ??= []).push(a.code);
  if (waiting !== null) {
    const codes = waiting;
    actions.push(shared(p, 'await-review', codes.join(','), () => ({ codes })));
  }
}

/**
 * The next steps, most urgent first. While the 1.0 self-assessment gate is closed, nothing else is offered:
 * course choice and study are blocked until it is done. Nothing is offered once certified.
 */
export function planNextActions(ctx: ActionContext): NextAction[] {
  if (ctx.state === 'certified') return [];
  const p = ctx.prepared;
  const actions: NextAction[] = [];
  const deadline = ctx.deadline ?? '';
  if (ctx.deadlinePassed && ctx.state !== 'ready_to_certify') {
    actions.push(shared(p, 'deadline-passed', deadline, () => ({ deadline })));
  }
  if (ctx.state === 'ready_to_certify') {
    actions.push(shared(p, 'request-certification', 0, () => ({})));
    return actions;
  }
  const sa = ctx.selfAssessment;
  if (sa !== null && !sa.completed) {
    const params = { answered: sa.answered, required: sa.indicatorCount };
    actions.push(shared(p, 'complete-self-assessment', sa.answered, () => params));
    if (sa.gatesCourses) return actions;
  }
  selectionActions(ctx, actions);
  hourActions(p, ctx.hours, actions);
  // Stable insertion sort (a handful of actions): equal priorities keep catalogue / selection order.
  for (let i = 1; i < actions.length; i++) {
    const item = actions[i] as NextAction;
    let k = i;
    while (k > 0 && (actions[k - 1] as NextAction).priority > item.priority) {
      actions[k] = actions[k - 1] as NextAction;
      k--;
    }
    actions[k] = item;
  }
  return actions;
}
