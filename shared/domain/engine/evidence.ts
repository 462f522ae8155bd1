import { message, type Message } from '../../i18n';
import { aggregateAbilityGrade, gradeLabel, isPassingGrade } from '../grades';
import type { GradeId } from '../ids';
import type { Ability, EvidenceSlot } from '../schemas/catalogue';
import type { MISSING_ITEM_RULES } from '../schemas/programme';
import type { EvidenceItem, EvidenceSubmission } from '../schemas/records';
import {
  OUTCOME_AWAITING,
  OUTCOME_FAILED,
  OUTCOME_NEEDS_TEACHER,
  OUTCOME_PASSED,
  type AbilityInfo,
  type SlotProblems,
  type StatusEntry,
} from './prepared';
import type { AbilityOutcome, AbilityStatus, SlotStatus } from './types';

const oneDecimalUp = (n: number) => (Math.ceil(n * 10 - 1e-9) / 10).toFixed(1);

/**
 * Checks an item against its slot's limits (format, size, video length, characters). Only metadata that is present
 * is checked: an item without file details is not rejected for them. Exported for pre-upload checks in clients.
 */
export function checkSlotLimits(slot: EvidenceSlot, item: EvidenceItem): Message[] {
  const problems: Message[] = [];
  const { extensions, maxSizeMb, maxVideoMinutes, minCharacters } = slot.limits;
  const name = slot.name;
  const file = item.file;
  if (file && extensions && !extensions.includes(file.extension)) {
    problems.push(message('evidence.wrong-extension', { slot: name, extension: file.extension, allowed: extensions }));
  }
  if (file && maxSizeMb !== undefined && file.sizeMb > maxSizeMb) {
    // "25.0 MB", never 25.04821 (one decimal, rounded up so a size just over the limit does not read as the limit)
    problems.push(message('evidence.too-large', { slot: name, size: oneDecimalUp(file.sizeMb), max: maxSizeMb }));
  }
  if (file?.videoMinutes !== undefined && maxVideoMinutes !== undefined && file.videoMinutes > maxVideoMinutes) {
    const minutes = oneDecimalUp(file.videoMinutes).replace(/\.0$/, ''); // "12.1 分钟", "9 分钟"
    problems.push(message('evidence.too-long', { slot: name, minutes, max: maxVideoMinutes }));
  }
  if (item.characters !== undefined && minCharacters !== undefined && item.characters < minCharacters) {
    problems.push(message('evidence.too-short', { slot: name, characters: item.characters, min: minCharacters }));
  }
  return problems;
}

function slotStatus(slot: EvidenceSlot, item: EvidenceItem | undefined): SlotStatus {
  const provided = item?.provided ?? false;
  const problems = item && provided ? checkSlotLimits(slot, item) : [];
  if (slot.required && !provided) problems.unshift(message('evidence.missing-slot', { slot: slot.name }));
  return { slotId: slot.id, name: slot.name, required: slot.required, provided, grade: item?.grade ?? null, problems };
}

/**
 * The school's grade, only once the submission is graded. A required item that was not provided counts as 不合格
 * only when the programme fails a submission on form alone (`evidence.missingRequiredItem: fail`, S4); otherwise
 * it leaves the grade open (a 不合格 item still fails the ability: that is not form).
 */
function schoolGradeOf(
  submission: EvidenceSubmission | undefined,
  slots: SlotStatus[],
  missingRule: MissingItemRule,
): GradeId | undefined {
  if (submission?.state !== 'graded') return undefined;
  return aggregateAbilityGrade(
    slots.map((slot) => ({
      required: slot.required,
      grade:
        slot.required && !slot.provided ? (missingRule === 'fail' ? 'fail' : undefined) : (slot.grade ?? undefined),
    })),
  );
}

function outcomeOf(
  grade: GradeId | undefined,
  submission: EvidenceSubmission | undefined,
  complete: boolean,
  missingRequired: boolean,
): AbilityOutcome {
  if (isPassingGrade(grade)) return 'passed';
  if (grade === 'fail') return 'failed';
  if (submission?.state === 'graded' && missingRequired) return 'needs_teacher'; // the teacher adds what is missing
  if (submission?.state === 'graded') return 'awaiting_review'; // grading started but not finished
  if (submission?.state === 'submitted' && complete) return 'awaiting_review';
  return 'needs_teacher'; // not started, draft, returned, or submitted incomplete
}

/** What a graded submission missing a required item means (the programme's `evidence.missingRequiredItem`). */
export type MissingItemRule = (typeof MISSING_ITEM_RULES)[number];

/** Completeness, grade and outcome of one counted ability. */
export function evaluateAbility(
  ability: Ability,
  submission: EvidenceSubmission | undefined,
  missingRule: MissingItemRule = 'incomplete',
): AbilityStatus {
  const items = new Map((submission?.items ?? []).map((item) => [item.slotId, item]));
  const slots = ability.evidence.slots.map((slot) => slotStatus(slot, items.get(slot.id)));
  const known = new Set(ability.evidence.slots.map((slot) => slot.id));
  const unknown = [...items.keys()].filter((slotId) => !known.has(slotId));
  const problems = [
    ...slots.flatMap((slot) => slot.problems),
    ...unknown.map((slotId) => message('evidence.unknown-slot', { slotId, code: ability.code })),
  ];
  const complete = slots.every((slot) => slot.problems.length === 0);
  const schoolGrade = schoolGradeOf(submission, slots, missingRule);
  const missingRequired = slots.some((s) => s.required && !s.provided);
  const countyGrade = submission?.countyOverride?.grade;
  const grade = countyGrade ?? schoolGrade;
  return {
    code: ability.code,
    name: ability.name,
    environment: ability.environment,
    dimension: ability.dimension,
    submissionState: submission?.state ?? 'not_started',
    evidenceComplete: complete,
    missingRequiredSlots: slots
      .filter((s) => s.required && !s.provided)
      .map((s) => ({ slotId: s.slotId, name: s.name })),
    problems,
    slots,
    schoolGrade: schoolGrade ?? null,
    countyGrade: countyGrade ?? null,
    grade: grade ?? null,
    gradeLabel: grade === undefined ? null : gradeLabel(grade),
    outcome: outcomeOf(grade, submission, complete, missingRequired),
    returnReason: submission?.returnReason ?? null,
  };
}

// Evaluation against a prepared catalogue: a status is decided by the submission's state, the county grade, the
// rule for missing items and, per slot, whether it was provided, its grade and its problems; statuses are built once
// per distinct combination and shared between teachers (prepared.ts). Anything unusual (a return reason, an item
// for an unknown slot) is evaluated as above without the cache.

function stateCode(state: string): number {
  return state === 'draft' ? 0 : state === 'submitted' ? 1 : state === 'returned' ? 2 : state === 'graded' ? 3 : -1;
}

function gradeCode(grade: GradeId | undefined): number {
  return grade === undefined ? 0 : grade === 'excellent' ? 1 : grade === 'pass' ? 2 : 3;
}
/** A slot's code: provided (1 bit), grade (2 bits), then an index of its problems below 64. */
const scratchItems: Array<EvidenceItem | undefined> = [];

const tenthsUp = (n: number) => Math.ceil(n * 10 - 1e-9);

/**
 * A small number standing for a provided item's limit problems (0: none), or -1 when the slot's table is full.
 * The problems' messages depend only on the rendered values (the extension, the size and the length to a tenth
 * rounded up, the characters): those values, packed into one number when they fit, find the slot's number for them.
 */
function problemCode(info: AbilityInfo, i: number, slot: EvidenceSlot, item: EvidenceItem): number {
  const { extensions, maxSizeMb, maxVideoMinutes, minCharacters } = slot.limits;
  const file = item.file;
  const wrongExtension = file !== undefined && extensions !== undefined && !extensions.includes(file.extension);
  const tooLarge = file !== undefined && maxSizeMb !== undefined && file.sizeMb > maxSizeMb;
  const minutes = file?.videoMinutes;
  const tooLong = minutes !== undefined && maxVideoMinutes !== undefined && minutes > maxVideoMinutes;
  const tooShort = item.characters !== undefined && minCharacters !== undefined && item.characters < minCharacters;
  if (!wrongExtension && !tooLarge && !tooLong && !tooShort) return 0;
  const details = info.slotDetails[i] as SlotProblems;
  let extension = 0;
  if (wrongExtension) {
    const seen = details.extensions;
    extension = seen.get(file.extension) ?? (seen.size() < 62 ? seen.keep(file.extension, seen.size() + 1) : -1);
  }
  const size = tooLarge ? tenthsUp(file.sizeMb) + 1 : 0;
  const length = tooLong ? tenthsUp(minutes) + 1 : 0;
  const characters = tooShort ? (item.characters as number) + 1 : 0;
  if (extension >= 0 && size < 2 ** 18 && length < 2 ** 14 && characters < 2 ** 15) {
    const key = ((extension * 2 ** 18 + size) * 2 ** 14 + length) * 2 ** 15 + characters; // 53 bits at most
    return details.byNumber.get(key) ?? numbered(details, (n) => details.byNumber.keep(key, n));
  }
  const text = [
    wrongExtension ? file.extension : '',
    tooLarge ? oneDecimalUp(file.sizeMb) : '',
    tooLong ? oneDecimalUp(minutes) : '',
    tooShort ? item.characters : '',
  ].join('\u0000');
  return details.byText.get(text) ?? numbered(details, (n) => details.byText.keep(text, n));
}

/** The slot's next number for a new set of problems (one count for both tables), or -1 past 63. */
function numbered(details: SlotProblems, keep: (n: number) => number): number {
  if (details.count >= 63) return -1;
  details.count++;
  return keep(details.count);
}

function freezeMessages(messages: Message[]): void {
  for (const m of messages) {
    Object.freeze(m.params);
    Object.freeze(m);
  }
  Object.freeze(messages);
}

function frozenStatus(status: AbilityStatus): AbilityStatus {
  for (const slot of status.slots) {
    freezeMessages(slot.problems);
    Object.freeze(slot);
  }
  Object.freeze(status.slots);
  freezeMessages(status.problems);
  for (const slot of status.missingRequiredSlots) Object.freeze(slot);
  Object.freeze(status.missingRequiredSlots);
  return Object.freeze(status);
}

const OUTCOME_CODES: Record<AbilityOutcome, number> = {
  passed: OUTCOME_PASSED,
  failed: OUTCOME_FAILED,
  awaiting_review: OUTCOME_AWAITING,
  needs_teacher: OUTCOME_NEEDS_TEACHER,
};

/** A status with what the rest of the evaluation reads of it, kept beside it (see StatusEntry). */
export function entryOf(status: AbilityStatus): StatusEntry {
  const outcome = OUTCOME_CODES[status.outcome];
  return { status, outcome, excellent: status.grade === 'excellent', action: undefined, actionPriority: 0 };
}

/** Below 2^53 with the 5-bit prefix and 9 bits a slot: abilities with more slots use a string key. */
const PACKED_SLOTS = 5;

/**
 * evaluateAbility for an ability of a prepared catalogue, shared between teachers with the same evidence: the
 * status, built once per distinct combination of codes, found by those codes packed into one number.
 */
export function evaluateAbilityPrepared(
  info: AbilityInfo,
  submission: EvidenceSubmission | undefined,
  missingRule: MissingItemRule = 'incomplete',
): StatusEntry {
  const { ability } = info;
  const rule = missingRule === 'fail' ? 1 : 0;
  if (submission === undefined) {
    return (info.unsubmitted[rule] ??= entryOf(frozenStatus(evaluateAbility(ability, undefined, missingRule))));
  }
  if (info.duplicateSlots || submission.returnReason !== undefined) return uncached(ability, submission, missingRule);
  const state = stateCode(submission.state);
  if (state < 0) return uncached(ability, submission, missingRule);
  const slots = ability.evidence.slots;
  const n = slots.length;
  for (let i = 0; i < n; i++) scratchItems[i] = undefined;
  const items = submission.items;
  for (let k = 0; k < items.length; k++) {
    const item = items[k] as EvidenceItem;
    // Items usually come in slot order: check the slot at the same position before the lookup.
    const i = k < n && (slots[k] as EvidenceSlot).id === item.slotId ? k : info.slotIndex.get(item.slotId);
    if (i === undefined) return uncached(ability, submission, missingRule); // an unknown slot
    scratchItems[i] = item;
  }
  // The state, county grade and rule (5 bits), then each slot's code (below 512).
  let key = (state * 4 + gradeCode(submission.countyOverride?.grade)) * 2 + rule;
  let wide = n > PACKED_SLOTS ? String(key) : '';
  for (let i = 0; i < n; i++) {
    const item = scratchItems[i];
    let code = 0;
    if (item !== undefined) {
      const problems = item.provided ? problemCode(info, i, slots[i] as EvidenceSlot, item) : 0;
      if (problems < 0) return uncached(ability, submission, missingRule);
      code = (item.provided ? 1 : 0) + 2 * gradeCode(item.grade) + 8 * problems;
    }
    if (n > PACKED_SLOTS) wide += `,${code}`;
    else key = key * 512 + code;
  }
  if (n > PACKED_SLOTS) {
    const found = info.wideStatuses.get(wide);
    if (found !== undefined) return found;
    return info.wideStatuses.keep(wide, entryOf(frozenStatus(evaluateAbility(ability, submission, missingRule))));
  }
  const found = info.statuses.get(key);
  if (found !== undefined) return found;
  return info.statuses.keep(key, entryOf(frozenStatus(evaluateAbility(ability, submission, missingRule))));
}

function uncached(ability: Ability, submission: EvidenceSubmission, missingRule: MissingItemRule): StatusEntry {
  return entryOf(evaluateAbility(ability, submission, missingRule));
}
