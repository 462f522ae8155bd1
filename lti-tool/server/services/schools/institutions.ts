import { sql } from 'drizzle-orm';
import type { InstitutionsReply } from '../../../../shared/api/institutions';
import type { Db } from '../../db/client';
import { courseCompletions as cc, courseMappings as cm, tenants, teacherStatus as ts } from '../../db/schema';
import { schoolsFor } from './overview';
import type { OversightScope } from './scope';

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/**
 * Per training institution, its teachers' figures from the status rows of the scope (or of one organisation in it):
 * a teacher counts for the provider of every mapped course they completed, and for the tenant when none has one.
 */
export async function institutionPerformance(
  db: Db,
  scope: OversightScope,
  organisationId?: string,
): Promise<InstitutionsReply> {
  const schoolIds = await schoolsFor(db, scope, organisationId);
  if (schoolIds.length === 0) return { institutions: [] };
  const result = await db.execute(sql`
    with attributed as (
      select distinct ${cc.enrolmentId} as enrolment_id, ${cm.provider} as provider
      from ${cc}
      join ${cm} on ${cm.tenantId} = ${cc.tenantId}
        and ${cm.courseRef} in (${cc.courseRef}, split_part(${cc.courseRef}, '#', 1))
      where ${cc.tenantId} = ${scope.tenantId} and ${cm.provider} is not null
    )
    select a.provider as provider,
      count(*)::int as teachers,
      (count(*) filter (where ${ts.state} in ('ready_to_certify', 'certified')))::int as complete,
      coalesce(sum(${ts.abilitiesGraded}), 0)::int as graded,
      coalesce(sum(${ts.abilitiesPassed}), 0)::int as passed,
      (count(*) filter (where ${ts.grade} = 'excellent'))::int as excellent
    from ${ts}
    left join attributed a on a.enrolment_id = ${ts.enrolmentId}
    where ${ts.tenantId} = ${scope.tenantId}
      and ${ts.programmeInstanceId} = ${scope.programmeInstanceId}
      and ${ts.schoolId} in (${sql.join(
        schoolIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
    group by 1
  `);
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  const [tenant] = await db
    .select({ name: tenants.name })
    .from(tenants)
    .where(sql`${tenants.id} = ${scope.tenantId}`);
  const institutions = rows.map((r) => {
    const n = (k: string) => Number(r[k] ?? 0);
    const provider = r.provider as string | null;
    return {
      name: provider ?? tenant?.name ?? '',
      kind: provider === null ? ('tenant' as const) : ('provider' as const),
      teachers: n('teachers'),
      complete: n('complete'),
      completionRate: rate(n('complete'), n('teachers')),
      abilitiesGraded: n('graded'),
      abilitiesPassed: n('passed'),
      passRate: rate(n('passed'), n('graded')),
      excellent: n('excellent'),
      excellentRate: rate(n('excellent'), n('teachers')),
    };
  });
  // The tenant first, then providers by name: a stable order for the table and the chart.
  institutions.sort((a, b) =>
    a.kind === b.kind ? a.name.localeCompare(b.name, 'zh-CN') : a.kind === 'tenant' ? -1 : 1,
  );
  return { institutions };
}
