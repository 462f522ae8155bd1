import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbTransaction } from '../../db/client';
import {
  courseCompletions,
  enrolments,
  hoursLedgerEntries,
  ltiIdentities,
  people,
  type CompletionSourceKind,
} from '../../db/schema';
import { recordAuditBatch, type AuditActor } from '../audit';
import { loadCourseIndex, normaliseCourseRef, type CourseMapping } from './course-mappings';
import { issue, type Issue } from './issues';
import { schoolYearOf } from './time';
import { refreshTeacherStatus } from '../teacher-status/refresh';

/** How a feed names a teacher: an e-mail in the tenant, the LMS's LTI user id (`sub`), or our person id. */
export const teacherKeyKinds = ['email', 'lti_user_id', 'person_id'] as const;
export type TeacherKeyKind = (typeof teacherKeyKinds)[number];
export interface TeacherRef {
  by: TeacherKeyKind;
  value: string;
}

/** One completion as a feed reports it, before it is resolved against the tenant's teachers and courses. */
export interface CompletionClaim {
  /** The record's id in its source: stable across re-imports and replays (idempotency key). */
  externalId: string;
  teacher: TeacherRef;
  courseRef: string;
  courseTitle?: string;
  completedAt: Date;
  /** Explicit hours (API, generic files); otherwise the course mapping's. */
  hours?: number;
  /** The evidence: file row, statement id, API call … stored as the completion's provenance. */
  evidence: Record<string, unknown>;
}

/** Who records: a person (an administrator uploading a file) or a system (an API client, an xAPI plugin). */
export interface Recorder {
  personId?: string;
  system?: string;
}

export interface FeedContext {
  tenantId: string;
  sourceKind: CompletionSourceKind;
  /** The feed's id within its kind (a completion source id, a platform id for LTI). */
  sourceId: string;
  programmeInstanceId?: string | null;
  platformId?: string | null;
  recorder: Recorder;
  actor: AuditActor;
  /** The calendar the school year is computed in (default UTC+8). */
  utcOffset?: string;
}

export interface ResolvedClaim {
  enrolmentId: string;
  personId: string;
  course: CourseMapping;
  hours: number;
  schoolYear: number;
}

export type ClaimOutcome =
  | ({ status: 'created'; completionId: string; ledgerEntryId: string } & ResolvedClaim)
  | ({ status: 'would_create' } & ResolvedClaim)
  | { status: 'unchanged'; completionId: string; enrolmentId: string }
  | { status: 'duplicate'; issues: Issue[]; enrolmentId: string }
  | { status: 'rejected'; issues: Issue[] };

const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface TeacherMatch {
  personId: string;
  enrolmentIds: string[];
}

function teacherKey(ref: TeacherRef): string {
  const value = ref.value.trim();
  return `${ref.by}:${ref.by === 'email' ? value.toLowerCase() : value}`;
}

/** Teachers by key, each with their enrolments (active or completed; in the source's cohort when it has one). */
async function resolveTeachers(db: Db, ctx: FeedContext, refs: TeacherRef[]): Promise<Map<string, TeacherMatch>> {
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
  const add = (key: string, personId: string, enrolmentId: string | null) => {
    let match = found.get(key);
    if (!match) found.set(key, (match = { personId, enrolmentIds: [] }));
    if (enrolmentId && !match.enrolmentIds.includes(enrolmentId)) match.enrolmentIds.push(enrolmentId);
  };
  for (const [kind, values] of byKind) {
    for (const part of chunks([...values], 5000)) {
      if (kind === 'email') {
        const emailKey = sql<string>`lower(${people.email})`;
        const rows = await db
          .select({ key: emailKey, personId: people.id, enrolmentId: enrolments.id })
          .from(people)
          .leftJoin(enrolments, enrolmentJoin)
          .where(and(eq(people.tenantId, ctx.tenantId), inArray(emailKey, part)));
        for (const r of rows) add(`email:${r.key}`, r.personId, r.enrolmentId);
      } else if (kind === 'lti_user_id') {
        if (!ctx.platformId) continue;
        const rows = await db
          .select({ key: ltiIdentities.subject, personId: people.id, enrolmentId: enrolments.id })
          .from(ltiIdentities)
          .innerJoin(people, and(eq(people.id, ltiIdentities.personId), eq(people.tenantId, ltiIdentities.tenantId)))
          .leftJoin(enrolments, enrolmentJoin)
          .where(
            and(
              eq(ltiIdentities.tenantId, ctx.tenantId),
              eq(ltiIdentities.platformId, ctx.platformId),
              inArray(ltiIdentities.subject, part),
            ),
          );
        for (const r of rows) add(`lti_user_id:${r.key}`, r.personId, r.enrolmentId);
      } else {
        const rows = await db
          .select({ personId: people.id, enrolmentId: enrolments.id })
          .from(people)
          .leftJoin(enrolments, enrolmentJoin)
          .where(and(eq(people.tenantId, ctx.tenantId), inArray(people.id, part)));
        for (const r of rows) add(`person_id:${r.personId}`, r.personId, r.enrolmentId);
      }
    }
  }
  return found;
}

/** (enrolment, course) pairs that currently hold hours (credited and not fully corrected away). */
async function creditedCourses(db: Db, tenantId: string, enrolmentIds: string[]): Promise<Set<string>> {
  const credited = new Set<string>();
  for (const part of chunks(enrolmentIds, 5000)) {
    const rows = await db
      .select({ enrolmentId: courseCompletions.enrolmentId, courseRef: courseCompletions.courseRef })
      .from(courseCompletions)
      .innerJoin(hoursLedgerEntries, eq(hoursLedgerEntries.courseCompletionId, courseCompletions.id))
      .where(and(eq(courseCompletions.tenantId, tenantId), inArray(courseCompletions.enrolmentId, part)))
      .groupBy(courseCompletions.id, courseCompletions.enrolmentId, courseCompletions.courseRef)
      .having(sql`sum(${hoursLedgerEntries.hours}) > 0`);
    for (const r of rows) credited.add(`${r.enrolmentId}|${r.courseRef}`);
  }
  return credited;
}

async function existingExternalIds(db: Db, ctx: FeedContext, externalIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks(externalIds, 5000)) {
    const rows = await db
      .select({ id: courseCompletions.id, externalId: courseCompletions.externalId })
      .from(courseCompletions)
      .where(
        and(
          eq(courseCompletions.tenantId, ctx.tenantId),
          eq(courseCompletions.sourceKind, ctx.sourceKind),
          eq(courseCompletions.sourceId, ctx.sourceId),
          inArray(courseCompletions.externalId, part),
        ),
      );
    for (const r of rows) found.set(r.externalId, r.id);
  }
  return found;
}

/**
 * Resolves claims against the tenant's teachers, course catalogue and what is already recorded, without writing:
 * the preview of an import and the first half of `recordCompletions`. Outcomes are in claim order.
 */
export async function resolveClaims(
  db: Db,
  ctx: FeedContext,
  claims: readonly CompletionClaim[],
  courses?: Map<string, CourseMapping>,
): Promise<ClaimOutcome[]> {
  const index = courses ?? (await loadCourseIndex(db, ctx.tenantId));
  const teachers = await resolveTeachers(
    db,
    ctx,
    claims.map((c) => c.teacher),
  );
  const existing = await existingExternalIds(
    db,
    ctx,
    claims.map((c) => c.externalId),
  );
  const enrolmentIds = new Set<string>();
  for (const match of teachers.values()) if (match.enrolmentIds.length === 1) enrolmentIds.add(match.enrolmentIds[0]!);
  const credited = await creditedCourses(db, ctx.tenantId, [...enrolmentIds]);
  const seenExternal = new Set<string>();
  const seenCourse = new Set<string>();

  return claims.map((claim): ClaimOutcome => {
    const issues: Issue[] = [];
    if (claim.teacher.by === 'lti_user_id' && !ctx.platformId) issues.push(issue('no_platform', 'teacher'));
    const match = teachers.get(teacherKey(claim.teacher));
    let enrolmentId: string | undefined;
    if (!match || match.enrolmentIds.length === 0) {
      if (!issues.length) issues.push(issue('unknown_teacher', 'teacher', claim.teacher.value));
    } else if (match.enrolmentIds.length > 1) issues.push(issue('ambiguous_teacher', 'teacher', claim.teacher.value));
    else enrolmentId = match.enrolmentIds[0];
    const course = index.get(normaliseCourseRef(claim.courseRef));
    if (!course) issues.push(issue('unknown_course', 'course', claim.courseRef));
    const hours = claim.hours ?? course?.hours;
    if (hours !== undefined && !(hours > 0 && hours <= 100 && Number.isFinite(hours))) {
      issues.push(issue('invalid_hours', 'hours', String(claim.hours)));
    }
    if (!Number.isFinite(claim.completedAt.getTime())) issues.push(issue('invalid_date', 'completedAt'));
    if (issues.length || !enrolmentId || !course || hours === undefined) return { status: 'rejected', issues };

    const completionId = existing.get(claim.externalId);
    if (completionId) return { status: 'unchanged', completionId, enrolmentId };
    const courseKey = `${enrolmentId}|${course.courseRef}`;
    if (seenExternal.has(claim.externalId) || seenCourse.has(courseKey)) {
      return { status: 'duplicate', issues: [issue('duplicate_in_batch')], enrolmentId };
    }
    seenExternal.add(claim.externalId);
    seenCourse.add(courseKey);
    if (credited.has(courseKey)) return { status: 'duplicate', issues: [issue('already_credited')], enrolmentId };
    const schoolYear = schoolYearOf(claim.completedAt, ctx.utcOffset);
    return {
      status: 'would_create',
      enrolmentId,
      personId: match!.personId,
      course,
      hours: Math.round(hours * 100) / 100,
      schoolYear,
    };
  });
}

function recorderColumns(recorder: Recorder) {
  return recorder.personId
    ? { recordedByPersonId: recorder.personId, recordedBySystem: null }
    : { recordedByPersonId: null, recordedBySystem: recorder.system ?? 'system' };
}

/**
 * Records completions and credits their hours in one transaction: a `course_completions` row (the evidence) and an
 * online `hours_ledger_entries` credit for each new claim, plus one audit event per teacher. Idempotent: a claim
 * whose (source, external id) is already stored is `unchanged`; a course already credited to the teacher from
 * another record is a `duplicate` and credits nothing. With `dryRun` nothing is written.
 */
export async function recordCompletions(
  db: Db,
  ctx: FeedContext,
  claims: readonly CompletionClaim[],
  options: { dryRun?: boolean } = {},
): Promise<ClaimOutcome[]> {
  if (options.dryRun) return resolveClaims(db, ctx, claims);
  return db.transaction(async (tx) => {
    // One writer per tenant at a time, so two concurrent feeds cannot both credit the same course.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'hours:' + ctx.tenantId}, 0))`);
    const outcomes = await resolveClaims(tx, ctx, claims);
    await writeOutcomes(tx, ctx, claims, outcomes);
    return outcomes;
  });
}

async function writeOutcomes(
  tx: DbTransaction,
  ctx: FeedContext,
  claims: readonly CompletionClaim[],
  outcomes: ClaimOutcome[],
): Promise<void> {
  const pending: number[] = [];
  outcomes.forEach((o, i) => {
    if (o.status === 'would_create') pending.push(i);
  });
  const recorder = recorderColumns(ctx.recorder);
  const audits = new Map<string, { personId: string; completions: Record<string, unknown>[] }>();

  for (const part of chunks(pending)) {
    const inserted = await tx
      .insert(courseCompletions)
      .values(
        part.map((i) => {
          const claim = claims[i]!;
          const o = outcomes[i] as Extract<ClaimOutcome, { status: 'would_create' }>;
          return {
            tenantId: ctx.tenantId,
            enrolmentId: o.enrolmentId,
            courseRef: o.course.courseRef,
            courseTitle: claim.courseTitle ?? o.course.title,
            abilityCode: o.course.abilityCode,
            hours: o.hours.toFixed(2),
            completedAt: claim.completedAt,
            sourceKind: ctx.sourceKind,
            sourceId: ctx.sourceId,
            externalId: claim.externalId,
            provenance: claim.evidence,
          };
        }),
      )
      .onConflictDoNothing()
      .returning({ id: courseCompletions.id, externalId: courseCompletions.externalId });
    const ids = new Map(inserted.map((r) => [r.externalId, r.id]));
    const credits = part.flatMap((i) => {
      const id = ids.get(claims[i]!.externalId);
      return id ? [{ i, id }] : [];
    });
    const entries =
      credits.length === 0
        ? []
        : await tx
            .insert(hoursLedgerEntries)
            .values(
              credits.map(({ i, id }) => {
                const o = outcomes[i] as Extract<ClaimOutcome, { status: 'would_create' }>;
                return {
                  tenantId: ctx.tenantId,
                  enrolmentId: o.enrolmentId,
                  category: 'online' as const,
                  hours: o.hours.toFixed(2),
                  schoolYear: o.schoolYear,
                  sourceKind: 'course_completion' as const,
                  courseCompletionId: id,
                  ...recorder,
                };
              }),
            )
            .returning({ id: hoursLedgerEntries.id, courseCompletionId: hoursLedgerEntries.courseCompletionId });
    const entryByCompletion = new Map(entries.map((e) => [e.courseCompletionId, e.id]));
    for (const i of part) {
      const o = outcomes[i] as Extract<ClaimOutcome, { status: 'would_create' }>;
      const completionId = ids.get(claims[i]!.externalId);
      if (!completionId) {
        // Inserted concurrently by a writer that did not take the lock (cannot happen through this module).
        outcomes[i] = { status: 'unchanged', completionId: '', enrolmentId: o.enrolmentId };
        continue;
      }
      const ledgerEntryId = entryByCompletion.get(completionId)!;
      outcomes[i] = { ...o, status: 'created', completionId, ledgerEntryId };
      let audit = audits.get(o.enrolmentId);
      if (!audit) audits.set(o.enrolmentId, (audit = { personId: o.personId, completions: [] }));
      audit.completions.push({
        completionId,
        ledgerEntryId,
        courseRef: o.course.courseRef,
        abilityCode: o.course.abilityCode,
        hours: o.hours,
        schoolYear: o.schoolYear,
        externalId: claims[i]!.externalId,
      });
    }
  }
  for (const enrolmentId of audits.keys()) await refreshTeacherStatus(tx, enrolmentId);
  await recordAuditBatch(
    tx,
    [...audits].map(([enrolmentId, a]) => ({
      tenantId: ctx.tenantId,
      subjectPersonId: a.personId,
      ...ctx.actor,
      action: 'hours.credit',
      entityType: 'enrolment',
      entityId: enrolmentId,
      after: { source: { kind: ctx.sourceKind, id: ctx.sourceId }, completions: a.completions },
    })),
  );
}

/** Counts of outcomes, for reports and API answers. */
export function summarise(outcomes: readonly ClaimOutcome[]) {
  const counts = { created: 0, would_create: 0, unchanged: 0, duplicate: 0, rejected: 0, hours: 0 };
  for (const o of outcomes) {
    counts[o.status]++;
    if (o.status === 'created' || o.status === 'would_create') counts.hours += o.hours;
  }
  counts.hours = Math.round(counts.hours * 100) / 100;
  return counts;
}
