import { and, eq, sql } from 'drizzle-orm';
import type { Programme } from '../../../../shared/domain';
import type { Db, DbTransaction } from '../../db/client';
import { enrolments, hoursLedgerEntries } from '../../db/schema';
import { recordAudit, type AuditActor } from '../audit';
import { schoolYearOf } from '../completions/time';
import type { SubmissionRow } from '../teacher-journey/submission-data';

type Grade = 'excellent' | 'pass' | 'fail';
export type ReviewLevel = 'school' | 'county';

const LEVEL_ZH: Record<ReviewLevel, string> = { school: '学校评定', county: '区县复核' };
const GRADE_ZH: Record<Grade, string> = { excellent: '优秀', pass: '合格', fail: '不合格' };

/** Whether a grade given at `level` is final under the programme (a county decision always is). */
export function gradeIsFinal(programme: Programme, level: ReviewLevel): boolean {
  return level === 'county' || (programme.review?.countyReview.value ?? 'spot-check') === 'spot-check';
}

const hundredths = (value: string | number) => Math.round(Number(value) * 100);

/**
 * Makes the ledger agree with a submission's final grade: a passed ability earns the programme's
 * `practiceCredit.perPassedAbility` hours (within `abilityMax` over all the teacher's abilities), a failed one holds
 * none. The first credit is an entry pointing at the submission; later changes are signed corrections of it, so the
 * ledger stays append-only. Idempotent: when the ledger already agrees nothing is written. Runs inside the
 * grading transaction (the grade is the provenance: submission, level and grade in the reason and the audit).
 * Returns the hours written (signed), 0 when nothing changed.
 */
export async function settlePracticeCredit(
  tx: DbTransaction,
  input: {
    submission: SubmissionRow;
    grade: Grade;
    level: ReviewLevel;
    programme: Programme;
    assessorPersonId: string;
    actor: AuditActor;
    at?: Date;
  },
): Promise<number> {
  const { submission, programme } = input;
  const perAbility = programme.practiceCredit?.perPassedAbility.value ?? null;
  if (perAbility === null || !gradeIsFinal(programme, input.level)) return 0;
  // Serialise credits of one enrolment so two final grades at once cannot both fit under the cap.
  const [enrolment] = await tx
    .select({ personId: enrolments.personId })
    .from(enrolments)
    .where(eq(enrolments.id, submission.enrolmentId))
    .for('update');
  const rows = await tx
    .select()
    .from(hoursLedgerEntries)
    .where(
      and(
        eq(hoursLedgerEntries.enrolmentId, submission.enrolmentId),
        eq(hoursLedgerEntries.sourceKind, 'submission'),
        eq(hoursLedgerEntries.category, 'practice'),
      ),
    );
  const mine = rows.filter((r) => r.submissionId === submission.id);
  const held = mine.reduce((sum, r) => sum + hundredths(r.hours), 0);
  const others = rows.filter((r) => r.submissionId !== submission.id).reduce((s, r) => s + hundredths(r.hours), 0);
  const cap = programme.practiceCredit?.abilityMax.value ?? null;
  const room = cap === null ? Infinity : Math.max(hundredths(cap) - others, 0);
  const target = input.grade === 'fail' ? 0 : Math.min(hundredths(perAbility), room);
  const change = target - held;
  if (change === 0) return 0;
  const credit = mine.find((r) => r.correctsEntryId === null);
  const reason = `${submission.abilityCode} ${LEVEL_ZH[input.level]}${GRADE_ZH[input.grade]}`;
  const [entry] = await tx
    .insert(hoursLedgerEntries)
    .values({
      tenantId: submission.tenantId,
      enrolmentId: submission.enrolmentId,
      category: 'practice',
      hours: (change / 100).toFixed(2),
      schoolYear: credit?.schoolYear ?? schoolYearOf(input.at ?? new Date()),
      sourceKind: 'submission',
      submissionId: submission.id,
      correctsEntryId: credit?.id ?? null,
      reason,
      recordedByPersonId: input.assessorPersonId,
    })
    .returning();
  await recordAudit(tx, {
    tenantId: submission.tenantId,
    subjectPersonId: enrolment?.personId ?? null,
    ...input.actor,
    action: change > 0 ? 'hours.practice_credit' : 'hours.practice_reverse',
    entityType: 'hours_ledger_entry',
    entityId: entry!.id,
    before: { submissionId: submission.id, hours: held / 100 },
    after: { hours: target / 100, entry, grade: { level: input.level, grade: input.grade } },
  });
  return change / 100;
}

/** Net practice hours a submission holds in the ledger (for replies and tests). */
export async function practiceHoursOf(tx: Db | DbTransaction, submissionId: string): Promise<number> {
  const [row] = await tx
    .select({ hours: sql<string | null>`sum(${hoursLedgerEntries.hours})` })
    .from(hoursLedgerEntries)
    .where(eq(hoursLedgerEntries.submissionId, submissionId));
  return hundredths(row?.hours ?? 0) / 100;
}
