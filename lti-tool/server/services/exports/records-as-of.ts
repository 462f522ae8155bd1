import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import {
  evaluateTeacher,
  teacherRecordsSchema,
  type EvidenceSubmission,
  type TeacherRecords,
  type TeacherStatus,
} from '../../../../shared/domain';
import { arrayParam } from '../../db/array-param';
import type { Db } from '../../db/client';
import { abilitySelections, evidenceItems, itemAssessments, submissionEvents, submissions } from '../../db/schema';
import { loadHourEntriesMany } from '../completions/ledger';
import { programmeOf, type Organisation, type ProgrammeInstance } from '../teacher-journey/course-link';
import type { Enrolment } from '../teacher-journey/enrolment';
import { engineItem, schoolContextOf } from '../teacher-journey/records';
import type { EvidenceItemRow, ItemGrade } from '../teacher-journey/submission-data';
import { chinaDate } from './china-time';

type EventRow = typeof submissionEvents.$inferSelect;

/** A submission's workflow state after its last event up to the moment (no event yet: still a draft). */
function stateAfter(last: EventRow | undefined): EvidenceSubmission['state'] {
  if (!last) return 'draft';
  if (last.kind === 'submitted') return 'submitted';
  if (last.kind === 'returned') return 'returned';
  return 'graded';
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(row);
  }
  return out;
}

/** Enrolments read per query: one array parameter each, and a county report's memory stays one chunk's rows. */
export const AS_OF_CHUNK = 2000;

/**
 * Teachers' records as they stood at `asOf`, for reports of a past period: selections held then, ledger entries
 * written by then, each submission's state after its last event by then, and the latest item grades by then.
 * Evidence items are edited in place, so their contents are today's (they only matter for format checks).
 * One query per table for the whole list (callers pass a chunk), never one per teacher: a county has 20,000.
 */
export async function loadTeacherRecordsAsOfMany(
  db: Db,
  list: readonly Enrolment[],
  asOf: Date,
): Promise<Map<string, TeacherRecords>> {
  const out = new Map<string, TeacherRecords>();
  if (list.length === 0) return out;
  const ids = arrayParam(list.map((e) => e.id));
  const selections = await db
    .select()
    .from(abilitySelections)
    .where(
      and(
        sql`${abilitySelections.enrolmentId} = any(${ids}::uuid[])`,
        lte(abilitySelections.selectedAt, asOf),
        or(isNull(abilitySelections.withdrawnAt), gt(abilitySelections.withdrawnAt, asOf)),
      ),
    )
    // Choices made in one statement share a timestamp: the row order (ctid) keeps them in the order made.
    .orderBy(abilitySelections.selectedAt, sql`${abilitySelections}.ctid`);
  const subs = await db
    .select()
    .from(submissions)
    .where(and(sql`${submissions.enrolmentId} = any(${ids}::uuid[])`, lte(submissions.createdAt, asOf)));
  const subIds = arrayParam(subs.map((s) => s.id));
  const events = subs.length
    ? await db
        .select()
        .from(submissionEvents)
        .where(
          and(sql`${submissionEvents.submissionId} = any(${subIds}::uuid[])`, lte(submissionEvents.createdAt, asOf)),
        )
        .orderBy(submissionEvents.createdAt, submissionEvents.version)
    : [];
  const items: EvidenceItemRow[] = subs.length
    ? await db
        .select()
        .from(evidenceItems)
        .where(sql`${evidenceItems.submissionId} = any(${subIds}::uuid[])`)
        .orderBy(evidenceItems.slotId)
    : [];
  const grades = new Map<string, ItemGrade>();
  if (items.length) {
    const rows = await db
      .selectDistinctOn([itemAssessments.evidenceItemId])
      .from(itemAssessments)
      .where(
        and(
          sql`${itemAssessments.evidenceItemId} = any(${arrayParam(items.map((i) => i.id))}::uuid[])`,
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
  const hours = await loadHourEntriesMany(
    db,
    list.map((e) => e.id),
    asOf,
  );
  const selectionsOf = groupBy(selections, (r) => r.enrolmentId);
  const subsOf = groupBy(subs, (r) => r.enrolmentId);
  const eventsOf = groupBy(events, (r) => r.submissionId);
  const itemsOf = groupBy(items, (r) => r.submissionId);
  for (const enrolment of list) {
    const evidence = (subsOf.get(enrolment.id) ?? []).map((s) => {
      const last = eventsOf.get(s.id)?.at(-1);
      const override =
        last?.kind === 'county_overridden' && last.grade ? { countyOverride: { grade: last.grade } } : undefined;
      return {
        abilityCode: s.abilityCode,
        state: stateAfter(last),
        items: (itemsOf.get(s.id) ?? []).map((i) => engineItem(i, grades.get(i.id))),
        ...(override ?? {}),
        ...(last?.kind === 'returned' ? { returnReason: Object.values(last.reasons).join('；') } : {}),
      };
    });
    out.set(
      enrolment.id,
      teacherRecordsSchema.parse({
        teacherId: enrolment.personId,
        selections: (selectionsOf.get(enrolment.id) ?? []).map((s) => ({ abilityCode: s.abilityCode })),
        hours: hours.get(enrolment.id) ?? [],
        evidence,
      }),
    );
  }
  return out;
}

/** One teacher's records as they stood at `asOf` (the batched loader with a list of one). */
export async function loadTeacherRecordsAsOf(db: Db, enrolment: Enrolment, asOf: Date): Promise<TeacherRecords> {
  return (await loadTeacherRecordsAsOfMany(db, [enrolment], asOf)).get(enrolment.id)!;
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
