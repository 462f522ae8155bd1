import { message, type LocalizedText, type MessageKey, type MessageParams } from '../../i18n';
import type { OverallState } from '../ids';
import { hoursToMinutes, minutesToHours, minutesToReachShare } from '../minutes';
import type { Programme } from '../schemas/programme';
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
  return { code, priority: PRIORITY[code], abilityCode, message: message(key, params) };
}

/**
 * Hours still needed, as one consistent plan: practice first (it has to reach both its own minimum and the share of
 * the final total), then online, then whatever the total still lacks in either category.
 */
function hourActions(programme: Programme, hours: HoursSummary): NextAction[] {
  const rules = programme.hours;
  const { online, practice, total } = hours.counted;
  const share = rules.practiceShareMinPercent.value ?? 0;
  const totalMin = hoursToMinutes(rules.totalMin.value);
  const practiceTarget = Math.max(hoursToMinutes(rules.practiceMin.value ?? 0), Math.ceil((share * totalMin) / 100));
  const forShare = minutesToReachShare(practice.minutes, total.minutes, share) ?? 0;
  const practiceNeeded = Math.max(practiceTarget - practice.minutes, forShare, 0);
  const onlineNeeded = Math.max(hoursToMinutes(rules.onlineMin.value ?? 0) - online.minutes, 0);
  const rest = Math.max(totalMin - (total.minutes + practiceNeeded + onlineNeeded), 0);
  const actions: NextAction[] = [];
  if (practiceNeeded > 0) actions.push(action('log-practice-hours', { missing: minutesToHours(practiceNeeded) }));
  if (onlineNeeded > 0) actions.push(action('log-online-hours', { missing: minutesToHours(onlineNeeded) }));
  if (rest > 0) actions.push(action('log-hours', { missing: minutesToHours(rest) }));
  return actions;
}

function abilityParams(ability: AbilityStatus): MessageParams {
  return { code: ability.code, name: ability.name };
}

/** What the teacher has to do for each counted ability that is neither passed nor waiting for review. */
function abilityActions(ability: AbilityStatus): NextAction[] {
  const params = abilityParams(ability);
  if (ability.outcome === 'failed') return [action('rework-failed-ability', params, ability.code)];
  if (ability.outcome !== 'needs_teacher') return [];
  if (ability.submissionState === 'returned') return [action('resubmit-evidence', params, ability.code)];
  if (!ability.evidenceComplete) {
    const problems = { sentences: ability.problems.map(({ zh, en }): LocalizedText => ({ zh, en })) };
    return [action('complete-evidence', { ...params, problems }, ability.code)];
  }
  return [action('submit-evidence', params, ability.code)];
}

function selectionActions(ctx: ActionContext): NextAction[] {
  const rules = ctx.programme.selection;
  const unmet = new Set(ctx.requirements.filter((r) => !r.met).map((r) => r.id));
  const actions: NextAction[] = [];
  if (rules === null) return actions;
  if (unmet.has('abilities-selected')) {
    const missing = rules.minAbilities.value - ctx.selection.counted;
    actions.push(action('choose-abilities', { missing, allowed: ctx.selection.allowedEnvironments }));
  }
  if (unmet.has('dimensions-selected')) {
    actions.push(action('cover-dimensions', { dimensions: ctx.selection.dimensionsMissing.map((d) => d.name) }));
  }
  if (!unmet.has('abilities-passed') && !unmet.has('dimensions-passed')) return actions;
  if (!onlyReviewOutstanding(ctx.programme, ctx.abilities)) actions.push(...ctx.abilities.flatMap(abilityActions));
  const waiting = ctx.abilities.filter((a) => a.outcome === 'awaiting_review').map((a) => a.code);
  if (waiting.length > 0) actions.push(action('await-review', { codes: waiting }));
  return actions;
}

/**
 * The next steps, most urgent first. While the 1.0 self-assessment gate is closed, nothing else is offered:
 * course choice and study are blocked until it is done. Nothing is offered once certified.
 */
export function planNextActions(ctx: ActionContext): NextAction[] {
  if (ctx.state === 'certified') return [];
  const actions: NextAction[] = [];
  const deadline = ctx.deadline ?? '';
  if (ctx.deadlinePassed && ctx.state !== 'ready_to_certify') actions.push(action('deadline-passed', { deadline }));
  if (ctx.state === 'ready_to_certify') return [...actions, action('request-certification', {})];
  const sa = ctx.selfAssessment;
  if (sa !== null && !sa.completed) {
    const params = { answered: sa.answered, required: sa.indicatorCount };
    actions.push(action('complete-self-assessment', params));
    if (sa.gatesCourses) return actions;
  }
  actions.push(...selectionActions(ctx), ...hourActions(ctx.programme, ctx.hours));
  // Stable sort: equal priorities keep catalogue / selection order.
  return actions.sort((a, b) => a.priority - b.priority);
}
