import { sql } from 'drizzle-orm';
import { arrayParam } from '../../db/array-param';
import type { Db } from '../../db/client';
import type { FeedContext, TeacherKeyKind, TeacherRef } from './record';

// The lookups behind resolveClaims: teachers by key, completions already stored, courses already credited.
// Each runs one query per 50,000 keys (one array parameter), never one per row.

const CHUNK = 1000;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeacherMatch {
  personId: string;
  enrolmentIds: string[];
  /** enrolment id → its programme instance (a course mapped to a programme picks the enrolment in it). */
  instances: Map<string, string>;
}

export function teacherKey(ref: TeacherRef): string {
  const value = ref.value.trim();
  return `${ref.by}:${ref.by === 'email' ? value.toLowerCase() : value}`;
}

/**
 * Tables a large import reads by sets of keys: their planner statistics are refreshed first. PGlite runs no
 * autovacuum, and a server's may not have seen a roster loaded minutes ago; with a table believed to hold 17 rows
 * the planner joins 10,000 keys by nested loops (9.5 s instead of 28 ms for one batch's teachers, measured).
 */
const LOOKUP_TABLES = ['people', 'enrolments', 'lti_identities', 'course_completions', 'hours_ledger_entries'];

export async function refreshLookupStatistics(db: Db): Promise<void> {
  await db.execute(sql.raw(`analyze ${LOOKUP_TABLES.join(', ')}`));
}

/** Teachers by key, each with their enrolments (active or completed; in the source's cohort when it has one). */
/** Teachers looked up ahead (`prefetchTeachers`): what was found, and every key that was asked. */
export interface PrefetchedTeachers {
  found: Map<string, TeacherMatch>;
  asked: Set<string>;
}

/** `resolveTeachers` ahead of the batch that needs them, on another connection (db/free-reader.ts). */
export async function prefetchTeachers(db: Db, ctx: FeedContext, refs: TeacherRef[]): Promise<PrefetchedTeachers> {
  return { found: await resolveTeachers(db, ctx, refs), asked: new Set(refs.map(teacherKey)) };
}

/**
 * The claims' teachers: those looked up ahead (when that read succeeded) and, on `db`, the ones it did not ask for.
 */
export async function teachersOf(
  db: Db,
  ctx: FeedContext,
  refs: TeacherRef[],
  prefetched?: PrefetchedTeachers,
  beforeQuery?: () => Promise<void>,
): Promise<Map<string, TeacherMatch>> {
  const missing = prefetched ? refs.filter((ref) => !prefetched.asked.has(teacherKey(ref))) : refs;
  if (prefetched && missing.length === 0) return prefetched.found;
  await beforeQuery?.();
  const found = await resolveTeachers(db, ctx, missing);
  if (!prefetched) return found;
  for (const [key, match] of found) prefetched.found.set(key, match);
  return prefetched.found;
}

export async function resolveTeachers(
  db: Db,
  ctx: FeedContext,
  refs: TeacherRef[],
): Promise<Map<string, TeacherMatch>> {
  const found = new Map<string, TeacherMatch>();
  const byKind = new Map<TeacherKeyKind, Set<string>>();
  for (const ref of refs) {
    const value = ref.by === 'email' ? ref.value.trim().toLowerCase() : ref.value.trim();
    if (value === '' || (ref.by === 'person_id' && !UUID.test(value))) continue;
    let set = byKind.get(ref.by);
    if (!set) byKind.set(ref.by, (set = new Set()));
    set.add(value);
  }
  const add = (key: string, personId: string, enrolmentId: string | null, instanceId: string | null) => {
    let match = found.get(key);
    if (!match) found.set(key, (match = { personId, enrolmentIds: [], instances: new Map() }));
    if (enrolmentId && !match.enrolmentIds.includes(enrolmentId)) {
      match.enrolmentIds.push(enrolmentId);
      match.instances.set(enrolmentId, instanceId!);
    }
  };
  // Raw rows (no ORM mapping): the keys are joined as a set (`unnest`), each through its index.
  const cohort = ctx.programmeInstanceId ? sql`and e.programme_instance_id = ${ctx.programmeInstanceId}::uuid` : sql``;
  const withEnrolments = sql`left join enrolments e on e.person_id = p.id and e.tenant_id = p.tenant_id
    and e.status in ('active', 'completed') ${cohort}`;
  type Row = { key: string; person_id: string; enrolment_id: string | null; instance_id: string | null };
  for (const [kind, values] of byKind) {
    if (kind === 'lti_user_id' && !ctx.platformId) continue;
    for (const part of chunks([...values], 50_000)) {
      const keys = arrayParam(part);
      const query =
        kind === 'email'
          ? sql`select k.key, p.id as person_id, e.id as enrolment_id, e.programme_instance_id as instance_id
              from unnest(${keys}::text[]) as k(key)
              join people p on p.tenant_id = ${ctx.tenantId}::uuid and lower(p.email) = k.key
              ${withEnrolments}`
          : kind === 'lti_user_id'
            ? sql`select k.key, p.id as person_id, e.id as enrolment_id, e.programme_instance_id as instance_id
                from unnest(${keys}::text[]) as k(key)
                join lti_identities i on i.tenant_id = ${ctx.tenantId}::uuid
                  and i.platform_id = ${ctx.platformId}::uuid and i.subject = k.key
                join people p on p.id = i.person_id and p.tenant_id = i.tenant_id
                ${withEnrolments}`
            : sql`select p.id::text as key, p.id as person_id, e.id as enrolment_id,
                  e.programme_instance_id as instance_id
                from people p ${withEnrolments}
                where p.tenant_id = ${ctx.tenantId}::uuid and p.id = any(${keys}::uuid[])`;
      const result = await db.execute<Row>(query);
      for (const r of result.rows) add(`${kind}:${r.key}`, r.person_id, r.enrolment_id, r.instance_id);
    }
  }
  return found;
}

/**
 * (enrolment, course, ability) keys that currently hold hours (credited and not fully corrected away), each with the
 * file import that recorded it (null for other feeds): a batch of a file tells an earlier batch of the same file
 * from an earlier import.
 */
export async function creditedCourses(
  db: Db,
  tenantId: string,
  enrolmentIds: string[],
): Promise<Map<string, string | null>> {
  const credited = new Map<string, string | null>();
  type Row = { enrolment_id: string; course_ref: string; ability_code: string | null; import_id: string | null };
  for (const part of chunks(enrolmentIds, 50_000)) {
    // Per enrolment through its indexes (completions by enrolment, the enrolment's ledger entries), so the plan
    // does not depend on statistics of tables the import itself is filling. `offset 0` keeps the lateral a probe
    // per key: flattened, the planner hashed every completion of the tenant once per batch (quadratic in a file).
    // The tenant is checked on the enrolment's rows, outside the inner `offset 0`: inside it, with statistics from
    // before the import, the planner ANDed the enrolment's index with a scan of the tenant's whole index per key
    // (a file sorted by course, whose teachers all hold earlier batches' completions: 10 s a batch, now 64 ms).
    const result = await db.execute<Row>(sql`
      select c.enrolment_id, c.course_ref, c.ability_code, c.provenance->>'importId' as import_id
      from unnest(${arrayParam(part)}::uuid[]) as k(id)
      cross join lateral (
        select c.id, c.enrolment_id, c.course_ref, c.ability_code, c.provenance
        from (
          select c.id, c.tenant_id, c.enrolment_id, c.course_ref, c.ability_code, c.provenance
          from course_completions c where c.enrolment_id = k.id
          offset 0
        ) c
        where c.tenant_id = ${tenantId}::uuid
      ) c
      where (select sum(h.hours) from hours_ledger_entries h
             where h.enrolment_id = k.id and h.course_completion_id = c.id) > 0`);
    for (const r of result.rows) credited.set(`${r.enrolment_id}|${r.course_ref}|${r.ability_code ?? ''}`, r.import_id);
  }
  return credited;
}

export interface StoredCompletion {
  id: string;
  abilityCode: string | null;
  /** The file import that stored it (null for other feeds). */
  importId: string | null;
}

/** Whether the source has stored any completion (the import key's index, first entry). */
export async function sourceHoldsCompletions(db: Db, ctx: FeedContext): Promise<boolean> {
  const result = await db.execute<{ held: boolean }>(sql`
    select exists (
      select 1 from course_completions c
      where c.tenant_id = ${ctx.tenantId}::uuid and c.source_kind = ${ctx.sourceKind} and c.source_id = ${ctx.sourceId}
    ) as held`);
  return result.rows[0]!.held === true;
}

/**
 * Completions of this source already stored, by external id: their id, ability and import. One scan with the ids as
 * an array: the import key's index probes each id, and a plan from statistics that predate this file's earlier
 * batches scans the tenant's rows once with a hashed filter. A lateral probe per id (`offset 0`) was planned, with
 * those statistics, as a scan of the tenant's (tenant_id, id) index per id: a file sorted by course on PGlite spent
 * 59 s on one batch's lookup (20,000 rows in 63 s, now 3.1 s; the teacher-sorted file 3.0 s → 2.6 s).
 */
export async function existingExternalIds(
  db: Db,
  ctx: FeedContext,
  externalIds: string[],
): Promise<Map<string, StoredCompletion>> {
  const found = new Map<string, StoredCompletion>();
  type Row = { external_id: string; id: string; ability_code: string | null; import_id: string | null };
  for (const part of chunks(externalIds, 50_000)) {
    const result = await db.execute<Row>(sql`
      select c.external_id, c.id, c.ability_code, c.provenance->>'importId' as import_id
      from course_completions c
      where c.tenant_id = ${ctx.tenantId}::uuid and c.source_kind = ${ctx.sourceKind}
        and c.source_id = ${ctx.sourceId} and c.external_id = any(${arrayParam(part)}::text[])`);
    for (const r of result.rows) {
      found.set(r.external_id, { id: r.id, abilityCode: r.ability_code, importId: r.import_id });
    }
  }
  return found;
}
