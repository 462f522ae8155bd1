import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { courseCompletions, hoursLedgerEntries } from '../../../db/schema';
import { loadCourseIndex, normaliseCourseRef, type CourseMapping } from '../course-mappings';
import type { FileItem } from '../files/layouts';
import type { FeedContext } from '../record';
import { chunks, resolveTeachers, teacherKey } from '../record-lookups';
import { offsetMinutes } from '../time';

/** "YYYY-MM-DD HH:mm" in the source's calendar: how the admin reads the date in the report. */
function wallClock(at: Date, utcOffset: string): string {
  return new Date(at.getTime() + offsetMinutes(utcOffset) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

const undated = (i: FileItem) => i.undated !== undefined && i.skipped?.code === 'no_completion_time';

/** Whether `dateFromLedger` has rows to date (and so statements to run). */
export function needsLedgerDates(items: readonly FileItem[]): boolean {
  return items.some(undated);
}

/**
 * Rows of a file without completion times (`item.undated`) take the date of a completion of the same teacher and
 * course already in the ledger, from any source, that still holds hours (a voided one lends no date: its hours
 * must not come back). The earliest such date wins. A row without one stays skipped and waits. Returns nothing:
 * it turns the dated items' `undated` into a `claim` whose evidence names the rule and the completion it used.
 */
export async function dateFromLedger(
  db: Db,
  ctx: FeedContext,
  items: FileItem[],
  courses?: Map<string, CourseMapping>,
): Promise<void> {
  const pending = items.filter(undated);
  if (pending.length === 0) return;
  const index = courses ?? (await loadCourseIndex(db, ctx.tenantId));
  const teachers = await resolveTeachers(
    db,
    ctx,
    pending.map((i) => i.undated!.teacher),
  );
  const enrolmentIds = [...new Set([...teachers.values()].flatMap((t) => t.enrolmentIds))];
  const earliest = new Map<string, { id: string; completedAt: Date; sourceKind: string; file: unknown }>();
  for (const part of chunks(enrolmentIds, 5000)) {
    const rows = await db
      .select({
        id: courseCompletions.id,
        enrolmentId: courseCompletions.enrolmentId,
        courseRef: courseCompletions.courseRef,
        completedAt: courseCompletions.completedAt,
        sourceKind: courseCompletions.sourceKind,
        file: sql<unknown>`${courseCompletions.provenance}->'file'`,
      })
      .from(courseCompletions)
      // Both sides by the enrolments' indexes (voidCompletion in ledger.ts): course_completion_id alone has only a
      // partial index, and the planner scanned the whole ledger for it.
      .innerJoin(
        hoursLedgerEntries,
        and(
          inArray(hoursLedgerEntries.enrolmentId, part),
          eq(hoursLedgerEntries.enrolmentId, courseCompletions.enrolmentId),
          eq(hoursLedgerEntries.courseCompletionId, courseCompletions.id),
        ),
      )
      .where(and(eq(courseCompletions.tenantId, ctx.tenantId), inArray(courseCompletions.enrolmentId, part)))
      .groupBy(courseCompletions.id)
      .having(sql`sum(${hoursLedgerEntries.hours}) > 0`);
    for (const r of rows) {
      const key = `${r.enrolmentId}|${normaliseCourseRef(r.courseRef)}`;
      const known = earliest.get(key);
      if (!known || r.completedAt < known.completedAt) earliest.set(key, r);
    }
  }
  const utcOffset = ctx.utcOffset ?? '+08:00';
  for (const item of pending) {
    const undated = item.undated!;
    const course = index.get(normaliseCourseRef(undated.courseRef));
    const courseRef = normaliseCourseRef(course?.courseRef ?? undated.courseRef);
    const match = teachers.get(teacherKey(undated.teacher));
    const found = (match?.enrolmentIds ?? [])
      .map((id) => earliest.get(`${id}|${courseRef}`))
      .filter((f) => f !== undefined)
      .sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime())[0];
    if (!found) continue;
    const source = typeof found.file === 'string' ? found.file : found.sourceKind;
    item.claim = {
      ...undated,
      completedAt: found.completedAt,
      evidence: {
        ...undated.evidence,
        dateRule: 'ledger',
        dateFrom: { completionId: found.id, sourceKind: found.sourceKind, source },
        dateLabel: `${wallClock(found.completedAt, utcOffset)}（${source}）`,
      },
    };
    delete item.skipped;
  }
}
