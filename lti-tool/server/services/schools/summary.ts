import { sql, type SQL } from 'drizzle-orm';
import type { SummaryReply } from '../../../../shared/api/schools';
import type { Db } from '../../db/client';
import { schoolArtefacts as sa, teacherStatus as ts } from '../../db/schema';
import { DomainError } from '../errors';
import { figureColumns, toFigures } from './figures';
import { deadlineOf } from './overview';
import type { OversightScope } from './scope';

// The province and city screens: one row per organisation one level down, each the GROUP BY of its schools'
// teacher_status rows in SQL (per school first, on the rollup index, then per row), never the engine's rules again.

interface Org {
  id: string;
  name: string;
  kind: string;
  code: string | null;
  parentId: string | null;
}

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(q: Promise<unknown>) => ((await q) as Rows<T>).rows;
/** A PostgreSQL array literal of ids read from the database (uuids, so nothing to escape). */
const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

const orgColumns = sql`id, name, kind, code, parent_id as "parentId"`;

/** The roots of the scope that lie under no other (a county officer also on a school team there: the county). */
async function outermostRoots(db: Db, scope: OversightScope): Promise<string[]> {
  const ids = [...new Set(scope.roots.map((r) => r.id))];
  if (ids.length < 2) return ids;
  const nested = await rowsOf<{ root: string }>(
    db.execute(sql`with recursive up (root, id, parent) as (
        select id, id, parent_id from organisations where tenant_id = ${scope.tenantId} and id = any(${uuidArray(ids)})
        union all
        select up.root, o.id, o.parent_id from organisations o join up on o.id = up.parent
        where o.tenant_id = ${scope.tenantId}
      ) select distinct root from up where id <> root and id = any(${uuidArray(ids)})`),
  );
  const inner = new Set(nested.map((n) => n.root));
  return ids.filter((id) => !inner.has(id));
}

/** The organisation and its ancestors up to the root of the scope above it; null when it lies outside the scope. */
async function pathInScope(db: Db, scope: OversightScope, roots: Set<string>, id: string): Promise<Org[] | null> {
  const chain = await rowsOf<Org & { depth: number }>(
    db.execute(sql`with recursive up as (
        select ${orgColumns}, 0 as depth from organisations where tenant_id = ${scope.tenantId} and id = ${id}
        union all
        select o.id, o.name, o.kind, o.code, o.parent_id, up.depth + 1 from organisations o
        join up on o.id = up."parentId" where o.tenant_id = ${scope.tenantId}
      ) select * from up order by depth`),
  );
  const at = chain.findLastIndex((o) => roots.has(o.id));
  return at < 0 ? null : chain.slice(0, at + 1).reverse();
}

/** The rows of a summary: the children of a province, city or county (a school stands for itself). */
async function rowOrganisations(db: Db, scope: OversightScope, roots: string[], parent: Org | null) {
  if (parent?.kind === 'school') return [parent];
  const where = parent ? sql`parent_id = ${parent.id} and kind <> 'group'` : sql`id = any(${uuidArray(roots)})`;
  const rows = await rowsOf<Org>(
    db.execute(sql`select ${orgColumns} from organisations where tenant_id = ${scope.tenantId} and ${where}`),
  );
  return rows.sort((a, b) => (a.code ?? a.name).localeCompare(b.code ?? b.name, 'zh-CN'));
}

/** `sch (top, id)`: every school under each row organisation (a school may sit under two roots of one scope). */
const schoolsOfRows = (tenantId: string, ids: string[]) => sql`with recursive tree (top, id, kind) as (
    select id, id, kind from organisations where tenant_id = ${tenantId} and id = any(${uuidArray(ids)})
    union all
    select t.top, o.id, o.kind from organisations o join tree t on o.parent_id = t.id
    where o.tenant_id = ${tenantId} and o.kind <> 'group'
  ), sch as (select distinct top, id from tree where kind = 'school')`;

const ofSchools = (scope: OversightScope) =>
  sql`${ts.tenantId} = ${scope.tenantId} and ${ts.programmeInstanceId} = ${scope.programmeInstanceId}
    and ${ts.schoolId} in (select id from sch)`;

/** Per school the figure columns, then summed per row and over the distinct schools (one scan of the rows). */
function figuresSql(scope: OversightScope, withSchools: SQL) {
  const keys = Object.keys(figureColumns);
  const perSchool = sql.join(
    keys.map((k) => sql`${figureColumns[k]} as ${sql.identifier(k)}`),
    sql`, `,
  );
  // Sums as bigint: a province's minutes overflow int.
  const rolled = sql.join(
    keys.map((k) =>
      k === 'lastActivityAt'
        ? sql`max(p.${sql.identifier(k)}) as ${sql.identifier(k)}`
        : sql`coalesce(sum(p.${sql.identifier(k)}), 0)::bigint as ${sql.identifier(k)}`,
    ),
    sql`, `,
  );
  return sql`${withSchools}, per_school as (
        select ${ts.schoolId} as school_id, ${perSchool} from ${ts} where ${ofSchools(scope)} group by ${ts.schoolId})
      select sch.top as id, count(distinct sch.id)::int as schools, ${rolled}
        from sch left join per_school p on p.school_id = sch.id group by sch.top
      union all
      select null, (select count(distinct id)::int from sch), ${rolled} from per_school p`;
}

function approvedSql(scope: OversightScope, withSchools: SQL) {
  return sql`${withSchools}, per_school as (
        select ${sa.schoolId} as school_id, count(*)::int as n from ${sa}
        where ${sa.tenantId} = ${scope.tenantId} and ${sa.programmeInstanceId} = ${scope.programmeInstanceId}
          and ${sa.schoolId} in (select id from sch) and ${sa.approvedVersionId} is not null
        group by ${sa.schoolId})
      select sch.top as id, sum(p.n)::int as n from sch join per_school p on p.school_id = sch.id group by sch.top
      union all select null, coalesce(sum(n), 0)::int from per_school`;
}

/**
 * Abilities × rows in one pass: teachers of a school who chose the same abilities are counted together first (a
 * school's teachers share a few combinations), and only those combinations are unnested.
 */
function heatSql(scope: OversightScope, withSchools: SQL) {
  return sql`${withSchools}, combos as (
        select ${ts.schoolId} as school_id, ${ts.countedAbilities} as counted, ${ts.passedAbilities} as passed,
          count(*)::int as n
        from ${ts} where ${ofSchools(scope)} group by 1, 2, 3)
      select sch.top as id, x.code, sum(x.chosen * k.n)::int as chosen, sum(x.passed * k.n)::int as passed
      from sch join combos k on k.school_id = sch.id cross join lateral (
        select c, 1, 0 from unnest(k.counted) c
        union all select c, 0, 1 from unnest(k.passed) c) as x(code, chosen, passed)
      group by 1, 2`;
}

function progressSql(scope: OversightScope, withSchools: SQL) {
  return sql`${withSchools}
      select to_char(${ts.completedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, count(*)::int as n
      from ${ts} where ${ofSchools(scope)} and ${ts.completedAt} is not null group by 1 order by 1`;
}

/**
 * A statement with JIT off: the recursive tree's row estimates are far too high, so PostgreSQL would compile a one
 * county roll-up of a few milliseconds for 0.6 s (seen at 1,000,000 teachers); these statements never gain from it.
 */
function withoutJit(db: Db, statement: SQL) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return tx.execute(statement);
  });
}

/** The four statements of a summary with the given rows (exported for the benchmark's EXPLAIN ANALYZE). */
export function summaryStatements(scope: OversightScope, rowIds: string[]) {
  const withSchools = schoolsOfRows(scope.tenantId, rowIds);
  return {
    figures: figuresSql(scope, withSchools),
    approved: approvedSql(scope, withSchools),
    heat: heatSql(scope, withSchools),
    progress: progressSql(scope, withSchools),
  };
}

/**
 * The summary of one province, city or county of the scope (default: the scope's single root; with several roots,
 * a row per root). An organisation outside the scope, or a 教研组, is "not found".
 */
export async function summary(db: Db, scope: OversightScope, organisationId?: string): Promise<SummaryReply> {
  const { deadline } = await deadlineOf(db, scope);
  const roots = await outermostRoots(db, scope);
  const start = organisationId ?? (roots.length === 1 ? roots[0] : undefined);
  const path = start ? await pathInScope(db, scope, new Set(roots), start) : [];
  if (!path || path.at(-1)?.kind === 'group') throw new DomainError('not_found');
  const parent = path.at(-1) ?? null;
  const orgs = await rowOrganisations(db, scope, roots, parent);
  const ref = ({ id, name, kind, code }: Org) => ({ id, name, kind, code });
  if (orgs.length === 0) {
    return {
      organisation: parent && ref(parent),
      path: path.slice(0, -1).map(ref),
      total: { ...toFigures({}), artefactsApproved: 0, schools: 0 },
      rows: [],
      heatmap: [],
      progress: { deadline, teachers: 0, points: [] },
    };
  }
  const q = summaryStatements(
    scope,
    orgs.map((o) => o.id),
  );
  const [figures, approved, heat, completed] = await Promise.all([
    rowsOf<Record<string, unknown> & { id: string | null; schools: number }>(withoutJit(db, q.figures)),
    rowsOf<{ id: string | null; n: number }>(withoutJit(db, q.approved)),
    rowsOf<{ id: string; code: string; chosen: number; passed: number }>(withoutJit(db, q.heat)),
    rowsOf<{ date: string; n: number }>(withoutJit(db, q.progress)),
  ]);
  const byId = new Map(figures.map((f) => [f.id, f]));
  const approvedBy = new Map(approved.map((a) => [a.id, Number(a.n ?? 0)]));
  const total: Record<string, unknown> = byId.get(null) ?? { schools: 0 };
  let done = 0;
  return {
    organisation: parent && ref(parent),
    path: path.slice(0, -1).map(ref),
    total: { ...toFigures(total), artefactsApproved: approvedBy.get(null) ?? 0, schools: Number(total.schools) },
    rows: orgs.map((o) => ({
      ...ref(o),
      ...toFigures(byId.get(o.id) ?? {}),
      artefactsApproved: approvedBy.get(o.id) ?? 0,
      schools: Number(byId.get(o.id)?.schools ?? 0),
    })),
    heatmap: heat
      .map((h) => ({ organisationId: h.id, abilityCode: h.code, chosen: Number(h.chosen), passed: Number(h.passed) }))
      .sort((a, b) => a.abilityCode.localeCompare(b.abilityCode)),
    progress: {
      deadline,
      teachers: Number(total.teachers ?? 0),
      points: completed.map((p) => ({ date: p.date, completed: (done += Number(p.n)) })),
    },
  };
}
