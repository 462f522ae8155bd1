import { eq, inArray, sql } from 'drizzle-orm';
import { evaluateTeacher } from '../../../../shared/domain';
import { arrayParam } from '../../db/array-param';
import type { Db } from '../../db/client';
import { enrolments, organisations, programmeInstances, teacherStatus } from '../../db/schema';
import { programmeOf } from '../teacher-journey/course-link';
import {
  teacherStatus as evaluateEnrolment,
  readTeacherRecordsMany,
  type KnownHours,
  schoolContextOf,
} from '../teacher-journey/records';
import { settleCopies } from '../../db/bulk-copy';
import { StatusStage, type StagedStatus } from './bulk-merge';
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
  // The enrolment's row lock first (lockEnrolments): the records below are then read after any other refresh of
  // this teacher has committed.
  const [row] = await tx
    .select({ enrolment: enrolments, instance: programmeInstances, school: organisations })
    .from(enrolments)
    .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .where(eq(enrolments.id, enrolmentId))
    .for('no key update', { of: enrolments });
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
 * Locks the enrolments' rows (in id order, so two refreshes of overlapping teachers cannot deadlock) until the
 * transaction ends. A status is computed from records read in the refreshing transaction: without the lock, two
 * transactions changing one teacher at once each computed it without the other's change, and the one committing last
 * overwrote the other's status with one that missed the first's change (an import's credits lost from the county's
 * figures until the teacher's next change). With it, the second refresh waits and reads after the first commits.
 * `no key update` leaves alone the key-share locks that rows referencing an enrolment take. Returns the locked rows
 * (in id order), as the bulk refresh reads them.
 */
export async function lockEnrolments(tx: Db, enrolmentIds: readonly string[]): Promise<EnrolmentRow[]> {
  const sorted = [...enrolmentIds].sort();
  const locked: EnrolmentRow[] = [];
  for (let i = 0; i < sorted.length; i += 5000) {
    // Raw rows: joined through the ORM, every row would carry (and map) its programme instance and school again.
    const { rows } = await tx.execute<EnrolmentRow>(sql`
      select id, tenant_id, person_id, school_id, group_id, programme_instance_id
      from enrolments where id = any(${arrayParam(sorted.slice(i, i + 5000))}::uuid[])
      order by id for no key update`);
    locked.push(...rows);
  }
  return locked;
}

export type EnrolmentRow = {
  id: string;
  tenant_id: string;
  person_id: string;
  school_id: string;
  group_id: string | null;
  programme_instance_id: string;
};

/**
 * `refreshTeacherStatus` for many enrolments at once, in the caller's transaction (a bulk import credits thousands of
 * teachers): the records are read a table at a time, 5,000 enrolments at a time, each enrolment is evaluated by the
 * same engine call, and the rows are staged (each distinct figure set once, bulk-merge.ts) and merged by one statement,
 * with the same values and the same `completedAt` rule. `knownHours`: hour entries the caller knows without a ledger read
 * (loadTeacherRecordsMany). `locked`: what `lockEnrolments` returned for exactly these enrolments, in this
 * transaction (the caller locked them first).
 */
export async function refreshTeacherStatuses(
  tx: Db,
  enrolmentIds: readonly string[],
  options: RefreshOptions & {
    knownHours?: KnownHours;
    locked?: EnrolmentRow[];
  } = {},
) {
  // Every lock before any read: a part's records read before a later part's lock could miss another refresh's change.
  const enrolled = options.locked ?? (await lockEnrolments(tx, enrolmentIds));
  if (enrolled.length === 0) return;
  await writeStatusRefresh(tx, await readStatusRefresh(tx, enrolled, options.knownHours), options);
}

/** What a bulk refresh reads before it evaluates (readStatusRefresh). */
export interface StatusRefreshReads {
  enrolled: EnrolmentRow[];
  instances: Map<string, { programme: ReturnType<typeof programmeOf> } | null>;
  schools: Map<string, ReturnType<typeof schoolContextOf> | null>;
  recordsOf: Awaited<ReturnType<typeof readTeacherRecordsMany>>;
  stage: StatusStage;
}

/**
 * The reads of `refreshTeacherStatuses` for enrolments the caller has locked (`lockEnrolments`), and its staging
 * tables: after it, the refresh sends nothing but its staged rows and the merge (writeStatusRefresh), so a caller
 * may start other writes in between (a file import's last batch, written while the statuses are evaluated).
 * `knownHours` is asked when each enrolment is evaluated.
 */
export async function readStatusRefresh(
  tx: Db,
  enrolled: EnrolmentRow[],
  knownHours?: KnownHours,
): Promise<StatusRefreshReads> {
  const instances: StatusRefreshReads['instances'] = new Map();
  const schools: StatusRefreshReads['schools'] = new Map();
  await loadMissing(
    instances,
    enrolled.map((r) => r.programme_instance_id),
    async (ids) =>
      (await tx.select().from(programmeInstances).where(inArray(programmeInstances.id, ids))).map((instance) => [
        instance.id,
        { programme: programmeOf(instance) },
      ]),
  );
  await loadMissing(
    schools,
    enrolled.map((r) => r.school_id),
    async (ids) =>
      (await tx.select().from(organisations).where(inArray(organisations.id, ids))).map((school) => [
        school.id,
        schoolContextOf(school),
      ]),
  );
  const recordsOf = await readTeacherRecordsMany(
    tx,
    enrolled.map((r) => ({ id: r.id, personId: r.person_id })),
    knownHours,
  );
  return { enrolled, instances, schools, recordsOf, stage: await StatusStage.open(tx) };
}

/**
 * Evaluates every enrolment read by `readStatusRefresh` with the engine and merges the rows. Node evaluates while the
 * connection sends what was started before (it lets the connection run between every few hundred teachers).
 */
export async function writeStatusRefresh(tx: Db, reads: StatusRefreshReads, options: RefreshOptions = {}) {
  const now = options.now ?? new Date();
  const asOf = now.toISOString().slice(0, 10);
  const { enrolled, instances, schools, recordsOf, stage } = reads;
  try {
    await evaluateInto(stage, enrolled, instances, schools, recordsOf, asOf);
  } catch (err) {
    await settleCopies(tx).catch(() => {}); // nothing started ahead outlives the failure on the connection
    throw err;
  }
  await stage.merge(now, options.activity !== false);
}

async function evaluateInto(
  stage: StatusStage,
  enrolled: EnrolmentRow[],
  instances: StatusRefreshReads['instances'],
  schools: StatusRefreshReads['schools'],
  recordsOf: StatusRefreshReads['recordsOf'],
  asOf: string,
) {
  for (let i = 0; i < enrolled.length; i += 500) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const rows: StagedStatus[] = [];
    for (const row of enrolled.slice(i, i + 500)) {
      const resolved = instances.get(row.programme_instance_id);
      const school = schools.get(row.school_id);
      if (!resolved || !school) continue; // as the single refresh's inner join
      const { programme, catalogue } = resolved.programme;
      const records = recordsOf({ id: row.id, personId: row.person_id });
      const status = evaluateTeacher(programme, catalogue, school, records, { asOf });
      rows.push({
        enrolmentId: row.id,
        tenantId: row.tenant_id,
        programmeInstanceId: row.programme_instance_id,
        schoolId: row.school_id,
        groupId: row.group_id,
        figures: statusFigures(status),
      });
    }
    await stage.add(rows);
  }
}

/** Adds to `cache` the rows of the ids it does not hold yet (an id not found is remembered as null). */
async function loadMissing<T>(
  cache: Map<string, T | null>,
  ids: readonly string[],
  load: (ids: string[]) => Promise<Array<[string, T]>>,
): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !cache.has(id));
  if (missing.length === 0) return;
  for (const id of missing) cache.set(id, null);
  for (const [id, value] of await load(missing)) cache.set(id, value);
}
