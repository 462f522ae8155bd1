import { message, type Message } from '../../i18n';
import type { OverallState } from '../ids';
import type { Programme } from '../schemas/programme';
import type { TeacherRecords } from '../schemas/records';
import type { Prepared } from './prepared';
import { countWhere, onlyReviewOutstanding } from './requirements';
import type { AbilityStatus, Requirement } from './types';

const isExcellent = (a: AbilityStatus) => a.grade === 'excellent';

const REVIEW_REQUIREMENTS = new Set<Requirement['id']>(['abilities-passed', 'dimensions-passed']);

export function hasAnyRecord(records: TeacherRecords): boolean {
  const sa = records.selfAssessment;
  return (
    records.selections.length > 0 ||
    records.hours.length > 0 ||
    records.evidence.length > 0 ||
    (sa !== undefined && (sa.completedAt !== undefined || sa.answers.length > 0))
  );
}

/**
 * certified: a certificate was issued (it is authoritative even if the records here are partial);
 * not_started: nothing recorded; ready_to_certify: every requirement met;
 * awaiting_review: the only unmet requirements are assessment results, and what is passed plus what waits for
 * review would satisfy them — nothing is left for the teacher; in_progress: anything else.
 */
export function decideState(
  programme: Programme,
  records: TeacherRecords,
  requirements: readonly Requirement[],
  abilities: readonly AbilityStatus[],
): OverallState {
  if (records.certificate !== undefined) return 'certified';
  if (!hasAnyRecord(records)) return 'not_started';
  let unmet = 0;
  let onlyReview = true;
  for (const r of requirements) {
    if (r.met) continue;
    unmet++;
    if (!REVIEW_REQUIREMENTS.has(r.id)) onlyReview = false;
  }
  if (unmet === 0) return 'ready_to_certify';
  if (onlyReview && onlyReviewOutstanding(programme, abilities)) return 'awaiting_review';
  return 'in_progress';
}

export function stateMessage(state: OverallState, records: TeacherRecords): Message {
  if (state === 'certified') return message('state.certified', { issuedAt: records.certificate?.issuedAt ?? '' });
  return message(`state.${state}`);
}

const STATE_POSITION: Record<Exclude<OverallState, 'certified'>, number> = {
  not_started: 0,
  in_progress: 1,
  awaiting_review: 2,
  ready_to_certify: 3,
};

/** The same message, shared between teachers (by state, and by issue date once certified). */
export function stateMessagePrepared(p: Prepared, state: OverallState, records: TeacherRecords): Message {
  if (state !== 'certified') {
    const position = STATE_POSITION[state];
    return (p.stateMessageList[position] ??= frozenMessage(stateMessage(state, records)));
  }
  const key = records.certificate?.issuedAt ?? '';
  const cached = p.stateMessages.get(key);
  if (cached !== undefined) return cached;
  return p.stateMessages.keep(key, frozenMessage(stateMessage(state, records)));
}

function frozenMessage(m: Message): Message {
  Object.freeze(m.params);
  return Object.freeze(m);
}

/**
 * 优秀 for the teacher, as the programme defines it: never without every requirement met;
 * all-counted-abilities: every counted ability graded excellent (an open or failed extra ability prevents it);
 * minimum-set: enough excellent abilities to satisfy the selection rule on their own.
 */
export function decideExcellent(
  programme: Programme,
  abilities: readonly AbilityStatus[],
  requirements: readonly Requirement[],
): boolean {
  const rule = programme.excellence.value;
  if (rule === 'not-recognised' || abilities.length === 0) return false;
  for (const r of requirements) if (!r.met) return false;
  const excellent = countWhere(abilities, isExcellent);
  if (rule === 'all-counted-abilities') return excellent.count === abilities.length;
  const selection = programme.selection;
  return (
    selection !== null &&
    excellent.count >= selection.minAbilities.value &&
    excellent.dimensions >= selection.minDimensions.value
  );
}
