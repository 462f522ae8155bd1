import { message, type Message } from '../../i18n';
import { aggregateAbilityGrade, gradeLabel, isPassingGrade } from '../grades';
import type { GradeId } from '../ids';
import type { Ability, EvidenceSlot } from '../schemas/catalogue';
import type { EvidenceItem, EvidenceSubmission } from '../schemas/records';
import {
  OUTCOME_AWAITING,
  OUTCOME_FAILED,
  OUTCOME_NEEDS_TEACHER,
  OUTCOME_PASSED,
  PACKED_SLOTS,
  LIMIT,
  type AbilityInfo,
  type SlotProblems,
  type StatusLists,
} from './prepared';
import type { AbilityOutcome, AbilityStatus, MissingItemRule, SlotStatus } from './types';

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
/** Abilities with at most this many slots find an item's slot by comparing ids in place rather than by a lookup. */
const SCANNED_SLOTS = 8;

/**
 * The items of a teacher's submissions and their slot ids, read in one pass before the evaluation (evaluate.ts): a
 * teacher's records are scattered over the heap, and reading one level of every submission at a time (the item
 * lists, then the items) lets the processor fetch them in parallel rather than one chain after another.
 */
export const gatheredItems: EvidenceItem[] = [];
const gatheredSlotIds: string[] = [];

/** Appends a submission's items (and their slot ids) to the gathered lists from `at`; returns the end. */
export function gatherItems(items: readonly EvidenceItem[], at: number): number {
  const start = at;
  for (let k = 0; k < items.length; k++) gatheredItems[at++] = items[k] as EvidenceItem;
  for (let k = start; k < at; k++) gatheredSlotIds[k] = (gatheredItems[k] as EvidenceItem).slotId;
  return at;
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
    const known = details.byNumber.get(key);
    if (known !== undefined) return known;
    const next = numbered(details);
    return next < 0 ? next : details.byNumber.keep(key, next);
  }
  const text = [
    wrongExtension ? file.extension : '',
    tooLarge ? oneDecimalUp(file.sizeMb) : '',
    tooLong ? oneDecimalUp(minutes) : '',
    tooShort ? item.characters : '',
  ].join('\u0000');
  const known = details.byText.get(text);
  if (known !== undefined) return known;
  const next = numbered(details);
  return next < 0 ? next : details.byText.keep(text, next);
}

/**
 * The slot's next number for a new set of problems (one count for both tables), or -1 past its limit. No closure
 * over the key: one would make every call allocate a context, even when the number is found.
 */
function numbered(details: SlotProblems): number {
  if (details.count >= details.limit) return -1;
  return ++details.count;
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

/** What the rest of the evaluation reads of a status: its outcome's number × 2, + 1 when graded 优秀. */
export function factsOf(status: AbilityStatus): number {
  return OUTCOME_CODES[status.outcome] * 2 + (status.grade === 'excellent' ? 1 : 0);
}

/** Adds a status to the ability's lists; its position, or -1 when the lists are full (then it is not shared). */
function listed(lists: StatusLists, status: AbilityStatus): number {
  if (lists.statuses.length >= LIMIT) return -1;
  lists.statuses.push(frozenStatus(status));
  lists.facts.push(factsOf(status));
  lists.actions.push(undefined);
  lists.priorities.push(0);
  return lists.statuses.length - 1;
}

/** A status evaluated without the lists (something unusual, or the lists full), for the caller to read. */
export const unlisted: { status: AbilityStatus | undefined } = { status: undefined };

function fresh(ability: Ability, submission: EvidenceSubmission | undefined, missingRule: MissingItemRule): number {
  unlisted.status = evaluateAbility(ability, submission, missingRule);
  return -1;
}

/**
 * evaluateAbility for an ability of a prepared catalogue, shared between teachers with the same evidence: returns
 * the status's position in info.statuses, built once per distinct combination of codes and found by those codes
 * packed into one number; or -1 with the status in `unlisted` when it is evaluated on its own. `from` and `to`: where
 * the submission's items already are in gatheredItems (evaluate.ts reads them with the rest of the records); without
 * them, they are read here.
 */
export function evaluateAbilityPrepared(
  info: AbilityInfo,
  submission: EvidenceSubmission | undefined,
  missingRule: MissingItemRule = 'incomplete',
  from = 0,
  to = -1,
): number {
  const { ability } = info;
  const lists = info.statuses;
  const rule = missingRule === 'fail' ? 1 : 0;
  if (submission === undefined) {
    const known = lists.unsubmitted[rule];
    if (known >= 0) return known;
    const made = evaluateAbility(ability, undefined, missingRule);
    const position = listed(lists, made);
    if (position < 0) unlisted.status = made;
    return (lists.unsubmitted[rule] = position);
  }
  if (info.duplicateSlots || submission.returnReason !== undefined) return fresh(ability, submission, missingRule);
  const state = stateCode(submission.state);
  if (state < 0) return fresh(ability, submission, missingRule);
  if (to < 0) {
    from = 0;
    to = gatherItems(submission.items, 0);
  }
  const slots = ability.evidence.slots;
  const n = slots.length;
  for (let i = 0; i < n; i++) scratchItems[i] = undefined;
  let next = 0;
  for (let k = from; k < to; k++) {
    // Items usually come in slot order, some slots left out: the slots from the one after the last item's, round to
    // it, compared in place (a handful); the lookup only for abilities with many slots.
    const id = gatheredSlotIds[k] as string;
    let i = -1;
    if (n <= SCANNED_SLOTS) {
      for (let j = next; j < n; j++) {
        if ((slots[j] as EvidenceSlot).id === id) {
          i = j;
          break;
        }
      }
      for (let j = 0; i < 0 && j < next; j++) if ((slots[j] as EvidenceSlot).id === id) i = j;
    } else i = info.slotIndex.get(id) ?? -1;
    if (i < 0) return fresh(ability, submission, missingRule); // an unknown slot
    scratchItems[i] = gatheredItems[k] as EvidenceItem;
    next = i + 1;
  }
  // The state, county grade and rule (5 bits), then each slot's code (below info.slotWidth, a power of two).
  let key = (state * 4 + gradeCode(submission.countyOverride?.grade)) * 2 + rule;
  let wide = n > PACKED_SLOTS ? String(key) : '';
  for (let i = 0; i < n; i++) {
    const item = scratchItems[i];
    let code = 0;
    if (item !== undefined) {
      const problems = item.provided ? problemCode(info, i, slots[i] as EvidenceSlot, item) : 0;
      if (problems < 0) return fresh(ability, submission, missingRule);
      code = (item.provided ? 1 : 0) + 2 * gradeCode(item.grade) + 8 * problems;
    }
    if (n > PACKED_SLOTS) wide += `,${code}`;
    else key = key * info.slotWidth + code;
  }
  const known = n > PACKED_SLOTS ? (lists.wideKeys.get(wide) ?? -1) : lists.keys.get(key);
  if (known >= 0) return known;
  const made = evaluateAbility(ability, submission, missingRule);
  const position = listed(lists, made);
  if (position < 0) {
    unlisted.status = made;
    return -1;
  }
  if (n > PACKED_SLOTS) lists.wideKeys.keep(wide, position);
  else lists.keys.set(key, position);
  return position;
}
