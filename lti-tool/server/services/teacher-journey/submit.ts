import { and, eq, inArray, sql } from 'drizzle-orm';
import { checkSlotLimits } from '../../../../shared/domain';
import { message, type Message } from '../../../../shared/i18n';
import type { Db } from '../../db/client';
import { submissionEvents, submissions } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit, type AuditActor } from '../audit';
import { abilityOf, type Enrolled } from './editing';
import { engineItem } from './records';
import { findSubmission, itemsOf, itemView } from './submission-data';
import { refreshTeacherStatus } from '../teacher-status/refresh';

/**
 * Submits (or resubmits after a return) the teacher's evidence for an ability: every required slot must be filled
 * and every item must keep its slot's limits; the refusal names each problem in Chinese and English.
 */
export async function submitEvidence(
  db: Db,
  enrolled: Enrolled,
  input: { abilityCode: string; version: number },
  actor: AuditActor,
) {
  const ability = abilityOf(enrolled, input.abilityCode);
  const submission = await findSubmission(db, enrolled.enrolment.id, ability.code);
  if (!submission) throw new DomainError('evidence_incomplete', { problems: missingAll(ability.evidence.slots) });
  if (submission.state !== 'draft' && submission.state !== 'returned') throw new DomainError('submission_not_editable');
  if (submission.version !== input.version) throw new DomainError('conflict');
  const items = await itemsOf(db, [submission.id]);
  const problems: { slotId: string; message: Message }[] = [];
  for (const slot of ability.evidence.slots) {
    const item = items.find((i) => i.slotId === slot.id);
    if (!item) {
      if (slot.required)
        problems.push({ slotId: slot.id, message: message('evidence.missing-slot', { slot: slot.name }) });
      continue;
    }
    for (const problem of checkSlotLimits(slot, engineItem(item))) problems.push({ slotId: slot.id, message: problem });
  }
  if (problems.length > 0) throw new DomainError('evidence_incomplete', { problems });

  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(submissions)
      .set({
        state: 'submitted',
        submittedAt: new Date(),
        version: sql`${submissions.version} + 1`,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(submissions.id, submission.id),
          eq(submissions.version, input.version),
          inArray(submissions.state, ['draft', 'returned']),
        ),
      )
      .returning();
    if (!after) throw new DomainError('conflict');
    await refreshTeacherStatus(tx, enrolled.enrolment.id);
    await tx.insert(submissionEvents).values({
      tenantId: after.tenantId,
      submissionId: after.id,
      version: after.version,
      kind: 'submitted',
      actorPersonId: enrolled.enrolment.personId,
      items: items.map((i) => itemView(i)),
    });
    await recordAudit(tx, {
      tenantId: after.tenantId,
      subjectPersonId: enrolled.enrolment.personId,
      ...actor,
      action: submission.state === 'returned' ? 'submission.resubmit' : 'submission.submit',
      entityType: 'submission',
      entityId: after.id,
      before: submission,
      after,
    });
    return { id: after.id, state: after.state, version: after.version, submittedAt: after.submittedAt };
  });
}

function missingAll(slots: { id: string; required: boolean; name: { zh: string; en: string } }[]) {
  return slots
    .filter((s) => s.required)
    .map((s) => ({ slotId: s.id, message: message('evidence.missing-slot', { slot: s.name }) }));
}
