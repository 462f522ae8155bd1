import { message, type Message } from '../../i18n';
import { aggregateAbilityGrade, gradeLabel, isPassingGrade } from '../grades';
import type { GradeId } from '../ids';
import type { Ability, EvidenceSlot } from '../schemas/catalogue';
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
 * The school's grade, only once the submission is graded. A required item that was not provided counts as 不合格:
 * a missing item fails a submission on form alone (domain.md §2, S4).
 */
function schoolGradeOf(submission: EvidenceSubmission | undefined, slots: SlotStatus[]): GradeId | undefined {
  if (submission?.state !== 'graded') return undefined;
  return aggregateAbilityGrade(
    slots.map((slot) => ({
      required: slot.required,
      grade: slot.required && !slot.provided ? 'fail' : (slot.grade ?? undefined),
    })),
  );
}

function outcomeOf(
  grade: GradeId | undefined,
  submission: EvidenceSubmission | undefined,
  complete: boolean,
): AbilityOutcome {
  if (isPassingGrade(grade)) return 'passed';
  if (grade === 'fail') return 'failed';
  if (submission?.state === 'graded') return 'awaiting_review'; // grading started but not finished
  if (submission?.state === 'submitted' && complete) return 'awaiting_review';
  return 'needs_teacher'; // not started, draft, returned, or submitted incomplete
}

/** Completeness, grade and outcome of one counted ability. */
export function evaluateAbility(ability: Ability, submission: EvidenceSubmission | undefined): AbilityStatus {
  const items = new Map((submission?.items ?? []).map((item) => [item.slotId, item]));
  const slots = ability.evidence.slots.map((slot) => slotStatus(slot, items.get(slot.id)));
  const known = new Set(ability.evidence.slots.map((slot) => slot.id));
  const unknown = [...items.keys()].filter((slotId) => !known.has(slotId));
  const problems = [
    ...slots.flatMap((slot) => slot.problems),
    ...unknown.map((slotId) => message('evidence.unknown-slot', { slotId, code: ability.code })),
  ];
  const complete = slots.every((slot) => slot.problems.length === 0);
  const schoolGrade = schoolGradeOf(submission, slots);
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
    outcome: outcomeOf(grade, submission, complete),
    returnReason: submission?.returnReason ?? null,
  };
}
