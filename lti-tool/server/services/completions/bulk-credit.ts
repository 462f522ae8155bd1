import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { copyCell, copyRowsAhead } from '../../db/bulk-copy';
import { CopyChunks } from '../../db/copy-chunks';
import type { DbTransaction } from '../../db/client';
import { auditEntrySchema } from '../audit';
import type { FeedContext } from './record';

// The write half of an import, set-based and without the ORM. A file's rows (from COPY_FROM_ROWS on) are COPYed
// straight into their tables — completions, their ledger credits, one audit event per teacher — with ids made here:
// the same three COPYs a bare load of the rows would run. A feed's handful of rows (an LTI grade, an xAPI statement,
// an API call) goes through one merge statement keyed on the completions' import key, the rows as one JSON
// parameter. Either way each row's completion and ledger ids come back.

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

/** From this many rows on, the rows are COPYed into their tables (below: one merge statement, a JSON parameter). */
export const COPY_FROM_ROWS = 500;

/**
 * Writes the staged credits in the caller's transaction, which holds the tenant's hours lock (record.ts): the rows
 * were resolved under it, so none is stored yet. Through the merge, a row whose import key is stored after all (a
 * writer that did not take the lock) is left out of the result, as `on conflict do nothing`; through COPY it fails
 * the whole write (a unique violation, rolled back) rather than crediting twice. The COPYs may still be running
 * when it returns: the caller settles them (`settleCopies`) before its next statement and before it commits.
 */
export async function writeCreditsInBulk(
  tx: DbTransaction,
  ctx: FeedContext,
  rows: readonly StagedCredit[],
): Promise<WrittenCredit[]> {
  if (rows.length === 0) return [];
  if (rows.length >= COPY_FROM_ROWS) {
    const plan = planCopyCredits(ctx, rows);
    await plan.start(tx);
    return plan.written;
  }
  const actor = bulkActor(ctx);
  const stage = sql`completion_stage as materialized (
      select x.*, gen_random_uuid() as completion_id, gen_random_uuid() as ledger_id
      from json_to_recordset(${JSON.stringify(rows.map(jsonRow))}::json) as x(
        ord integer, enrolment_id uuid, person_id uuid, course_ref text, course_title text, ability_code text,
        hours numeric(6, 2), completed_at timestamptz, external_id text, provenance jsonb, school_year integer,
        below_pass_rule text)
    ),`;
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

type Actor = ReturnType<typeof auditEntrySchema.parse>;

/** The actor, validated once for the whole write, as recordAudit validates it per event. */
function bulkActor(ctx: FeedContext): Actor {
  return auditEntrySchema.parse({
    tenantId: ctx.tenantId,
    ...ctx.actor,
    action: 'hours.credit',
    entityType: 'enrolment',
    entityId: 'bulk',
  });
}

/**
 * The COPY path, planned: the rows' completion and ledger ids are made here, before anything is sent, so the caller
 * knows its outcomes while `start` has not run yet (a file's last batch is written after the status refresh's reads,
 * so that the statuses are evaluated while the server writes it: import-file.ts). `start` begins the COPYs in the
 * caller's transaction, which holds the tenant's hours lock.
 */
export function planCopyCredits(
  ctx: FeedContext,
  rows: readonly StagedCredit[],
): { written: WrittenCredit[]; start: (tx: DbTransaction) => Promise<void> } {
  const actor = bulkActor(ctx);
  const written = rows.map((_, index) => ({ index, completionId: randomUUID(), ledgerEntryId: randomUUID() }));
  return { written, start: (tx) => copyCredits(tx, ctx, actor, rows, written) };
}

/**
 * The COPY path: completions, their credits and one audit event per teacher, each table in one COPY. The audit
 * event is the merge's, built here: the teacher's completions in row order, the below-pass rule where one applied.
 * The COPYs are started, not awaited (`copyRowsAhead`): the caller settles them (`settleCopies`) before it commits.
 */
async function copyCredits(
  tx: DbTransaction,
  ctx: FeedContext,
  actor: Actor,
  rows: readonly StagedCredit[],
  written: readonly WrittenCredit[],
): Promise<void> {
  await copyRowsAhead(tx, 'course_completions', COMPLETION_COLUMNS, completionChunks(ctx, rows, written));
  await copyRowsAhead(tx, 'hours_ledger_entries', CREDIT_COLUMNS, creditChunks(ctx, rows, written));
  await copyRowsAhead(tx, 'audit_log', AUDIT_COLUMNS, auditChunks(ctx, actor, rows, written));
}

/** course_completions as the import COPYs it (bench:import's plain-COPY baseline writes the same columns). */
export const COMPLETION_COLUMNS = [
  'id',
  'tenant_id',
  'enrolment_id',
  'course_ref',
  'course_title',
  'ability_code',
  'hours',
  'completed_at',
  'source_kind',
  'source_id',
  'external_id',
  'provenance',
];
const CREDIT_COLUMNS = [
  'id',
  'tenant_id',
  'enrolment_id',
  'category',
  'hours',
  'school_year',
  'source_kind',
  'course_completion_id',
  'recorded_by_person_id',
  'recorded_by_system',
];
const AUDIT_COLUMNS = [
  'tenant_id',
  'subject_person_id',
  'actor_person_id',
  'actor_label',
  'client',
  'action',
  'entity_type',
  'entity_id',
  'after',
  'request_id',
];

// The rows are produced as the connection drains (a COPY started ahead reads them while Node prepares the next
// batch), straight into bytes (db/copy-chunks.ts). Ids, numbers and times are written as they are; text from a file
// or the catalogue is escaped.

/** `count` rows into COPY chunks, a chunk handed on as soon as it is full: `write` puts row `i` into `out`. */
function* chunksOf(count: number, write: (out: CopyChunks, i: number) => void): Generator<Uint8Array<ArrayBuffer>> {
  const out = new CopyChunks();
  for (let i = 0; i < count; i++) {
    write(out, i);
    yield* out.take();
  }
  yield* out.finish();
}

function completionChunks(ctx: FeedContext, rows: readonly StagedCredit[], written: readonly WrittenCredit[]) {
  const tenant = copyCell(ctx.tenantId);
  const source = `${copyCell(ctx.sourceKind)}\t${copyCell(ctx.sourceId)}`;
  return chunksOf(rows.length, (out, i) => {
    const r = rows[i]!;
    out.raw(written[i]!.completionId).tab().raw(tenant).tab().raw(r.enrolmentId).tab();
    out.value(r.courseRef).tab().value(r.courseTitle).tab().value(r.abilityCode).tab();
    out.raw(r.hours.toFixed(2)).tab().raw(r.completedAt.toISOString()).tab().raw(source).tab();
    out.value(r.externalId).tab().value(JSON.stringify(r.provenance)).end();
  });
}

function creditChunks(ctx: FeedContext, rows: readonly StagedCredit[], written: readonly WrittenCredit[]) {
  const tenant = copyCell(ctx.tenantId);
  const recordedBy = `${copyCell(ctx.recorder.personId ?? null)}\t${copyCell(
    ctx.recorder.personId ? null : (ctx.recorder.system ?? 'system'),
  )}`;
  return chunksOf(rows.length, (out, i) => {
    const r = rows[i]!;
    const w = written[i]!;
    out.raw(w.ledgerEntryId).tab().raw(tenant).tab().raw(r.enrolmentId).tab().raw('online').tab();
    out.raw(r.hours.toFixed(2)).tab().raw(String(r.schoolYear)).tab().raw('course_completion').tab();
    out.raw(w.completionId).tab().raw(recordedBy).end();
  });
}

/** One event per teacher, in the order of their first row: the merge's event (the teacher's completions in row
 * order, the below-pass rule where one applied). */
function auditChunks(ctx: FeedContext, actor: Actor, rows: readonly StagedCredit[], written: readonly WrittenCredit[]) {
  const byEnrolment = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const list = byEnrolment.get(r.enrolmentId);
    if (list) list.push(i);
    else byEnrolment.set(r.enrolmentId, [i]);
  });
  const events = [...byEnrolment];
  const tenant = copyCell(ctx.tenantId);
  const by = [actor.actorPersonId ?? null, actor.actorLabel, actor.client, 'hours.credit', 'enrolment']
    .map(copyCell)
    .join('\t');
  const requestId = copyCell(actor.requestId ?? null);
  const source = { kind: ctx.sourceKind, id: ctx.sourceId };
  return chunksOf(events.length, (out, e) => {
    const [enrolmentId, indices] = events[e]!;
    const after = JSON.stringify({
      source,
      completions: indices.map((i) => {
        const r = rows[i]!;
        return {
          completionId: written[i]!.completionId,
          ledgerEntryId: written[i]!.ledgerEntryId,
          courseRef: r.courseRef,
          abilityCode: r.abilityCode,
          hours: Number(r.hours.toFixed(2)),
          schoolYear: r.schoolYear,
          externalId: r.externalId,
          ...(r.belowPassRule ? { belowPassRule: r.belowPassRule } : {}),
        };
      }),
    });
    out.raw(tenant).tab().raw(rows[indices[0]!]!.personId).tab().raw(by).tab().raw(enrolmentId).tab();
    out.value(after).tab().raw(requestId).end();
  });
}
