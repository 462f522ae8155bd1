import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { OverviewReply } from '../../../../shared/api/schools';
import type { Db } from '../../db/client';
import { organisations, programmeInstances, teacherStatus as ts } from '../../db/schema';
import { DomainError } from '../errors';
import { programmeOf, schoolsUnder } from '../teacher-journey/course-link';
import { approvedArtefactCounts } from './artefact-queue';
import { emptyFigures, figureColumns, toFigures } from './figures';
import type { OversightScope } from './scope';

/** The schools of the scope, or of one organisation inside it (a county of a city officer's scope, say). */
export async function schoolsFor(db: Db, scope: OversightScope, organisationId?: string): Promise<string[]> {
  if (!organisationId) return [...scope.schoolIds];
  const under = await schoolsUnder(db, scope.tenantId, organisationId);
  const ids = under.map((s) => s.id).filter((id) => scope.schoolIds.has(id));
  if (ids.length === 0) throw new DomainError('not_found');
  return ids;
}

/** The programme's deadline: the definition's, else the end of the instance's last year. */
export async function deadlineOf(db: Db, scope: OversightScope) {
  const [instance] = await db
    .select()
    .from(programmeInstances)
    .where(and(eq(programmeInstances.id, scope.programmeInstanceId), eq(programmeInstances.tenantId, scope.tenantId)));
  if (!instance) throw new DomainError('course_not_linked');
  const deadline = programmeOf(instance).programme.period.deadline.value ?? `${instance.endYear}-12-31`;
  return { instance, deadline };
}

/** Every school in scope with its figures, the abilities × schools heat map and progress against the deadline. */
export async function overview(db: Db, scope: OversightScope, organisationId?: string): Promise<OverviewReply> {
  const schoolIds = await schoolsFor(db, scope, organisationId);
  const { deadline } = await deadlineOf(db, scope);
  if (schoolIds.length === 0) {
    return {
      total: { ...emptyFigures(), artefactsApproved: 0 },
      schools: [],
      heatmap: [],
      progress: { deadline, teachers: 0, points: [] },
    };
  }
  const inScope = and(
    eq(ts.tenantId, scope.tenantId),
    eq(ts.programmeInstanceId, scope.programmeInstanceId),
    inArray(ts.schoolId, schoolIds),
  );
  const perSchool = await db
    .select({ schoolId: ts.schoolId, ...figureColumns })
    .from(ts)
    .where(inScope)
    .groupBy(ts.schoolId);
  const [total] = await db.select(figureColumns).from(ts).where(inScope);
  const orgs = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      code: organisations.code,
      parentId: organisations.parentId,
    })
    .from(organisations)
    .where(and(eq(organisations.tenantId, scope.tenantId), inArray(organisations.id, schoolIds)));
  const parentIds = [...new Set(orgs.map((o) => o.parentId).filter((p): p is string => p !== null))];
  const parents = parentIds.length
    ? await db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(inArray(organisations.id, parentIds))
    : [];
  const byId = new Map(perSchool.map((r) => [r.schoolId as string, r]));
  const approved = await approvedArtefactCounts(db, scope, schoolIds);
  const schools = orgs
    .map((o) => ({
      id: o.id,
      name: o.name,
      code: o.code,
      parentId: o.parentId,
      parentName: parents.find((p) => p.id === o.parentId)?.name ?? null,
      ...toFigures(byId.get(o.id) ?? {}),
      artefactsApproved: approved.get(o.id) ?? 0,
    }))
    .sort((a, b) => (a.code ?? a.name).localeCompare(b.code ?? b.name, 'zh-CN'));
  return {
    total: { ...toFigures(total ?? {}), artefactsApproved: [...approved.values()].reduce((a, b) => a + b, 0) },
    schools,
    heatmap: await heatmap(db, inScope),
    progress: await progress(db, inScope, deadline, total),
  };
}

type Where = ReturnType<typeof and>;

/** Chosen and passed teachers per school and ability, from the codes the engine stored. */
export async function heatmap(db: Db, where: Where) {
  const chosen = await db
    .select({
      schoolId: ts.schoolId,
      abilityCode: sql<string>`unnest(${ts.countedAbilities})`,
      n: sql<number>`count(*)::int`,
    })
    .from(ts)
    .where(where)
    .groupBy(sql`1, 2`);
  const passed = await db
    .select({
      schoolId: ts.schoolId,
      abilityCode: sql<string>`unnest(${ts.passedAbilities})`,
      n: sql<number>`count(*)::int`,
    })
    .from(ts)
    .where(where)
    .groupBy(sql`1, 2`);
  const key = (r: { schoolId: string; abilityCode: string }) => `${r.schoolId}|${r.abilityCode}`;
  const cells = new Map<string, { schoolId: string; abilityCode: string; chosen: number; passed: number }>();
  for (const r of chosen)
    cells.set(key(r), { schoolId: r.schoolId, abilityCode: r.abilityCode, chosen: Number(r.n), passed: 0 });
  for (const r of passed) {
    const cell = cells.get(key(r)) ?? { schoolId: r.schoolId, abilityCode: r.abilityCode, chosen: 0, passed: 0 };
    cell.passed = Number(r.n);
    cells.set(key(r), cell);
  }
  return [...cells.values()].sort((a, b) => a.abilityCode.localeCompare(b.abilityCode));
}

/** Cumulative teachers complete by the day the engine first showed them complete. */
async function progress(db: Db, where: Where, deadline: string, total: Record<string, unknown> | undefined) {
  const rows = await db
    .select({
      date: sql<string>`to_char(${ts.completedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
      n: sql<number>`count(*)::int`,
    })
    .from(ts)
    .where(and(where, isNotNull(ts.completedAt)))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  let completed = 0;
  const points = rows.map((r) => ({ date: r.date, completed: (completed += Number(r.n)) }));
  return { deadline, teachers: Number(total?.teachers ?? 0), points };
}
