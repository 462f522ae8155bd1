import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { lmsCourseCompletions } from '../../db/schema';
import { recordAuditBatch } from '../audit';
import { normaliseCourseRef, type CourseMapping } from './course-mappings';
import { issue, type Issue } from './issues';
import type { FeedContext, TeacherRef } from './record';
import { chunks, resolveTeachers, teacherKey } from './record-lookups';

/** A whole LMS course a teacher completed, as a report states it (Moodle's "Course complete" date). */
export interface CourseFact {
  teacher: TeacherRef;
  /** The catalogue's course ref when the catalogue knows the course, else the LMS's name for it. */
  courseRef: string;
  /** The catalogue course, when there is one (its programme picks the enrolment). */
  course?: CourseMapping;
  completedAt: Date;
  externalId: string;
  evidence: Record<string, unknown>;
}

export type CourseFactOutcome =
  | { status: 'recorded' | 'would_record'; enrolmentId: string }
  | { status: 'unchanged'; enrolmentId: string }
  | { status: 'rejected'; issues: Issue[] };

/**
 * The catalogue course a report's LMS course is: the same ref (normalised), else the one whose Moodle download
 * name matches (`NLTS2-DEMO` → `nlts2-demo`: lower case, anything outside [a-z0-9-] → `_`).
 */
export function catalogueCourseOf(index: Map<string, CourseMapping>, lmsCourse: string): CourseMapping | undefined {
  const exact = index.get(normaliseCourseRef(lmsCourse));
  if (exact) return exact;
  const slug = (ref: string) => ref.toLowerCase().replace(/[^a-z0-9-]/g, '_');
  const wanted = slug(normaliseCourseRef(lmsCourse));
  return [...index.values()].find((c) => slug(c.courseRef) === wanted);
}

/** The external id of a whole-course fact: the teacher and the course (stable across newer exports). */
export function courseFactId(teacher: TeacherRef, courseRef: string): string {
  return `${teacherKey(teacher)}|course:${normaliseCourseRef(courseRef)}`;
}

/**
 * Records whole-course completions (date, source) for the teachers of the tenant: one row per (source, teacher,
 * course), idempotent, audited per teacher (`course.complete`). With `dryRun` nothing is written (`seen` carries the
 * facts already previewed from batch to batch, as the database does for an import). Outcomes are in
 * fact order. Runs in the caller's transaction when given one.
 */
export async function recordCourseFacts(
  db: Db,
  ctx: FeedContext,
  facts: readonly CourseFact[],
  options: { dryRun?: boolean; seen?: Set<string> } = {},
): Promise<CourseFactOutcome[]> {
  if (facts.length === 0) return [];
  const teachers = await resolveTeachers(
    db,
    ctx,
    facts.map((f) => f.teacher),
  );
  const existing = new Set<string>();
  for (const part of chunks(facts.map((f) => f.externalId))) {
    const rows = await db
      .select({ externalId: lmsCourseCompletions.externalId })
      .from(lmsCourseCompletions)
      .where(
        and(
          eq(lmsCourseCompletions.tenantId, ctx.tenantId),
          eq(lmsCourseCompletions.sourceKind, ctx.sourceKind),
          eq(lmsCourseCompletions.sourceId, ctx.sourceId),
          inArray(lmsCourseCompletions.externalId, part),
        ),
      );
    for (const r of rows) existing.add(r.externalId);
  }
  // A preview writes nothing, so the facts of its earlier batches are in `seen`, not in the database.
  const seen = options.seen ?? new Set<string>();
  const outcomes = facts.map((fact): CourseFactOutcome => {
    const match = teachers.get(teacherKey(fact.teacher));
    const programme = fact.course?.programmeInstanceId;
    const candidates = (match?.enrolmentIds ?? []).filter((id) => !programme || match!.instances.get(id) === programme);
    if (candidates.length === 0)
      return { status: 'rejected', issues: [issue('unknown_teacher', 'teacher', fact.teacher.value)] };
    if (candidates.length > 1) {
      return { status: 'rejected', issues: [issue('ambiguous_teacher', 'teacher', fact.teacher.value)] };
    }
    const enrolmentId = candidates[0]!;
    if (existing.has(fact.externalId) || seen.has(fact.externalId)) return { status: 'unchanged', enrolmentId };
    seen.add(fact.externalId);
    return { status: options.dryRun ? 'would_record' : 'recorded', enrolmentId };
  });
  if (options.dryRun) return outcomes;

  const rows = facts.flatMap((fact, i) => {
    const o = outcomes[i]!;
    if (o.status !== 'recorded') return [];
    return [
      {
        tenantId: ctx.tenantId,
        enrolmentId: o.enrolmentId,
        courseRef: fact.courseRef,
        completedAt: fact.completedAt,
        sourceKind: ctx.sourceKind,
        sourceId: ctx.sourceId,
        externalId: fact.externalId,
        provenance: fact.evidence,
        personId: teachers.get(teacherKey(fact.teacher))!.personId,
      },
    ];
  });
  await db.transaction(async (tx) => {
    const audits = new Map<string, { personId: string; courses: Record<string, unknown>[] }>();
    for (const chunk of chunks(rows)) {
      const inserted = await tx
        .insert(lmsCourseCompletions)
        .values(chunk.map(({ personId: _personId, ...row }) => row))
        .onConflictDoNothing()
        .returning({ id: lmsCourseCompletions.id, externalId: lmsCourseCompletions.externalId });
      const ids = new Map(inserted.map((r) => [r.externalId, r.id]));
      for (const row of chunk) {
        const id = ids.get(row.externalId);
        if (!id) continue;
        let audit = audits.get(row.enrolmentId);
        if (!audit) audits.set(row.enrolmentId, (audit = { personId: row.personId, courses: [] }));
        audit.courses.push({ id, courseRef: row.courseRef, completedAt: row.completedAt, externalId: row.externalId });
      }
    }
    await recordAuditBatch(
      tx,
      [...audits].map(([enrolmentId, a]) => ({
        tenantId: ctx.tenantId,
        subjectPersonId: a.personId,
        ...ctx.actor,
        action: 'course.complete',
        entityType: 'enrolment',
        entityId: enrolmentId,
        after: { source: { kind: ctx.sourceKind, id: ctx.sourceId }, courses: a.courses },
      })),
    );
  });
  return outcomes;
}

/** A teacher's whole-course completions, oldest first: course, date, source and evidence. */
export async function courseCompletionFacts(db: Db, tenantId: string, enrolmentId: string) {
  return db
    .select({
      id: lmsCourseCompletions.id,
      courseRef: lmsCourseCompletions.courseRef,
      completedAt: lmsCourseCompletions.completedAt,
      sourceKind: lmsCourseCompletions.sourceKind,
      sourceId: lmsCourseCompletions.sourceId,
      provenance: lmsCourseCompletions.provenance,
    })
    .from(lmsCourseCompletions)
    .where(and(eq(lmsCourseCompletions.tenantId, tenantId), eq(lmsCourseCompletions.enrolmentId, enrolmentId)))
    .orderBy(lmsCourseCompletions.completedAt, lmsCourseCompletions.courseRef);
}
