import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ArtefactQueueReply } from '../../../../shared/api/school-artefacts';
import type { Db } from '../../db/client';
import { organisations, schoolArtefacts } from '../../db/schema';
import { groupNameSql, present, withVersions, type SchoolKey } from './artefacts';
import type { OversightScope } from './scope';

// The county's side of school artefacts: what waits for a decision, and how many are approved per school.

/** Artefacts waiting for the county, oldest submission first, in the schools of the scope. */
export async function artefactQueue(db: Db, scope: OversightScope): Promise<ArtefactQueueReply> {
  const schoolIds = [...scope.schoolIds];
  if (schoolIds.length === 0) return { items: [] };
  const rows = await db
    .select({
      artefact: schoolArtefacts,
      groupName: groupNameSql(),
      schoolName: organisations.name,
    })
    .from(schoolArtefacts)
    .innerJoin(organisations, eq(organisations.id, schoolArtefacts.schoolId))
    .where(
      and(
        eq(schoolArtefacts.tenantId, scope.tenantId),
        eq(schoolArtefacts.programmeInstanceId, scope.programmeInstanceId),
        eq(schoolArtefacts.status, 'submitted'),
        inArray(schoolArtefacts.schoolId, schoolIds),
      ),
    )
    .orderBy(asc(schoolArtefacts.submittedAt));
  const records = await withVersions(db, rows);
  return {
    items: records.map((r, i) => ({
      ...present(r),
      schoolName: rows[i]!.schoolName,
      canDecide: scope.countySchoolIds.has(r.schoolId),
    })),
  };
}

/** Approved artefacts per school (an approved version exists), for the county overview. */
export async function approvedArtefactCounts(
  db: Db,
  key: Omit<SchoolKey, 'schoolId'>,
  schoolIds: string[],
): Promise<Map<string, number>> {
  if (schoolIds.length === 0) return new Map();
  const rows = await db
    .select({ schoolId: schoolArtefacts.schoolId, n: sql<number>`count(*)::int` })
    .from(schoolArtefacts)
    .where(
      and(
        eq(schoolArtefacts.tenantId, key.tenantId),
        eq(schoolArtefacts.programmeInstanceId, key.programmeInstanceId),
        inArray(schoolArtefacts.schoolId, schoolIds),
        sql`${schoolArtefacts.approvedVersionId} is not null`,
      ),
    )
    .groupBy(schoolArtefacts.schoolId);
  return new Map(rows.map((r) => [r.schoolId, Number(r.n)]));
}
