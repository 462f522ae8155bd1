import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { enrolments, organisations, programmeInstances, teacherStatus } from '../../db/schema';
import { teacherStatus as evaluateEnrolment } from '../teacher-journey/records';
import { statusFigures } from './row';

export interface RefreshOptions {
  /** A change to the teacher's record (the default) moves "last activity"; a backfill or a new day does not. */
  activity?: boolean;
  /** Today, for the deadline (tests and the benchmark pin it). */
  now?: Date;
}

/**
 * Recomputes one enrolment's status with the engine and stores it. Call it with the transaction of the change
 * (selections, evidence, submit, grading, county review, ledger, completions), so the row commits with it.
 */
export async function refreshTeacherStatus(tx: Db, enrolmentId: string, options: RefreshOptions = {}) {
  const [row] = await tx
    .select({ enrolment: enrolments, instance: programmeInstances, school: organisations })
    .from(enrolments)
    .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .where(eq(enrolments.id, enrolmentId));
  if (!row) return undefined;
  const now = options.now ?? new Date();
  const status = await evaluateEnrolment(tx, row.enrolment, row.instance, row.school, now);
  const figures = statusFigures(status);
  const values = {
    ...figures,
    schoolId: row.enrolment.schoolId,
    groupId: row.enrolment.groupId,
    programmeInstanceId: row.enrolment.programmeInstanceId,
    computedAt: now,
    ...(options.activity === false ? {} : { lastActivityAt: now }),
  };
  const complete = figures.state === 'ready_to_certify' || figures.state === 'certified';
  // The first day the row showed the teacher complete is kept while they stay complete (progress over time).
  const completedAt = sql`case when excluded.state in ('ready_to_certify', 'certified')
    then coalesce(${teacherStatus.completedAt}, excluded.completed_at) else null end`;
  await tx
    .insert(teacherStatus)
    .values({ enrolmentId, tenantId: row.enrolment.tenantId, ...values, completedAt: complete ? now : null })
    .onConflictDoUpdate({ target: teacherStatus.enrolmentId, set: { ...values, completedAt } });
  return status;
}
