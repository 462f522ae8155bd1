import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { abilityGrades } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit, type AuditActor } from '../audit';
import { itemsOf } from '../teacher-journey/submission-data';
import { abilityFor, aggregate, insertItemGrades, type ItemGradeInput } from './grading';
import { programmeOf } from '../teacher-journey/course-link';
import { enqueueAbilityGrade } from './gradebook';
import { settlePracticeCredit } from './practice-credit';
import { submissionInScope, type ReviewScope } from './scope';
import { addEvent, storeAbilityGrade, transition } from './transition';
import { refreshTeacherStatus } from '../teacher-status/refresh';
import { assertCountyLevel, assertCountyReviewer } from './two-level';

export type CountyDecision =
  | { version: number; decision: 'confirm'; note?: string | undefined }
  | { version: number; decision: 'override'; items: ItemGradeInput[]; note?: string | undefined };

/**
 * The county spot check of a school-graded submission: confirm the school's grade, or re-grade the items at county
 * level (the ability grade again follows from them). Both grades stay: item assessments are append-only and the
 * ability grade is kept per level; the audit log has both decisions. A changed grade goes to the LMS again.
 * Only a county-level assessor decides, and not the one who gave the school grade unless the programme allows it.
 */
export async function countyReview(
  db: Db,
  scope: ReviewScope,
  submissionId: string,
  input: CountyDecision,
  actor: AuditActor,
) {
  assertCountyLevel(scope);
  const { submission, enrolment } = await submissionInScope(db, scope, submissionId);
  await assertCountyReviewer(db, scope, submission);
  const ability = abilityFor(scope, submission.abilityCode);
  const items = await itemsOf(db, [submission.id]);
  const [school] = await db
    .select()
    .from(abilityGrades)
    .where(
      and(
        eq(abilityGrades.enrolmentId, enrolment.id),
        eq(abilityGrades.abilityCode, submission.abilityCode),
        eq(abilityGrades.level, 'school'),
      ),
    );
  if (submission.state !== 'school_graded' || !school) {
    throw new DomainError('invalid_review_state', { state: submission.state });
  }
  const grade =
    input.decision === 'confirm'
      ? school.grade
      : aggregate(ability, items, input.items, programmeOf(scope.link.instance).programme);
  return db.transaction(async (tx) => {
    const to = input.decision === 'confirm' ? 'county_confirmed' : 'county_overridden';
    const after = await transition(tx, submission, input.version, ['school_graded'], to, {
      countyReviewedAt: new Date(),
    });
    if (input.decision === 'override') await insertItemGrades(tx, scope, items, input.items, 'county');
    await storeAbilityGrade(tx, after, 'county', grade, {
      decision: input.decision,
      schoolGrade: school.grade,
      note: input.note ?? null,
      ...(input.decision === 'override' ? { items: input.items } : {}),
    });
    const practiceHours = await settlePracticeCredit(tx, {
      submission: after,
      grade,
      level: 'county',
      programme: programmeOf(scope.link.instance).programme,
      assessorPersonId: scope.personId,
      actor,
    });
    await addEvent(tx, after, {
      kind: to,
      actorPersonId: scope.personId,
      reasons: input.note ? { note: input.note } : {},
      grade,
    });
    await refreshTeacherStatus(tx, enrolment.id);
    const outboxId =
      grade === school.grade
        ? undefined
        : await enqueueAbilityGrade(tx, {
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
      action: `submission.county_${input.decision}`,
      entityType: 'submission',
      entityId: after.id,
      before: { ...submission, schoolGrade: school.grade },
      after: { ...after, countyGrade: grade, note: input.note ?? null, outboxId: outboxId ?? null, practiceHours },
    });
    return { id: after.id, state: after.state, version: after.version, schoolGrade: school.grade, countyGrade: grade };
  });
}
