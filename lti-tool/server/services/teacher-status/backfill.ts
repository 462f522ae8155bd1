import { and, eq, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { enrolments, programmeInstances, teacherStatus } from '../../db/schema';
import { programmeOf } from '../teacher-journey/course-link';
import { refreshTeacherStatus } from './refresh';
import { engineVersionOf } from './row';

/**
 * Computes the rows that are missing or were computed by other programme data or row version (after a deploy).
 * Runs at start-up, a batch per transaction, so a large install catches up without one huge transaction.
 */
export async function backfillTeacherStatus(db: Db, options: { batch?: number; now?: Date } = {}): Promise<number> {
  const instances = await db.select().from(programmeInstances);
  const seen = new Set<string>();
  for (const instance of instances) {
    const expected = engineVersionOf(programmeOf(instance));
    for (;;) {
      const stale = await db
        .select({ id: enrolments.id })
        .from(enrolments)
        .leftJoin(teacherStatus, eq(teacherStatus.enrolmentId, enrolments.id))
        .where(
          and(
            eq(enrolments.programmeInstanceId, instance.id),
            or(isNull(teacherStatus.enrolmentId), ne(teacherStatus.engineVersion, expected)),
          ),
        )
        .orderBy(enrolments.id) // the refreshes below lock each enrolment: in id order, as every bulk refresh does
        .limit(options.batch ?? 200);
      // An id seen twice would loop for ever (a version that cannot be reached): stop instead.
      const fresh = stale.filter((s) => !seen.has(s.id));
      if (fresh.length === 0) break;
      await db.transaction(async (tx) => {
        for (const { id } of fresh) {
          seen.add(id);
          await refreshTeacherStatus(tx, id, { activity: false, ...(options.now ? { now: options.now } : {}) });
        }
      });
    }
  }
  return seen.size;
}
