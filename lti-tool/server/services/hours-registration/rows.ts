import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { enrolments, ltiIdentities, people, teacherStatus, type hoursRegistrationRows } from '../../db/schema';
import { schoolsOf, type ExportScope } from '../exports/scope';
import { allocateHours } from './allocate';

type Row = Omit<typeof hoursRegistrationRows.$inferInsert, 'registrationId' | 'tenantId'>;

/** Teachers the registry records: those the engine says meet the programme (the county certifies their hours). */
const MEETS = ['ready_to_certify', 'certified'] as const;

/**
 * The registration's lines for the scope's schools: per teacher who meets the programme, the engine's counted
 * online and practice hours, each split over the school years by the allocation.
 */
export async function registrationRows(
  db: Db,
  scope: ExportScope,
  input: { idSource: 'email' | 'platform_user_id'; shares: Record<string, number> },
): Promise<Row[]> {
  const schools = await schoolsOf(db, scope);
  if (schools.length === 0) return [];
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const list = await db
    .select({ status: teacherStatus, name: people.displayName, email: people.email, personId: people.id })
    .from(teacherStatus)
    .innerJoin(enrolments, eq(enrolments.id, teacherStatus.enrolmentId))
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(teacherStatus.tenantId, scope.tenantId),
        eq(teacherStatus.programmeInstanceId, scope.programmeInstanceId),
        inArray(teacherStatus.schoolId, [...schoolName.keys()]),
        inArray(teacherStatus.state, [...MEETS]),
        ne(enrolments.status, 'withdrawn'),
      ),
    );
  const subjects = new Map<string, string>();
  if (input.idSource === 'platform_user_id' && list.length > 0) {
    const ids = await db
      .select({ personId: ltiIdentities.personId, subject: ltiIdentities.subject })
      .from(ltiIdentities)
      .where(
        inArray(
          ltiIdentities.personId,
          list.map((l) => l.personId),
        ),
      );
    for (const i of ids) if (!subjects.has(i.personId)) subjects.set(i.personId, i.subject);
  }
  list.sort(
    (a, b) =>
      (schoolName.get(a.status.schoolId) ?? '').localeCompare(schoolName.get(b.status.schoolId) ?? '', 'zh-CN') ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
  const rows: Row[] = [];
  for (const t of list) {
    const registryId = input.idSource === 'email' ? (t.email ?? '') : (subjects.get(t.personId) ?? '');
    const minutes = { online: t.status.onlineMinutes, practice: t.status.practiceMinutes } as const;
    for (const category of ['online', 'practice'] as const) {
      for (const { year, hours } of allocateHours(minutes[category] / 60, input.shares)) {
        rows.push({
          enrolmentId: t.status.enrolmentId,
          registryId,
          teacherName: t.name,
          schoolName: schoolName.get(t.status.schoolId) ?? '',
          schoolYear: year,
          category,
          hours: hours.toFixed(2),
        });
      }
    }
  }
  return rows;
}
