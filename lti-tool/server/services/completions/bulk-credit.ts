import { sql } from 'drizzle-orm';
import { copyLine, copyRows } from '../../db/bulk-copy';
import type { DbTransaction } from '../../db/client';
import { auditEntrySchema } from '../audit';
import type { FeedContext } from './record';

// The write half of an import, set-based: the resolved rows are copied into a temporary staging table (COPY, no
// ORM), then one statement merges them keyed on the completions' import key — completions, their ledger credits
// and one audit event per teacher — and returns each staged row's completion and ledger ids.

/** One completion to write (a claim's ability part), in claim order. */
export interface StagedCredit {
  enrolmentId: string;
  personId: string;
  courseRef: string;
  courseTitle: string;
  abilityCode: string;
  hours: number;
  completedAt: Date;
  externalId: string;
  provenance: Record<string, unknown>;
  schoolYear: number;
  belowPassRule?: string;
}

export interface WrittenCredit {
  /** Index into the staged rows. */
  index: number;
  completionId: string;
  ledgerEntryId: string;
}

/** From this many rows on, the rows are COPYed into a staging table (below: one JSON parameter). */
export const COPY_FROM_ROWS = 500;

const STAGE_COLUMNS = [
  'ord',
  'enrolment_id',
  'person_id',
  'course_ref',
  'course_title',
  'ability_code',
  'hours',
  'completed_at',
  'external_id',
  'provenance',
  'school_year',
  'below_pass_rule',
];

/**
 * Writes the staged credits in the caller's transaction. A row whose import key is already stored (a concurrent
 * writer; cannot happen under the tenant's hours lock) is left out of the result, as `on conflict do nothing`.
 */
export async function writeCreditsInBulk(
  tx: DbTransaction,
  ctx: FeedContext,
  rows: readonly StagedCredit[],
): Promise<WrittenCredit[]> {
  if (rows.length === 0) return [];
  // The actor is validated once, as recordAudit validates it per event.
  const actor = auditEntrySchema.parse({
    tenantId: ctx.tenantId,
    ...ctx.actor,
    action: 'hours.credit',
    entityType: 'enrolment',
    entityId: 'bulk',
  });
  // A feed's handful of rows (an LTI grade, an xAPI statement, an API call) goes in the merge statement itself as
  // one JSON parameter; a file's rows are COPYed into a staging table first. The merge is the same.
  let stage;
  if (rows.length < COPY_FROM_ROWS) {
    stage = sql`completion_stage as materialized (
      select x.*, gen_random_uuid() as completion_id, gen_random_uuid() as ledger_id
      from json_to_recordset(${JSON.stringify(rows.map(jsonRow))}::json) as x(
        ord integer, enrolment_id uuid, person_id uuid, course_ref text, course_title text, ability_code text,
        hours numeric(6, 2), completed_at timestamptz, external_id text, provenance jsonb, school_year integer,
        below_pass_rule text)
    ),`;
  } else {
    await tx.execute(sql`drop table if exists pg_temp.completion_stage`);
    await tx.execute(sql`create temp table completion_stage (
      ord integer not null,
      enrolment_id uuid not null,
      person_id uuid not null,
      course_ref text not null,
      course_title text not null,
      ability_code text not null,
      hours numeric(6, 2) not null,
      completed_at timestamptz not null,
      external_id text not null,
      provenance jsonb not null,
      school_year integer not null,
      below_pass_rule text,
      completion_id uuid not null default gen_random_uuid(),
      ledger_id uuid not null default gen_random_uuid()
    ) on commit drop`);
    // A merge of 100,000 rows is one plan run once: compiling it (JIT) costs more than it saves, and its sorts and
    // hashes fit in memory.
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    await copyRows(tx, 'completion_stage', STAGE_COLUMNS, stagedLines(rows));
    // Statistics for the planner: without them it expects a handful of rows and joins the merge's CTEs by nested
    // loops (quadratic in the file's rows).
    await tx.execute(sql`analyze completion_stage`);
    stage = sql``;
  }
  const recordedByPerson = ctx.recorder.personId ?? null;
  const recordedBySystem = ctx.recorder.personId ? null : (ctx.recorder.system ?? 'system');
  const result = await tx.execute<{ ord: number; completion_id: string; ledger_id: string }>(sql`
    with ${stage} inserted as (
      insert into course_completions
        (id, tenant_id, enrolment_id, course_ref, course_title, ability_code, hours, completed_at, source_kind,
         source_id, external_id, provenance)
      select completion_id, ${ctx.tenantId}::uuid, enrolment_id, course_ref, course_title, ability_code, hours,
        completed_at, ${ctx.sourceKind}, ${ctx.sourceId}, external_id, provenance
      from completion_stage order by ord
      on conflict do nothing
      returning id
    ), written as (
      select s.* from completion_stage s where s.completion_id in (select id from inserted)
    ), credited as (
      insert into hours_ledger_entries
        (id, tenant_id, enrolment_id, category, hours, school_year, source_kind, course_completion_id,
         recorded_by_person_id, recorded_by_system)
      select ledger_id, ${ctx.tenantId}::uuid, enrolment_id, 'online', hours, school_year, 'course_completion',
        completion_id, ${recordedByPerson}::uuid, ${recordedBySystem}
      from written order by ord
    ), audited as (
      insert into audit_log
        (tenant_id, subject_person_id, actor_person_id, actor_label, client, action, entity_type, entity_id, after,
         request_id)
      select ${ctx.tenantId}::uuid, w.person_id, ${actor.actorPersonId ?? null}::uuid, ${actor.actorLabel},
        ${actor.client}, 'hours.credit', 'enrolment', w.enrolment_id::text,
        jsonb_build_object(
          'source', jsonb_build_object('kind', ${ctx.sourceKind}::text, 'id', ${ctx.sourceId}::text),
          'completions', jsonb_agg(
            jsonb_build_object(
              'completionId', w.completion_id, 'ledgerEntryId', w.ledger_id, 'courseRef', w.course_ref,
              'abilityCode', w.ability_code, 'hours', w.hours::float8, 'schoolYear', w.school_year,
              'externalId', w.external_id
            ) || case when w.below_pass_rule is null then '{}'::jsonb
                 else jsonb_build_object('belowPassRule', w.below_pass_rule) end
            order by w.ord)
        ),
        ${actor.requestId ?? null}
      from written w
      group by w.enrolment_id, w.person_id
      order by min(w.ord)
    )
    select ord, completion_id, ledger_id from written order by ord`);
  return result.rows.map((r) => ({
    index: Number(r.ord),
    completionId: r.completion_id,
    ledgerEntryId: r.ledger_id,
  }));
}

function jsonRow(r: StagedCredit, ord: number) {
  return {
    ord,
    enrolment_id: r.enrolmentId,
    person_id: r.personId,
    course_ref: r.courseRef,
    course_title: r.courseTitle,
    ability_code: r.abilityCode,
    hours: r.hours.toFixed(2),
    completed_at: r.completedAt.toISOString(),
    external_id: r.externalId,
    provenance: r.provenance,
    school_year: r.schoolYear,
    below_pass_rule: r.belowPassRule ?? null,
  };
}

function* stagedLines(rows: readonly StagedCredit[]): Generator<string> {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    yield copyLine([
      i,
      r.enrolmentId,
      r.personId,
      r.courseRef,
      r.courseTitle,
      r.abilityCode,
      r.hours.toFixed(2),
      r.completedAt,
      r.externalId,
      JSON.stringify(r.provenance),
      r.schoolYear,
      r.belowPassRule ?? null,
    ]);
  }
}
