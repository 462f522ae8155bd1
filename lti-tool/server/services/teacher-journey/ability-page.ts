import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { abilitySelections } from '../../db/schema';
import { abilityOf, type Enrolled } from './editing';
import { teacherStatus } from './records';
import {
  abilityGradesOf,
  eventsOf,
  findSubmission,
  itemsOf,
  itemView,
  lastReturnReasons,
  latestItemGrades,
} from './submission-data';

/**
 * The task page of one ability: its slots and rubric, the teacher's current submission with items, the
 * assessors' feedback and grades, the history, and the engine's view (problems, outcome).
 */
export async function abilityPage(db: Db, enrolled: Enrolled, code: string) {
  const ability = abilityOf(enrolled, code);
  const { enrolment } = enrolled;
  const [selection] = await db
    .select({ selectedAt: abilitySelections.selectedAt })
    .from(abilitySelections)
    .where(
      and(
        eq(abilitySelections.enrolmentId, enrolment.id),
        eq(abilitySelections.abilityCode, code),
        isNull(abilitySelections.withdrawnAt),
      ),
    );
  const submission = await findSubmission(db, enrolment.id, code);
  const items = submission ? await itemsOf(db, [submission.id]) : [];
  const grades = await latestItemGrades(
    db,
    items.map((i) => i.id),
  );
  const events = submission ? await eventsOf(db, [submission.id]) : [];
  const abilityGrades = (await abilityGradesOf(db, enrolment.id)).filter((g) => g.abilityCode === code);
  const status = await teacherStatus(db, enrolment, enrolled.link.instance, enrolled.school);
  const reasons = submission ? lastReturnReasons(events, submission.id) : null;
  return {
    ability: {
      code: ability.code,
      name: ability.name,
      environment: ability.environment,
      dimension: ability.dimension,
      note: ability.evidence.note ?? null,
      slots: ability.evidence.slots,
      rubric: ability.evidence.rubric,
    },
    selected: selection !== undefined,
    submission: submission
      ? {
          id: submission.id,
          state: submission.state,
          version: submission.version,
          submittedAt: submission.submittedAt,
          items: items.map((i) => ({ ...itemView(i, grades.get(i.id)), returnReason: reasons?.[i.slotId] ?? null })),
          returnReasons: reasons,
          history: events.map((e) => ({
            kind: e.kind,
            version: e.version,
            at: e.createdAt,
            reasons: e.reasons,
            grade: e.grade,
          })),
        }
      : null,
    grades: {
      school: abilityGrades.find((g) => g.level === 'school')?.grade ?? null,
      county: abilityGrades.find((g) => g.level === 'county')?.grade ?? null,
    },
    status: status.abilities.find((a) => a.code === code) ?? null,
  };
}
