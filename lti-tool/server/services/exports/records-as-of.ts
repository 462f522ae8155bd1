import { and, desc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import {
  evaluateTeacher,
  teacherRecordsSchema,
  type EvidenceSubmission,
  type TeacherStatus,
} from '../../../../shared/domain';
import type { Db } from '../../db/client';
import { abilitySelections, itemAssessments, submissionEvents, submissions } from '../../db/schema';
import { loadHourEntries } from '../completions/ledger';
import { programmeOf, type Organisation, type ProgrammeInstance } from '../teacher-journey/course-link';
import type { Enrolment } from '../teacher-journey/enrolment';
import { engineItem, schoolContextOf } from '../teacher-journey/records';
import { itemsOf, type ItemGrade } from '../teacher-journey/submission-data';
import { chinaDate } from './china-time';

type EventRow = typeof submissionEvents.$inferSelect;

/** A submission's workflow state after its last event up to the moment (no event yet: still a draft). */
function stateAfter(last: EventRow | undefined): EvidenceSubmission['state'] {
  if (!last) return 'draft';
  if (last.kind === 'submitted') return 'submitted';
  if (last.kind === 'returned') return 'returned';
  return 'graded';
}

/**
 * A teacher's records as they stood at `asOf`, for reports of a past period: selections held then, ledger entries
 * written by then, each submission's state after its last event by then, and the latest item grades by then.
 * Evidence items are edited in place, so their contents are today's (they only matter for format checks).
 */
export async function loadTeacherRecordsAsOf(db: Db, enrolment: Enrolment, asOf: Date) {
  const selections = await db
    .select()
    .from(abilitySelections)
    .where(
      and(
        eq(abilitySelections.enrolmentId, enrolment.id),
        lte(abilitySelections.selectedAt, asOf),
        or(isNull(abilitySelections.withdrawnAt), gt(abilitySelections.withdrawnAt, asOf)),
      ),
    )
    .orderBy(abilitySelections.selectedAt);
  const subs = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.enrolmentId, enrolment.id), lte(submissions.createdAt, asOf)));
  const ids = subs.map((s) => s.id);
  const events = ids.length
    ? await db
        .select()
        .from(submissionEvents)
        .where(and(inArray(submissionEvents.submissionId, ids), lte(submissionEvents.createdAt, asOf)))
        .orderBy(submissionEvents.createdAt, submissionEvents.version)
    : [];
  const items = await itemsOf(db, ids);
  const grades = new Map<string, ItemGrade>();
  if (items.length) {
    const rows = await db
      .selectDistinctOn([itemAssessments.evidenceItemId])
      .from(itemAssessments)
      .where(
        and(
          inArray(
            itemAssessments.evidenceItemId,
            items.map((i) => i.id),
          ),
          eq(itemAssessments.level, 'school'),
          lte(itemAssessments.createdAt, asOf),
        ),
      )
      .orderBy(itemAssessments.evidenceItemId, desc(itemAssessments.createdAt));
    for (const r of rows) {
      grades.set(r.evidenceItemId, {
        grade: r.grade,
        comment: r.comment,
        assessorPersonId: r.assessorPersonId,
        at: r.createdAt,
      });
    }
  }
  const evidence = subs.map((s) => {
    const own = events.filter((e) => e.submissionId === s.id);
    const last = own.at(-1);
    const state = stateAfter(last);
    const override =
      last?.kind === 'county_overridden' && last.grade ? { countyOverride: { grade: last.grade } } : undefined;
    return {
      abilityCode: s.abilityCode,
      state,
      items: items.filter((i) => i.submissionId === s.id).map((i) => engineItem(i, grades.get(i.id))),
      ...(override ?? {}),
      ...(last?.kind === 'returned' ? { returnReason: Object.values(last.reasons).join('；') } : {}),
    };
  });
  return teacherRecordsSchema.parse({
    teacherId: enrolment.personId,
    selections: selections.map((s) => ({ abilityCode: s.abilityCode })),
    hours: await loadHourEntries(db, enrolment.id, asOf),
    evidence,
  });
}

/** The engine's status of an enrolment as it stood at `asOf`. */
export async function teacherStatusAsOf(
  db: Db,
  enrolment: Enrolment,
  instance: ProgrammeInstance,
  school: Organisation,
  asOf: Date,
): Promise<TeacherStatus> {
  const { programme, catalogue } = programmeOf(instance);
  const records = await loadTeacherRecordsAsOf(db, enrolment, asOf);
  return evaluateTeacher(programme, catalogue, schoolContextOf(school), records, {
    asOf: chinaDate(asOf),
  });
}
