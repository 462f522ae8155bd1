import { message, type Message } from '../../i18n';
import { aggregateAbilityGrade, gradeLabel, isPassingGrade } from '../grades';
import type { GradeId } from '../ids';
import type { Ability, EvidenceSlot } from '../schemas/catalogue';
import type { MISSING_ITEM_RULES } from '../schemas/programme';
import type { EvidenceItem, EvidenceSubmission } from '../schemas/records';
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
