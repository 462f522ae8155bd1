import { and, eq, sql } from 'drizzle-orm';
import type { SchoolReply, TeacherRow } from '../../../../shared/api/schools';
import type { Db } from '../../db/client';
import { enrolments, organisations, people, teacherStatus as ts } from '../../db/schema';
import { DomainError } from '../errors';
import { figureColumns, minutesToHours, toFigures } from './figures';
import { heatmap } from './overview';
import { schoolInScope, type OversightScope } from './scope';

/** One school: figures by 教研组, by micro-ability and by teacher, with the engine's words for who is behind. */
export async function schoolDashboard(
  db: Db,
  scope: OversightScope,
  schoolId: string,
  options: { groupId?: string } = {},
): Promise<SchoolReply> {
  schoolInScope(scope, schoolId);
  const [school] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.tenantId, scope.tenantId), eq(organisations.id, schoolId)));
  if (!school) throw new DomainError('not_found');
  const ofSchool = and(
    eq(ts.tenantId, scope.tenantId),
    eq(ts.programmeInstanceId, scope.programmeInstanceId),
    eq(ts.schoolId, schoolId),
  );
  const where = options.groupId ? and(ofSchool, eq(ts.groupId, options.groupId)) : ofSchool;
  const [total] = await db.select(figureColumns).from(ts).where(where);
  const groups = await db
    .select({ id: ts.groupId, name: organisations.name, ...figureColumns })
    .from(ts)
    .leftJoin(organisations, eq(organisations.id, ts.groupId))
    .where(ofSchool)
    .groupBy(ts.groupId, organisations.name);
  const cells = await heatmap(db, where);
  return {
    school: { id: school.id, name: school.name, code: school.code, environment: school.teachingEnvironment },
    total: toFigures(total ?? {}),
    groups: groups
      .map((g) => ({ ...toFigures(g), id: g.id as string | null, name: g.name as string | null }))
      .sort((a, b) => (a.name ?? '~').localeCompare(b.name ?? '~', 'zh-CN')),
    abilities: cells.map(({ abilityCode, chosen, passed }) => ({ abilityCode, chosen, passed })),
    teachers: await teacherRows(db, where),
  };
}

const STATE_ORDER = ['not_started', 'in_progress', 'awaiting_review', 'ready_to_certify', 'certified'];

/** The teachers, those furthest behind first, each with the engine's next actions as stored. */
export async function teacherRows(db: Db, where: ReturnType<typeof and>): Promise<TeacherRow[]> {
  const rows = await db
    .select({
      row: ts,
      name: people.displayName,
      subject: enrolments.subject,
      groupName: organisations.name,
    })
    .from(ts)
    .innerJoin(enrolments, eq(enrolments.id, ts.enrolmentId))
    .innerJoin(people, eq(people.id, enrolments.personId))
    .leftJoin(organisations, eq(organisations.id, ts.groupId))
    .where(where)
    .orderBy(sql`${people.displayName}`);
  return rows
    .map(({ row, name, subject, groupName }) => ({
      enrolmentId: row.enrolmentId,
      name,
      groupId: row.groupId,
      groupName,
      subject,
      state: row.state,
      grade: row.grade,
      onlineHours: minutesToHours(row.onlineMinutes),
      practiceHours: minutesToHours(row.practiceMinutes),
      abilitiesChosen: row.abilitiesChosen,
      abilitiesSubmitted: row.abilitiesSubmitted,
      abilitiesPassed: row.abilitiesPassed,
      missing: row.missing.map((m) => ({ code: m.code, abilityCode: m.abilityCode, zh: m.zh, en: m.en })),
      lastActivityAt: row.lastActivityAt ? row.lastActivityAt.toISOString() : null,
    }))
    .sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state));
}

/** Behind = not yet complete in the engine's words (not ready to certify, not certified). */
export const isBehind = (t: TeacherRow) => t.state !== 'ready_to_certify' && t.state !== 'certified';
