import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  courseMappingInput,
  type CourseAbility,
  type CourseMappingInput,
  type CourseMappingSummary,
} from '../../../../shared/api/course-mappings';
import { parseWithIssues } from '../../../../shared/i18n';
import type { Db, DbTransaction } from '../../db/client';
import { courseMappingAbilities, courseMappings } from '../../db/schema';
import { recordAuditBatch, type AuditActor } from '../audit';
import { DomainError } from '../errors';
import { programmeAbilityCodes } from './course-programmes';

export type { CourseMappingInput } from '../../../../shared/api/course-mappings';
export { courseHours as hoursValueSchema } from '../../../../shared/api/course-mappings';

/** Trimmed, inner white space collapsed: how course refs are stored and looked up. */
export function normaliseCourseRef(ref: string): string {
  let normal = normalised.get(ref);
  if (normal === undefined) {
    // A file names a handful of courses on every row: each distinct name is normalised once (bounded cache).
    if (normalised.size >= 1000) normalised.clear();
    normalised.set(ref, (normal = ref.normalize('NFC').trim().replace(/\s+/g, ' ')));
  }
  return normal;
}
const normalised = new Map<string, string>();

export interface CourseMapping {
  id: string;
  courseRef: string;
  title: string;
  programmeInstanceId: string | null;
  provider: string | null;
  abilities: CourseAbility[];
  /** Sum of the abilities' hours. */
  hours: number;
  updatedAt: Date;
}

const SYSTEM_ACTOR: AuditActor = { actorLabel: 'system:course-catalogue', client: 'system' };

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The input as stored: normalised ref, ability list (the older single form becomes a one-item list). */
function normalise(raw: CourseMappingInput, index: number) {
  const outcome = parseWithIssues(courseMappingInput, raw, `courses[${index}]`);
  if (!outcome.ok) throw new DomainError('validation_failed', { issues: outcome.issues });
  const input = outcome.data;
  const courseRef = normaliseCourseRef(input.courseRef);
  return {
    courseRef,
    title: input.title ?? courseRef,
    programmeInstanceId: input.programmeInstanceId ?? null,
    provider: input.provider ?? null,
    abilities: input.abilities ?? [{ abilityCode: input.abilityCode!, hours: input.hours! }],
  };
}

/**
 * Adds or replaces catalogue courses (by course ref): title, programme and the whole list of abilities. Ability
 * codes must exist in the programme's catalogue (any of the tenant's programmes when the course names none).
 * One transaction, one audit event per course with its state before and after. Returns the courses as stored.
 */
export async function upsertCourseMappings(
  db: Db,
  tenantId: string,
  inputs: CourseMappingInput[],
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<CourseMapping[]> {
  // The last entry of a course ref wins (one row per ref: a statement may not update a row twice).
  const values = [...new Map(inputs.map((raw, i) => normalise(raw, i)).map((v) => [v.courseRef, v])).values()];
  if (values.length === 0) return [];
  const known = await programmeAbilityCodes(db, tenantId);
  values.forEach((v, index) => {
    const codes = v.programmeInstanceId ? known.byInstance.get(v.programmeInstanceId) : known.any;
    if (v.programmeInstanceId && !codes) {
      throw new DomainError('not_found', { field: `courses[${index}].programmeInstanceId` });
    }
    for (const [k, a] of v.abilities.entries()) {
      if (codes && codes.size > 0 && !codes.has(a.abilityCode)) {
        throw new DomainError('course_ability_unknown', {
          field: `courses[${index}].abilities[${k}].abilityCode`,
          abilityCode: a.abilityCode,
          courseRef: v.courseRef,
        });
      }
    }
  });
  return db.transaction(async (tx) => {
    const before = await loadMappings(tx, tenantId, { refs: values.map((v) => v.courseRef) });
    const ids = new Map<string, string>();
    for (let i = 0; i < values.length; i += 1000) {
      const rows = await tx
        .insert(courseMappings)
        .values(values.slice(i, i + 1000).map((v) => ({ tenantId, ...v, abilities: undefined })))
        .onConflictDoUpdate({
          target: [courseMappings.tenantId, courseMappings.courseRef],
          set: {
            title: sql`excluded.title`,
            programmeInstanceId: sql`excluded.programme_instance_id`,
            provider: sql`excluded.provider`,
            updatedAt: sql`now()`,
          },
        })
        .returning({ id: courseMappings.id, courseRef: courseMappings.courseRef });
      for (const r of rows) ids.set(r.courseRef, r.id);
      const written = rows.map((r) => r.id);
      await tx.delete(courseMappingAbilities).where(inArray(courseMappingAbilities.courseMappingId, written));
    }
    const abilityRows = values.flatMap((v) =>
      v.abilities.map((a) => ({
        tenantId,
        courseMappingId: ids.get(v.courseRef)!,
        abilityCode: a.abilityCode,
        hours: a.hours.toFixed(2),
      })),
    );
    for (let i = 0; i < abilityRows.length; i += 1000) {
      await tx.insert(courseMappingAbilities).values(abilityRows.slice(i, i + 1000));
    }
    const after = await loadMappings(tx, tenantId, { refs: values.map((v) => v.courseRef) });
    await recordAuditBatch(
      tx,
      after.map((m) => ({
        tenantId,
        ...actor,
        action: 'course_mapping.upsert',
        entityType: 'course_mapping',
        entityId: m.id,
        before: auditState(before.find((b) => b.id === m.id)),
        after: auditState(m),
      })),
    );
    return after;
  });
}

function auditState(m: CourseMapping | undefined) {
  if (!m) return undefined;
  return {
    courseRef: m.courseRef,
    title: m.title,
    programmeInstanceId: m.programmeInstanceId,
    provider: m.provider,
    abilities: m.abilities,
  };
}

async function loadMappings(
  db: Db | DbTransaction,
  tenantId: string,
  only: { refs?: string[]; id?: string } = {},
): Promise<CourseMapping[]> {
  const rows = await db
    .select({
      id: courseMappings.id,
      courseRef: courseMappings.courseRef,
      title: courseMappings.title,
      programmeInstanceId: courseMappings.programmeInstanceId,
      provider: courseMappings.provider,
      updatedAt: courseMappings.updatedAt,
      abilityCode: courseMappingAbilities.abilityCode,
      hours: courseMappingAbilities.hours,
    })
    .from(courseMappings)
    .leftJoin(courseMappingAbilities, eq(courseMappingAbilities.courseMappingId, courseMappings.id))
    .where(
      and(
        eq(courseMappings.tenantId, tenantId),
        only.refs ? inArray(courseMappings.courseRef, only.refs) : undefined,
        only.id ? eq(courseMappings.id, only.id) : undefined,
      ),
    )
    .orderBy(asc(courseMappings.courseRef), asc(courseMappingAbilities.abilityCode));
  const byId = new Map<string, CourseMapping>();
  for (const r of rows) {
    let m = byId.get(r.id);
    if (!m) {
      const { abilityCode: _a, hours: _h, ...course } = r;
      byId.set(r.id, (m = { ...course, abilities: [], hours: 0 }));
    }
    if (r.abilityCode && r.hours) {
      m.abilities.push({ abilityCode: r.abilityCode, hours: Number(r.hours) });
      m.hours = round2(m.hours + Number(r.hours));
    }
  }
  return [...byId.values()];
}

export function listCourseMappings(db: Db, tenantId: string): Promise<CourseMapping[]> {
  return loadMappings(db, tenantId);
}

/** The tenant's catalogue as a lookup (catalogues are small: one row per course). */
export async function loadCourseIndex(db: Db, tenantId: string): Promise<Map<string, CourseMapping>> {
  return new Map((await listCourseMappings(db, tenantId)).map((m) => [m.courseRef, m]));
}

/**
 * Removes a course from the catalogue (its abilities go with it). Completions already recorded keep their course
 * and hours; later rows of the course are reported as unknown. Audited with the course's last state.
 */
export async function deleteCourseMapping(
  db: Db,
  tenantId: string,
  id: string,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<CourseMapping> {
  return db.transaction(async (tx) => {
    const [existing] = await loadMappings(tx, tenantId, { id });
    if (!existing) throw new DomainError('not_found', { field: 'id' });
    await tx.delete(courseMappings).where(and(eq(courseMappings.tenantId, tenantId), eq(courseMappings.id, id)));
    await recordAuditBatch(tx, [
      {
        tenantId,
        ...actor,
        action: 'course_mapping.delete',
        entityType: 'course_mapping',
        entityId: id,
        before: auditState(existing),
      },
    ]);
    return existing;
  });
}

export function presentCourseMapping(m: CourseMapping): CourseMappingSummary {
  return { ...m, updatedAt: m.updatedAt.toISOString() };
}
