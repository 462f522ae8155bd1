import { and, desc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { evaluateTeacher, type TeacherStatus } from '../../../../shared/domain';
import { arrayParam } from '../../db/array-param';
import type { Db } from '../../db/client';
import {
  enrolments,
  people,
  programmeInstances,
  submissionEvents,
  submissions,
  teacherStatus as teacherStatusRows,
} from '../../db/schema';
import { programmeOf, type Organisation, type ProgrammeInstance } from '../teacher-journey/course-link';
import type { Enrolment } from '../teacher-journey/enrolment';
import { loadTeacherRecordsMany, schoolContextOf } from '../teacher-journey/records';
import { chinaDate } from './china-time';
import { AS_OF_CHUNK, loadTeacherRecordsAsOfMany } from './records-as-of';

/** One ability's status as the completion table words it. */
export type AbilityReportStatus = 'not_submitted' | 'submitted' | 'pass' | 'excellent' | 'fail';

export interface TeacherReportRow {
  schoolId: string;
  school: string;
  teacher: string;
  subject: string;
  environment: string;
  abilities: Array<{ code: string; status: AbilityReportStatus }>;
  onlineHours: number;
  practiceHours: number;
  totalHours: number;
  /** The engine's overall state (ready_to_certify / certified count as completed). */
  state: TeacherStatus['state'];
  excellent: boolean;
  completedOn: string | null;
  /** Completed within the report period (the completion date falls between its first and last day). */
  completedInPeriod: boolean;
  reviewer: string;
}

export function abilityReportStatus(a: TeacherStatus['abilities'][number]): AbilityReportStatus {
  if (a.grade) return a.grade;
  if (a.submissionState === 'submitted' || a.submissionState === 'graded') return 'submitted';
  return 'not_submitted';
}

/**
 * The engine's status of each enrolment (all of one programme instance), by enrolment id. Every export reads
 * per-teacher status through here: records are loaded a chunk of teachers at a time, one query per table, then
 * each teacher is evaluated by the engine. A past moment is rebuilt from the append-only history; otherwise the
 * live records. (The maintained `teacher_status` rows carry no per-ability submission state, which the tables need.)
 */
export async function teacherStatusesOf(
  db: Db,
  list: readonly Enrolment[],
  instance: ProgrammeInstance,
  schoolOf: (enrolment: Enrolment) => Organisation,
  asOf?: Date,
): Promise<Map<string, TeacherStatus>> {
  const { programme, catalogue } = programmeOf(instance);
  const records = asOf ? await loadTeacherRecordsAsOfMany(db, list, asOf) : await loadTeacherRecordsMany(db, list);
  // The day the engine judges deadlines by: the live status uses today's UTC date, as the teacher's screens do.
  const day = asOf ? chinaDate(asOf) : new Date().toISOString().slice(0, 10);
  const out = new Map<string, TeacherStatus>();
  for (const enrolment of list) {
    const school = schoolContextOf(schoolOf(enrolment));
    out.set(enrolment.id, evaluateTeacher(programme, catalogue, school, records.get(enrolment.id)!, { asOf: day }));
  }
  return out;
}

const GRADING_EVENTS = ['school_graded', 'county_confirmed', 'county_overridden'] as const;

/**
 * The last person who graded any of each enrolment's abilities and when (by `asOf` when given), for the reviewer
 * and completion columns: one query for the list.
 */
async function lastGradings(db: Db, enrolmentIds: readonly string[], asOf?: Date) {
  const rows = await db
    .select({ enrolmentId: submissions.enrolmentId, at: submissionEvents.createdAt, name: people.displayName })
    .from(submissionEvents)
    .innerJoin(submissions, eq(submissions.id, submissionEvents.submissionId))
    .innerJoin(people, eq(people.id, submissionEvents.actorPersonId))
    .where(
      and(
        sql`${submissions.enrolmentId} = any(${arrayParam(enrolmentIds)}::uuid[])`,
        inArray(submissionEvents.kind, [...GRADING_EVENTS]),
        asOf ? lte(submissionEvents.createdAt, asOf) : undefined,
      ),
    )
    .orderBy(desc(submissionEvents.createdAt));
  const out = new Map<string, { at: Date; name: string }>();
  for (const r of rows) if (!out.has(r.enrolmentId)) out.set(r.enrolmentId, { at: r.at, name: r.name });
  return out;
}

/**
 * The completion table's rows: every active enrolment of the programme instance in the given schools, by school
 * then teacher name. `onProgress` sees (done, total) after each chunk of teachers, so a job can show its progress.
 */
export async function loadReportRows(
  db: Db,
  input: {
    tenantId: string;
    programmeInstanceId: string;
    schools: Organisation[];
    /** The period's first and last day (China dates): completions are counted within it. */
    period?: { from: string; to: string };
    /** Status as it stood at this moment (the period's end when that is past); omitted: now. */
    asOf?: Date;
  },
  onProgress: (done: number, total: number) => Promise<void> = async () => {},
): Promise<TeacherReportRow[]> {
  const [instance] = await db
    .select()
    .from(programmeInstances)
    .where(and(eq(programmeInstances.tenantId, input.tenantId), eq(programmeInstances.id, input.programmeInstanceId)));
  if (!instance || input.schools.length === 0) return [];
  const schoolById = new Map(input.schools.map((s) => [s.id, s]));
  const list = await db
    .select({ enrolment: enrolments, name: people.displayName })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(enrolments.tenantId, input.tenantId),
        eq(enrolments.programmeInstanceId, instance.id),
        inArray(enrolments.schoolId, [...schoolById.keys()]),
        ne(enrolments.status, 'withdrawn'),
      ),
    );
  // One collator for the whole sort: localeCompare with a locale builds one per call (20,000 teachers).
  const collate = new Intl.Collator('zh-CN').compare;
  list.sort(
    (a, b) =>
      collate(schoolById.get(a.enrolment.schoolId)?.name ?? '', schoolById.get(b.enrolment.schoolId)?.name ?? '') ||
      collate(a.name, b.name),
  );
  // When each teacher's status row first showed them complete: the completion date the period counts.
  const firstComplete = new Map<string, Date>();
  const ids = list.map((l) => l.enrolment.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const part = await db
      .select({ id: teacherStatusRows.enrolmentId, at: teacherStatusRows.completedAt })
      .from(teacherStatusRows)
      .where(sql`${teacherStatusRows.enrolmentId} = any(${arrayParam(ids.slice(i, i + 5000))}::uuid[])`);
    for (const r of part) if (r.at) firstComplete.set(r.id, r.at);
  }
  const cutoff = input.asOf ?? new Date();
  const rows: TeacherReportRow[] = [];
  for (let i = 0; i < list.length; i += AS_OF_CHUNK) {
    const part = list.slice(i, i + AS_OF_CHUNK);
    const enrolled = part.map((l) => l.enrolment);
    const statuses = await teacherStatusesOf(
      db,
      enrolled,
      instance,
      (e) => schoolById.get(e.schoolId) as Organisation,
      input.asOf,
    );
    const gradings = await lastGradings(
      db,
      enrolled.map((e) => e.id),
      input.asOf,
    );
    for (const { enrolment, name } of part) {
      const school = schoolById.get(enrolment.schoolId) as Organisation;
      const status = statuses.get(enrolment.id)!;
      const completed = status.state === 'ready_to_certify' || status.state === 'certified';
      const grading = gradings.get(enrolment.id);
      // The status row's first completion when it is known by the cut-off; else the last grading (the row lagged).
      const known = firstComplete.get(enrolment.id);
      const completedAt = known && known <= cutoff ? known : grading?.at;
      // The day it happened in China: a completion at 2026-11-30T17:00Z counts in December.
      const completedOn = completed && completedAt ? chinaDate(completedAt) : null;
      rows.push({
        schoolId: school.id,
        school: school.name,
        teacher: name,
        subject: enrolment.subject ?? '',
        environment: school.teachingEnvironment ?? 'multimedia',
        abilities: status.abilities.map((a) => ({ code: a.code, status: abilityReportStatus(a) })),
        onlineHours: status.hours.counted.online.hours,
        practiceHours: status.hours.counted.practice.hours,
        totalHours: status.hours.counted.total.hours,
        state: status.state,
        excellent: status.excellent,
        completedOn,
        completedInPeriod:
          completedOn !== null && !!input.period && completedOn >= input.period.from && completedOn <= input.period.to,
        reviewer: grading?.name ?? '',
      });
    }
    await onProgress(rows.length, list.length);
  }
  return rows;
}
