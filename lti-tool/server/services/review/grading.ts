import { aggregateAbilityGrade, type Ability, type Programme } from '../../../../shared/domain';
import type { Db, DbTransaction } from '../../db/client';
import { itemAssessments } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit, type AuditActor } from '../audit';
import { programmeOf } from '../teacher-journey/course-link';
import { itemsOf, type EvidenceItemRow } from '../teacher-journey/submission-data';
import { enqueueAbilityGrade } from './gradebook';
import { settlePracticeCredit } from './practice-credit';
import { submissionInScope, type ReviewScope } from './scope';
import { addEvent, storeAbilityGrade, transition } from './transition';
import { refreshTeacherStatus } from '../teacher-status/refresh';
import { assertSchoolLevel } from './two-level';

type Grade = 'excellent' | 'pass' | 'fail';
export interface ItemGradeInput {
  slotId: string;
  grade: Grade;
  comment?: string | undefined;
}

export function abilityFor(scope: ReviewScope, code: string): Ability {
  const ability = programmeOf(scope.link.instance).catalogue.abilities.find((a) => a.code === code);
  if (!ability) throw new DomainError('not_found', { field: 'abilityCode' });
  return ability;
}

/**
 * Every provided item needs a grade; the ability grade follows from them by the aggregation rule, never typed in.
 * A required slot left empty counts 不合格 only where the programme fails on form alone
 * (`evidence.missingRequiredItem: fail`); otherwise grading is refused with the missing slots (return it instead).
 */
export function aggregate(ability: Ability, items: EvidenceItemRow[], grades: ItemGradeInput[], programme: Programme) {
  const bySlot = new Map(grades.map((g) => [g.slotId, g]));
  const ungraded = items.filter((i) => !bySlot.has(i.slotId)).map((i) => i.slotId);
  const unknown = grades.filter((g) => !items.some((i) => i.slotId === g.slotId)).map((g) => g.slotId);
  if (ungraded.length > 0 || unknown.length > 0) throw new DomainError('grades_incomplete', { ungraded, unknown });
  const missing = ability.evidence.slots.filter((s) => s.required && !items.some((i) => i.slotId === s.id));
  if (missing.length > 0 && (programme.evidence?.missingRequiredItem.value ?? 'incomplete') === 'incomplete') {
    throw new DomainError('required_item_missing', { missing: missing.map((s) => ({ slotId: s.id, name: s.name })) });
  }
  const graded = ability.evidence.slots.map((slot) => {
    const provided = items.some((i) => i.slotId === slot.id);
    return {
      required: slot.required,
      grade: provided ? bySlot.get(slot.id)?.grade : slot.required ? ('fail' as const) : undefined,
    };
  });
  const grade = aggregateAbilityGrade(graded);
  if (grade === undefined) throw new DomainError('grades_incomplete', { ungraded });
  return grade;
}

export async function insertItemGrades(
  tx: DbTransaction,
  scope: ReviewScope,
  items: EvidenceItemRow[],
  grades: ItemGradeInput[],
  level: 'school' | 'county',
) {
  const rows = grades.map((g) => ({
    tenantId: scope.tenantId,
    evidenceItemId: (items.find((i) => i.slotId === g.slotId) as EvidenceItemRow).id,
    assessorPersonId: scope.personId,
    level,
    grade: g.grade,
    comment: g.comment ?? null,
  }));
  if (rows.length > 0) await tx.insert(itemAssessments).values(rows);
}

/** The school review: item grades → ability grade → state school_graded, and the score queued for the LMS. */
export async function gradeSubmission(
  db: Db,
  scope: ReviewScope,
  submissionId: string,
  input: { version: number; items: ItemGradeInput[] },
  actor: AuditActor,
) {
  const { submission, enrolment } = await submissionInScope(db, scope, submissionId);
  assertSchoolLevel(scope);
  const ability = abilityFor(scope, submission.abilityCode);
  const items = await itemsOf(db, [submission.id]);
  if (submission.state !== 'submitted') throw new DomainError('invalid_review_state', { state: submission.state });
  const grade = aggregate(ability, items, input.items, programmeOf(scope.link.instance).programme);
  return db.transaction(async (tx) => {
    const after = await transition(tx, submission, input.version, ['submitted'], 'school_graded', {
      schoolGradedAt: new Date(),
    });
    await insertItemGrades(tx, scope, items, input.items, 'school');
    const comments = Object.fromEntries(
      input.items.filter((i) => i.comment).map((i) => [i.slotId, i.comment as string]),
    );
    await storeAbilityGrade(tx, after, 'school', grade, { items: input.items, version: after.version });
    const practiceHours = await settlePracticeCredit(tx, {
      submission: after,
      grade,
      level: 'school',
      programme: programmeOf(scope.link.instance).programme,
      assessorPersonId: scope.personId,
      actor,
    });
    await addEvent(tx, after, { kind: 'school_graded', actorPersonId: scope.personId, reasons: comments, grade });
    await refreshTeacherStatus(tx, enrolment.id);
    const outboxId = await enqueueAbilityGrade(tx, {
      tenantId: scope.tenantId,
      enrolmentId: enrolment.id,
      personId: enrolment.personId,
      submissionId: after.id,
      version: after.version,
      ability,
      grade,
    });
    await recordAudit(tx, {
      tenantId: scope.tenantId,
      subjectPersonId: enrolment.personId,
      ...actor,
      action: 'submission.grade',
      entityType: 'submission',
      entityId: after.id,
      before: submission,
      after: { ...after, grade, items: input.items, outboxId: outboxId ?? null, practiceHours },
    });
    return {
      id: after.id,
      state: after.state,
      version: after.version,
      grade,
      gradebook: outboxId ? ('pending' as const) : ('none' as const),
    };
  });
}

/** Sends a submission back to the teacher with a reason per item (or per missing slot). */
export async function returnSubmission(
  db: Db,
  scope: ReviewScope,
  submissionId: string,
  input: { version: number; reasons: { slotId: string; reason: string }[] },
  actor: AuditActor,
) {
  const { submission, enrolment } = await submissionInScope(db, scope, submissionId);
  assertSchoolLevel(scope);
  const ability = abilityFor(scope, submission.abilityCode);
  const unknown = input.reasons.filter((r) => !ability.evidence.slots.some((s) => s.id === r.slotId));
  if (unknown.length > 0) throw new DomainError('validation_failed', { unknownSlots: unknown.map((u) => u.slotId) });
  return db.transaction(async (tx) => {
    const after = await transition(tx, submission, input.version, ['submitted'], 'returned');
    const reasons = Object.fromEntries(input.reasons.map((r) => [r.slotId, r.reason]));
    await addEvent(tx, after, { kind: 'returned', actorPersonId: scope.personId, reasons });
    await refreshTeacherStatus(tx, enrolment.id);
    await recordAudit(tx, {
      tenantId: scope.tenantId,
      subjectPersonId: enrolment.personId,
      ...actor,
      action: 'submission.return',
      entityType: 'submission',
      entityId: after.id,
      before: submission,
      after: { ...after, reasons },
    });
    return { id: after.id, state: after.state, version: after.version };
  });
}
