import { and, eq, inArray, ne } from 'drizzle-orm';
import type { TeacherStatus } from '../../../../shared/domain';
import type { Db } from '../../db/client';
import {
  enrolments,
  people,
  programmeInstances,
  submissionEvents,
  submissions,
  teacherStatus as teacherStatusRows,
} from '../../db/schema';
import type { Organisation } from '../teacher-journey/course-link';
import { teacherStatus } from '../teacher-journey/records';
import { chinaDate } from './china-time';
import { teacherStatusAsOf } from './records-as-of';

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
 * The engine's status of one enrolment. Every export reads per-teacher status through here only, so the switch to
 * the maintained `teacher_status` rows (issue 11) is one change.
 */
export function teacherStatusOf(
  db: Db,
  enrolment: typeof enrolments.$inferSelect,
  instance: typeof programmeInstances.$inferSelect,
  school: Organisation,
  asOf?: Date,
): Promise<TeacherStatus> {
  // A past moment is rebuilt from the append-only history; otherwise the live status.
  return asOf
    ? teacherStatusAsOf(db, enrolment, instance, school, asOf)
    : teacherStatus(db, enrolment, instance, school);
}

const GRADING_EVENTS = new Set(['school_graded', 'county_confirmed', 'county_overridden']);

/** The last person who graded any of the enrolment's abilities and when, for the reviewer and completion columns. */
async function lastGrading(db: Db, enrolmentId: string, asOf?: Date) {
  const rows = await db
    .select({ kind: submissionEvents.kind, at: submissionEvents.createdAt, name: people.displayName })
    .from(submissionEvents)
    .innerJoin(submissions, eq(submissions.id, submissionEvents.submissionId))
    .innerJoin(people, eq(people.id, submissionEvents.actorPersonId))
    .where(eq(submissions.enrolmentId, enrolmentId));
  const graded = rows
    .filter((r) => GRADING_EVENTS.has(r.kind) && (!asOf || r.at <= asOf))
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  return graded[0];
}

/**
 * The completion table's rows: every active enrolment of the programme instance in the given schools, by school
 * then teacher name. `onProgress` sees (done, total) after each teacher, so a job can show its progress.
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
  list.sort(
    (a, b) =>
      (schoolById.get(a.enrolment.schoolId)?.name ?? '').localeCompare(
        schoolById.get(b.enrolment.schoolId)?.name ?? '',
        'zh-CN',
      ) || a.name.localeCompare(b.name, 'zh-CN'),
  );
  // When each teacher's status row first showed them complete: the completion date the period counts.
  const firstComplete = new Map<string, Date>();
  const ids = list.map((l) => l.enrolment.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const part = await db
      .select({ id: teacherStatusRows.enrolmentId, at: teacherStatusRows.completedAt })
      .from(teacherStatusRows)
      .where(inArray(teacherStatusRows.enrolmentId, ids.slice(i, i + 5000)));
    for (const r of part) if (r.at) firstComplete.set(r.id, r.at);
  }
  const cutoff = input.asOf ?? new Date();
  const rows: TeacherReportRow[] = [];
  for (const { enrolment, name } of list) {
    const school = schoolById.get(enrolment.schoolId) as Organisation;
    const status = await teacherStatusOf(db, enrolment, instance, school, input.asOf);
    const completed = status.state === 'ready_to_certify' || status.state === 'certified';
    const grading = await lastGrading(db, enrolment.id, input.asOf);
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
    await onProgress(rows.length, list.length);
  }
  return rows;
}
