import { eq, sql } from 'drizzle-orm';
import { evaluateTeacher } from '../../../../shared/domain';
import { arrayParam } from '../../db/array-param';
import type { Db } from '../../db/client';
import { enrolments, organisations, programmeInstances, teacherStatus } from '../../db/schema';
import { programmeOf } from '../teacher-journey/course-link';
import {
  teacherStatus as evaluateEnrolment,
  loadTeacherRecordsMany,
  schoolContextOf,
} from '../teacher-journey/records';
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

/**
 * `refreshTeacherStatus` for many enrolments at once, in the caller's transaction (a bulk import credits thousands of
 * teachers): the records are read a table at a time, each enrolment is evaluated by the same engine call, and the
 * rows are upserted in batches with the same values and the same `completedAt` rule.
 */
export async function refreshTeacherStatuses(tx: Db, enrolmentIds: readonly string[], options: RefreshOptions = {}) {
  const now = options.now ?? new Date();
  const asOf = now.toISOString().slice(0, 10);
  const completedAt = sql`case when excluded.state in ('ready_to_certify', 'certified')
    then coalesce(${teacherStatus.completedAt}, excluded.completed_at) else null end`;
  for (let i = 0; i < enrolmentIds.length; i += 5000) {
    const part = enrolmentIds.slice(i, i + 5000);
    const rows = await tx
      .select({ enrolment: enrolments, instance: programmeInstances, school: organisations })
      .from(enrolments)
      .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
      .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
      .where(sql`${enrolments.id} = any(${arrayParam(part)}::uuid[])`);
    const records = await loadTeacherRecordsMany(
      tx,
      rows.map((r) => r.enrolment),
    );
    const programmes = new Map<string, ReturnType<typeof programmeOf>>();
    const values = rows.map((row) => {
      let resolved = programmes.get(row.instance.id);
      if (!resolved) programmes.set(row.instance.id, (resolved = programmeOf(row.instance)));
      const { programme, catalogue } = resolved;
      const status = evaluateTeacher(
        programme,
        catalogue,
        schoolContextOf(row.school),
        records.get(row.enrolment.id)!,
        {
          asOf,
        },
      );
      const figures = statusFigures(status);
      const complete = figures.state === 'ready_to_certify' || figures.state === 'certified';
      return {
        enrolmentId: row.enrolment.id,
        tenantId: row.enrolment.tenantId,
        ...figures,
        schoolId: row.enrolment.schoolId,
        groupId: row.enrolment.groupId,
        programmeInstanceId: row.enrolment.programmeInstanceId,
        computedAt: now,
        ...(options.activity === false ? {} : { lastActivityAt: now }),
        completedAt: complete ? now : null,
      };
    });
    for (let j = 0; j < values.length; j += 1000) {
      await tx
        .insert(teacherStatus)
        .values(values.slice(j, j + 1000))
        .onConflictDoUpdate({
          target: teacherStatus.enrolmentId,
          set: {
            state: sql`excluded.state`,
            onlineMinutes: sql`excluded.online_minutes`,
            practiceMinutes: sql`excluded.practice_minutes`,
            abilitiesChosen: sql`excluded.abilities_chosen`,
            abilitiesSubmitted: sql`excluded.abilities_submitted`,
            abilitiesGraded: sql`excluded.abilities_graded`,
            abilitiesPassed: sql`excluded.abilities_passed`,
            abilitiesExcellent: sql`excluded.abilities_excellent`,
            grade: sql`excluded.grade`,
            unmetRequirements: sql`excluded.unmet_requirements`,
            missing: sql`excluded.missing`,
            countedAbilities: sql`excluded.counted_abilities`,
            passedAbilities: sql`excluded.passed_abilities`,
            engineVersion: sql`excluded.engine_version`,
            schoolId: sql`excluded.school_id`,
            groupId: sql`excluded.group_id`,
            programmeInstanceId: sql`excluded.programme_instance_id`,
            computedAt: sql`excluded.computed_at`,
            ...(options.activity === false ? {} : { lastActivityAt: sql`excluded.last_activity_at` }),
            completedAt,
          },
        });
    }
  }
}
