import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Ability, EvidenceSlot } from '../../../../shared/domain';
import type { DbTransaction } from '../../db/client';
import { abilitySelections, submissions } from '../../db/schema';
import { DomainError } from '../errors';
import { programmeOf } from './course-link';
import type { EnrolmentState } from './enrolment';
import { findSubmission, type SubmissionRow } from './submission-data';

export type Enrolled = Extract<EnrolmentState, { state: 'enrolled' }>;

/** The ability of the enrolment's catalogue, or 404. */
export function abilityOf(enrolled: Enrolled, code: string): Ability {
  const ability = programmeOf(enrolled.link.instance).catalogue.abilities.find((a) => a.code === code);
  if (!ability) throw new DomainError('not_found', { field: 'abilityCode' });
  return ability;
}

export function slotOf(ability: Ability, slotId: string): EvidenceSlot {
  const slot = ability.evidence.slots.find((s) => s.id === slotId);
  if (!slot) throw new DomainError('not_found', { field: 'slotId' });
  return slot;
}

/**
 * The submission a teacher may edit for an ability, created as a draft on first use, with its version bumped
 * (optimistically: a stale `expectedVersion` is a 409). Only drafts and returned submissions are editable.
 */
export async function editableSubmission(
  tx: DbTransaction,
  enrolled: Enrolled,
  abilityCode: string,
  expectedVersion: number | undefined,
): Promise<{ before: SubmissionRow | undefined; after: SubmissionRow }> {
  const { enrolment } = enrolled;
  const [selected] = await tx
    .select({ id: abilitySelections.id })
    .from(abilitySelections)
    .where(
      and(
        eq(abilitySelections.enrolmentId, enrolment.id),
        eq(abilitySelections.abilityCode, abilityCode),
        isNull(abilitySelections.withdrawnAt),
      ),
    );
  if (!selected) throw new DomainError('ability_not_selected');
  const existing = await findSubmission(tx, enrolment.id, abilityCode);
  if (!existing) {
    if (expectedVersion !== undefined && expectedVersion !== 0) throw new DomainError('conflict');
    const [created] = await tx
      .insert(submissions)
      .values({ tenantId: enrolment.tenantId, enrolmentId: enrolment.id, abilityCode })
      .returning();
    return { before: undefined, after: created as SubmissionRow };
  }
  if (existing.state !== 'draft' && existing.state !== 'returned') throw new DomainError('submission_not_editable');
  if (expectedVersion !== undefined && expectedVersion !== existing.version) throw new DomainError('conflict');
  const [after] = await tx
    .update(submissions)
    .set({ version: sql`${submissions.version} + 1`, updatedAt: new Date() })
    .where(and(eq(submissions.id, existing.id), eq(submissions.version, existing.version)))
    .returning();
  if (!after) throw new DomainError('conflict');
  return { before: existing, after };
}
