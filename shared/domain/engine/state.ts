import { message, type Message } from '../../i18n';
import type { OverallState } from '../ids';
import type { TeacherRecords } from '../schemas/records';
import type { Prepared } from './prepared';

export function hasAnyRecord(records: TeacherRecords): boolean {
  const sa = records.selfAssessment;
  return (
    records.selections.length > 0 ||
    records.hours.length > 0 ||
    records.evidence.length > 0 ||
    (sa !== undefined && (sa.completedAt !== undefined || sa.answers.length > 0))
  );
}

export function stateMessage(state: OverallState, records: TeacherRecords): Message {
  if (state === 'certified') return message('state.certified', { issuedAt: records.certificate?.issuedAt ?? '' });
  return message(`state.${state}`);
}

/** A state's place in p.stateMessageList (a switch: a lookup by a variable key is slow in V8 at one site). */
function statePosition(state: Exclude<OverallState, 'certified'>): number {
  switch (state) {
    case 'not_started':
      return 0;
    case 'in_progress':
      return 1;
    case 'awaiting_review':
      return 2;
    case 'ready_to_certify':
      return 3;
  }
}

/** The same message, shared between teachers (by state, and by issue date once certified). */
export function stateMessagePrepared(p: Prepared, state: OverallState, records: TeacherRecords): Message {
  if (state !== 'certified') {
    const position = statePosition(state);
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
