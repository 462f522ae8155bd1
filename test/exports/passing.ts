import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../lti-tool/server/db/client';
import { abilitySelections, enrolments, hoursLedgerEntries } from '../../lti-tool/server/db/schema';
import { seedEvidence } from '../../lti-tool/server/demo/seed-evidence';
import { schoolYearOf } from '../../lti-tool/server/services/completions/time';
import { refreshTeacherStatus } from '../../lti-tool/server/services/teacher-status/refresh';
import type { BlobStore } from '../../lti-tool/server/storage';

/**
 * Brings an enrolment to the engine's "meets the programme" with the demo's own grading path: every chosen
 * ability graded 合格 by the school with its hours (plus practice hours), then the status row refreshed. The engine decides the state.
 */
export async function makePassing(
  db: Db,
  storage: BlobStore,
  input: { enrolmentId: string; assessorId: string; index: number },
) {
  const [enrolment] = await db.select().from(enrolments).where(eq(enrolments.id, input.enrolmentId));
  if (!enrolment) throw new Error('no enrolment');
  const chosen = await db
    .select()
    .from(abilitySelections)
    .where(and(eq(abilitySelections.enrolmentId, input.enrolmentId), isNull(abilitySelections.withdrawnAt)));
  for (const s of chosen) {
    await seedEvidence(db, storage, {
      tenantId: enrolment.tenantId,
      personId: enrolment.personId,
      assessorId: input.assessorId,
      enrolmentId: input.enrolmentId,
      abilityCode: s.abilityCode,
      plan: 'graded',
      index: input.index,
    });
  }
  // The demo grants 20 online + 12 practice hours per graded ability: add practice so it is at least half.
  await db.insert(hoursLedgerEntries).values({
    tenantId: enrolment.tenantId,
    enrolmentId: input.enrolmentId,
    category: 'practice',
    hours: '30',
    // The demo programme runs around today (seed.ts demoPeriod).
    schoolYear: schoolYearOf(new Date()),
    sourceKind: 'manual',
    recordedBySystem: 'test:passing',
    reason: '校本实践',
  });
  return refreshTeacherStatus(db, input.enrolmentId);
}
