import { and, eq, inArray, sql } from 'drizzle-orm';
import { arrayParam } from '../../db/array-param';
import type { Db } from '../../db/client';
import { courseCompletions, enrolments, hoursLedgerEntries, ltiIdentities, people } from '../../db/schema';
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

/** Teachers by key, each with their enrolments (active or completed; in the source's cohort when it has one). */
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
  const enrolmentJoin = and(
    eq(enrolments.personId, people.id),
    eq(enrolments.tenantId, people.tenantId),
    inArray(enrolments.status, ['active', 'completed']),
    ctx.programmeInstanceId ? eq(enrolments.programmeInstanceId, ctx.programmeInstanceId) : undefined,
  );
  const add = (key: string, personId: string, enrolmentId: string | null, instanceId: string | null) => {
    let match = found.get(key);
    if (!match) found.set(key, (match = { personId, enrolmentIds: [], instances: new Map() }));
    if (enrolmentId && !match.enrolmentIds.includes(enrolmentId)) {
      match.enrolmentIds.push(enrolmentId);
      match.instances.set(enrolmentId, instanceId!);
    }
  };
  const instanceId = enrolments.programmeInstanceId;
  for (const [kind, values] of byKind) {
    for (const part of chunks([...values], 50_000)) {
      if (kind === 'email') {
        const emailKey = sql<string>`lower(${people.email})`;
        const rows = await db
          .select({ key: emailKey, personId: people.id, enrolmentId: enrolments.id, instanceId })
          .from(people)
          .leftJoin(enrolments, enrolmentJoin)
          .where(and(eq(people.tenantId, ctx.tenantId), sql`${emailKey} = any(${arrayParam(part)}::text[])`));
        for (const r of rows) add(`email:${r.key}`, r.personId, r.enrolmentId, r.instanceId);
      } else if (kind === 'lti_user_id') {
        if (!ctx.platformId) continue;
        const rows = await db
          .select({ key: ltiIdentities.subject, personId: people.id, enrolmentId: enrolments.id, instanceId })
          .from(ltiIdentities)
          .innerJoin(people, and(eq(people.id, ltiIdentities.personId), eq(people.tenantId, ltiIdentities.tenantId)))
          .leftJoin(enrolments, enrolmentJoin)
          .where(
            and(
              eq(ltiIdentities.tenantId, ctx.tenantId),
              eq(ltiIdentities.platformId, ctx.platformId),
              sql`${ltiIdentities.subject} = any(${arrayParam(part)}::text[])`,
            ),
          );
        for (const r of rows) add(`lti_user_id:${r.key}`, r.personId, r.enrolmentId, r.instanceId);
      } else {
        const rows = await db
          .select({ personId: people.id, enrolmentId: enrolments.id, instanceId })
          .from(people)
          .leftJoin(enrolments, enrolmentJoin)
          .where(and(eq(people.tenantId, ctx.tenantId), sql`${people.id} = any(${arrayParam(part)}::uuid[])`));
        for (const r of rows) add(`person_id:${r.personId}`, r.personId, r.enrolmentId, r.instanceId);
      }
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
  for (const part of chunks(enrolmentIds, 50_000)) {
    const rows = await db
      .select({
        enrolmentId: courseCompletions.enrolmentId,
        courseRef: courseCompletions.courseRef,
        abilityCode: courseCompletions.abilityCode,
        importId: sql<string | null>`${courseCompletions.provenance}->>'importId'`,
      })
      .from(courseCompletions)
      .innerJoin(hoursLedgerEntries, eq(hoursLedgerEntries.courseCompletionId, courseCompletions.id))
      .where(
        and(
          eq(courseCompletions.tenantId, tenantId),
          sql`${courseCompletions.enrolmentId} = any(${arrayParam(part)}::uuid[])`,
        ),
      )
      .groupBy(
        courseCompletions.id,
        courseCompletions.enrolmentId,
        courseCompletions.courseRef,
        courseCompletions.abilityCode,
      )
      .having(sql`sum(${hoursLedgerEntries.hours}) > 0`);
    for (const r of rows) credited.set(`${r.enrolmentId}|${r.courseRef}|${r.abilityCode ?? ''}`, r.importId);
  }
  return credited;
}

export interface StoredCompletion {
  id: string;
  abilityCode: string | null;
  /** The file import that stored it (null for other feeds). */
  importId: string | null;
}

/** Completions of this source already stored, by external id: their id, ability and import. */
export async function existingExternalIds(
  db: Db,
  ctx: FeedContext,
  externalIds: string[],
): Promise<Map<string, StoredCompletion>> {
  const found = new Map<string, StoredCompletion>();
  for (const part of chunks(externalIds, 50_000)) {
    const rows = await db
      .select({
        id: courseCompletions.id,
        externalId: courseCompletions.externalId,
        abilityCode: courseCompletions.abilityCode,
        importId: sql<string | null>`${courseCompletions.provenance}->>'importId'`,
      })
      .from(courseCompletions)
      .where(
        and(
          eq(courseCompletions.tenantId, ctx.tenantId),
          eq(courseCompletions.sourceKind, ctx.sourceKind),
          eq(courseCompletions.sourceId, ctx.sourceId),
          sql`${courseCompletions.externalId} = any(${arrayParam(part)}::text[])`,
        ),
      );
    for (const r of rows) found.set(r.externalId, { id: r.id, abilityCode: r.abilityCode, importId: r.importId });
  }
  return found;
}
