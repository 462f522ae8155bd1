import { and, eq, sql } from 'drizzle-orm';
import type { DbTransaction } from '../../db/client';
import { abilityGrades, submissionEvents, submissions, type SubmissionEventKind } from '../../db/schema';
import { DomainError } from '../errors';
import type { SubmissionRow } from '../teacher-journey/submission-data';

type State = SubmissionRow['state'];

/**
 * Moves a submission from `from` to `to` only if nobody changed it since the assessor loaded it: the update names
 * the expected version and state, so a stale page gets 409 and a wrong state gets a clear refusal.
 */
export async function transition(
  tx: DbTransaction,
  current: SubmissionRow,
  expectedVersion: number,
  from: State[],
  to: State,
  stamps: Partial<Pick<SubmissionRow, 'schoolGradedAt' | 'countyReviewedAt'>> = {},
): Promise<SubmissionRow> {
  if (current.version !== expectedVersion) throw new DomainError('conflict');
  if (!from.includes(current.state)) throw new DomainError('invalid_review_state', { state: current.state });
  const [after] = await tx
    .update(submissions)
    .set({ state: to, version: sql`${submissions.version} + 1`, updatedAt: new Date(), ...stamps })
    .where(and(eq(submissions.id, current.id), eq(submissions.version, expectedVersion)))
    .returning();
  if (!after) throw new DomainError('conflict');
  return after;
}

export async function addEvent(
  tx: DbTransaction,
  submission: SubmissionRow,
  event: { kind: SubmissionEventKind; actorPersonId: string; reasons?: Record<string, string>; grade?: string },
): Promise<void> {
  await tx.insert(submissionEvents).values({
    tenantId: submission.tenantId,
    submissionId: submission.id,
    version: submission.version,
    kind: event.kind,
    actorPersonId: event.actorPersonId,
    reasons: event.reasons ?? {},
    grade: event.grade ?? null,
  });
}

/** Stores the computed ability grade of a level (one current row, replaced on recomputation). */
export async function storeAbilityGrade(
  tx: DbTransaction,
  submission: SubmissionRow,
  level: 'school' | 'county',
  grade: 'excellent' | 'pass' | 'fail',
  basis: Record<string, unknown>,
) {
  const values = { grade, basis, computedAt: new Date() };
  const [row] = await tx
    .insert(abilityGrades)
    .values({
      tenantId: submission.tenantId,
      enrolmentId: submission.enrolmentId,
      abilityCode: submission.abilityCode,
      level,
      ...values,
    })
    .onConflictDoUpdate({
      target: [abilityGrades.enrolmentId, abilityGrades.abilityCode, abilityGrades.level],
      set: values,
    })
    .returning();
  return row;
}
