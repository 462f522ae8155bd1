// Set-based synthetic teachers for the county and province benchmarks: schools, people, enrolments and status rows
// in a few statements (generate_series), each status row a copy of one the engine computed for the demo county.
import { sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/server/db/client';

export interface Target {
  tenantId: string;
  instanceId: string;
}

/** `count` schools coded `<tag>-<n>`, shared round-robin among the parents (counties). */
export async function addSchools(db: Db, tenantId: string, parents: string[], count: number, tag: string) {
  await db.execute(sql`insert into organisations (tenant_id, parent_id, kind, code, name, teaching_environment)
    select ${tenantId}, (string_to_array(${parents.join(',')}, ','))[1 + g % ${parents.length}]::uuid, 'school',
      ${tag} || '-' || g, '基准学校' || ${tag} || '-' || g, 'multimedia'
    from generate_series(0, ${count - 1}) g`);
}

/**
 * `n` teachers spread evenly over the schools coded `<tag>-…` of the target tenant; their status rows copy, in turn,
 * the rows the engine computed for the demo county of the source tenant (so every state and grade occurs).
 */
export async function addTeachers(db: Db, t: Target, sourceTenantId: string, n: number, tag: string) {
  await db.execute(sql`
    with s as (select id, row_number() over (order by code) - 1 as sn from organisations
               where tenant_id = ${t.tenantId} and kind = 'school' and code like ${`${tag}-%`}),
    p as (
      insert into people (tenant_id, display_name) select ${t.tenantId}, '教师' || g from generate_series(1, ${n}) g
      returning id),
    pn as (select id, row_number() over () as rn from p),
    e as (insert into enrolments (tenant_id, programme_instance_id, person_id, school_id)
          select ${t.tenantId}, ${t.instanceId}, pn.id, s.id from pn
          join s on s.sn = pn.rn % (select count(*) from s)
          returning id, school_id),
    en as (select id, school_id, row_number() over () as rn from e),
    src as (select *, row_number() over (order by enrolment_id) - 1 as k from teacher_status
            where tenant_id = ${sourceTenantId}
              and school_id in (select id from organisations where tenant_id = ${sourceTenantId} and code like 'DEMO-%'))
    insert into teacher_status (enrolment_id, tenant_id, programme_instance_id, school_id, state, online_minutes,
      practice_minutes, abilities_chosen, abilities_submitted, abilities_graded, abilities_passed, abilities_excellent,
      grade, unmet_requirements, missing, counted_abilities, passed_abilities, last_activity_at, completed_at,
      computed_at, engine_version)
    select en.id, ${t.tenantId}, ${t.instanceId}, en.school_id, src.state, src.online_minutes, src.practice_minutes,
      src.abilities_chosen, src.abilities_submitted, src.abilities_graded, src.abilities_passed,
      src.abilities_excellent, src.grade, src.unmet_requirements, src.missing, src.counted_abilities,
      src.passed_abilities, now() - (en.rn % 60) * interval '1 day',
      case when src.state in ('ready_to_certify', 'certified') then now() - (en.rn % 60) * interval '1 day' end,
      now(), src.engine_version
    from en join src on src.k = en.rn % (select count(*) from src)`);
}

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/**
 * A province tenant (province → `cities` cities → `countiesPerCity` counties each) running a copy of the source
 * tenant's programme instance. Returns the ids the roll-up reads; schools and teachers come from addTeachers.
 */
export async function provinceTenant(
  db: Db,
  tenantId: string,
  sourceInstanceId: string,
  cities: number,
  countiesPerCity: number,
) {
  const [province] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into organisations (tenant_id, kind, code, name)
      values (${tenantId}, 'province', 'P', '基准省') returning id`),
  );
  if (!province) throw new Error('province insert returned nothing');
  await db.execute(sql`insert into organisations (tenant_id, parent_id, kind, code, name)
    select ${tenantId}, ${province.id}, 'city', 'C' || lpad(g::text, 2, '0'), '基准市' || g
    from generate_series(1, ${cities}) g`);
  await db.execute(sql`insert into organisations (tenant_id, parent_id, kind, code, name)
    select ${tenantId}, c.id, 'county', c.code || '-' || lpad(g::text, 2, '0'), c.name || '第' || g || '县'
    from organisations c cross join generate_series(1, ${countiesPerCity}) g
    where c.tenant_id = ${tenantId} and c.kind = 'city'`);
  const [instance] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into programme_instances (tenant_id, definition_id, definition_version,
        region_organisation_id, name, start_year, end_year, batch_label, parameter_overrides)
      select ${tenantId}, definition_id, definition_version, ${province.id}, name, start_year, end_year, batch_label,
        parameter_overrides
      from programme_instances where id = ${sourceInstanceId} returning id`),
  );
  if (!instance) throw new Error('programme instance copy returned nothing');
  const orgs = rowsOf<{ id: string; kind: string }>(
    await db.execute(sql`select id, kind from organisations where tenant_id = ${tenantId} order by code`),
  );
  return {
    instanceId: instance.id,
    cityIds: orgs.filter((o) => o.kind === 'city').map((o) => o.id),
    countyIds: orgs.filter((o) => o.kind === 'county').map((o) => o.id),
  };
}
