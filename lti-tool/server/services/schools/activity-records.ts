import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SchoolActivity } from '../../../../shared/api/school-activities';
import type { Db, DbTransaction } from '../../db/client';
import {
  enrolments,
  hoursLedgerEntries,
  organisations,
  people,
  schoolActivities,
  schoolActivityAttendance,
  schoolActivityFiles,
} from '../../db/schema';
import type { SchoolKey } from './artefacts';

// The read model of school-based activities: each with its live attendance, the hours each attendee holds, and
// its files; read by the school screens and by readers outside HTTP (the e-archive).

export type Activity = typeof schoolActivities.$inferSelect;
export type ActivityFile = typeof schoolActivityFiles.$inferSelect;

/** An activity with its live attendance (and the hours each holds) and its files, for readers outside HTTP. */
export interface ActivityRecord extends Activity {
  groupName: string | null;
  participants: { enrolmentId: string; personId: string; name: string; creditedHours: number }[];
  files: ActivityFile[];
}

export const hundredths = (v: string | number) => Math.round(Number(v) * 100);

/**
 * Every activity of a school in a programme instance, newest first, with attendance, credited hours and files
 * (with blob keys). Not scoped: the caller has settled who may read (the e-archive export, the routes below).
 */
export async function listSchoolActivities(db: Db | DbTransaction, key: SchoolKey): Promise<ActivityRecord[]> {
  const rows = await db
    .select({
      activity: schoolActivities,
      groupName: sql<string | null>`(select g.name from ${organisations} g where g.id = ${schoolActivities.groupId})`,
    })
    .from(schoolActivities)
    .where(
      and(
        eq(schoolActivities.tenantId, key.tenantId),
        eq(schoolActivities.programmeInstanceId, key.programmeInstanceId),
        eq(schoolActivities.schoolId, key.schoolId),
      ),
    )
    .orderBy(desc(schoolActivities.heldOn), desc(schoolActivities.createdAt));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.activity.id);
  const attendance = await db
    .select({
      activityId: schoolActivityAttendance.activityId,
      enrolmentId: schoolActivityAttendance.enrolmentId,
      personId: enrolments.personId,
      name: people.displayName,
    })
    .from(schoolActivityAttendance)
    .innerJoin(enrolments, eq(enrolments.id, schoolActivityAttendance.enrolmentId))
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(and(inArray(schoolActivityAttendance.activityId, ids), isNull(schoolActivityAttendance.removedAt)))
    .orderBy(asc(people.displayName));
  const credits = await db
    .select({
      activityId: hoursLedgerEntries.activityId,
      enrolmentId: hoursLedgerEntries.enrolmentId,
      hours: sql<string>`sum(${hoursLedgerEntries.hours})`,
    })
    .from(hoursLedgerEntries)
    .where(inArray(hoursLedgerEntries.activityId, ids))
    .groupBy(hoursLedgerEntries.activityId, hoursLedgerEntries.enrolmentId);
  const files = await db
    .select()
    .from(schoolActivityFiles)
    .where(inArray(schoolActivityFiles.activityId, ids))
    .orderBy(asc(schoolActivityFiles.createdAt));
  const credit = new Map(credits.map((c) => [`${c.activityId}|${c.enrolmentId}`, hundredths(c.hours) / 100]));
  return rows.map(({ activity, groupName }) => ({
    ...activity,
    groupName,
    participants: attendance
      .filter((a) => a.activityId === activity.id)
      .map((a) => ({
        enrolmentId: a.enrolmentId,
        personId: a.personId,
        name: a.name,
        creditedHours: credit.get(`${activity.id}|${a.enrolmentId}`) ?? 0,
      })),
    files: files.filter((f) => f.activityId === activity.id),
  }));
}

export function present(a: ActivityRecord): SchoolActivity {
  return {
    id: a.id,
    schoolId: a.schoolId,
    heldOn: a.heldOn,
    topic: a.topic,
    organiser: a.organiser,
    groupId: a.groupId,
    groupName: a.groupName,
    practiceHours: Number(a.practiceHours),
    participants: a.participants.map(({ enrolmentId, name, creditedHours }) => ({ enrolmentId, name, creditedHours })),
    files: a.files.map((f) => ({
      id: f.id,
      kind: f.kind,
      originalName: f.originalName,
      mime: f.mime,
      sizeBytes: f.sizeBytes,
      uploadedAt: f.createdAt.toISOString(),
    })),
  };
}
