import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type {
  ReportPeriod,
  ReportSchedule,
  ReportScheduleBody,
  ReportScheduleList,
  ScheduleRun,
} from '../../../../shared/api/exports';
import type { Db } from '../../db/client';
import { exportJobs, people, reportSchedules } from '../../db/schema';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import { addDays, chinaDate, chinaMidnight, chinaParts } from './china-time';
import { periodRange } from './period';
import type { ExportScope } from './scope';

type ScheduleRow = typeof reportSchedules.$inferSelect;

/** A run of a schedule before its file: what period, produced when, due on which China date. */
interface Run {
  period: ReportPeriod;
  label: string;
  generateAt: Date;
  dueOn: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The run whose period closes at or before `now` (offset 0), or the ones after it (offset 1, 2 …), all in China
 * time (officials' calendar): monthly, the month just ended, produced on the 1st at 00:00 Beijing time (16:00 UTC
 * the day before) and due on `day_of_month`; weekly, the ISO week just ended, produced on Monday at 00:00 Beijing
 * time and due on `weekday`.
 */
export function runOf(schedule: Pick<ScheduleRow, 'frequency' | 'dayOfMonth' | 'weekday'>, now: Date, offset = 0) {
  const today = chinaParts(now);
  let period: ReportPeriod;
  let generateOn: string;
  let dueOn: string;
  if (schedule.frequency === 'monthly') {
    const first = new Date(Date.UTC(today.year, today.month - 1 + offset, 1));
    generateOn = first.toISOString().slice(0, 10);
    const reported = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1));
    period = { kind: 'monthly', month: reported.toISOString().slice(0, 7) };
    dueOn = `${generateOn.slice(0, 8)}${pad(schedule.dayOfMonth ?? 1)}`;
  } else {
    const monday = addDays(chinaDate(now), 1 - today.weekday);
    generateOn = addDays(monday, 7 * offset);
    period = { kind: 'weekly', weekOf: addDays(generateOn, -7) };
    dueOn = addDays(generateOn, (schedule.weekday ?? 1) - 1);
  }
  return { period, label: periodRange(period).label, generateAt: chinaMidnight(generateOn), dueOn } satisfies Run;
}

/** A run is the schedule's if its deadline (the whole due day, in China) had not passed when it was set up. */
const owed = (schedule: ScheduleRow, run: Run) => chinaMidnight(addDays(run.dueOn, 1)) > schedule.createdAt;

/** The next deadline not yet past: the just-closed period's if still due today (in China) or later, else the next. */
export function nextRun(schedule: ScheduleRow, now: Date): Run {
  const current = runOf(schedule, now);
  return current.dueOn >= chinaDate(now) && owed(schedule, current) ? current : runOf(schedule, now, 1);
}

/** Sets up a schedule; the same active schedule again (a retried request) returns the one there. */
export async function createSchedule(
  db: Db,
  scope: ExportScope,
  actor: Actor,
  input: ReportScheduleBody & { format: 'xlsx' | 'csv'; language: 'zh' | 'en' },
  now = new Date(),
): Promise<ReportSchedule> {
  const due =
    input.frequency === 'monthly'
      ? { dayOfMonth: input.dayOfMonth, weekday: null }
      : { dayOfMonth: null, weekday: input.weekday };
  const row = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(reportSchedules)
      .where(
        and(
          mine(scope),
          isNull(reportSchedules.stoppedAt),
          eq(reportSchedules.frequency, input.frequency),
          eq(reportSchedules.format, input.format),
          eq(reportSchedules.language, input.language),
          due.dayOfMonth === null ? isNull(reportSchedules.dayOfMonth) : eq(reportSchedules.dayOfMonth, due.dayOfMonth),
          due.weekday === null ? isNull(reportSchedules.weekday) : eq(reportSchedules.weekday, due.weekday),
        ),
      );
    if (existing) return existing;
    const [created] = await tx
      .insert(reportSchedules)
      .values({
        tenantId: scope.tenantId,
        scopeOrganisationId: scope.organisation.id,
        programmeInstanceId: scope.programmeInstanceId,
        frequency: input.frequency,
        ...due,
        format: input.format,
        language: input.language,
        createdBy: scope.personId,
        createdAt: now,
      })
      .returning();
    if (!created) throw new Error('schedule insert returned no row');
    await recordAudit(tx, {
      ...auditActor(actor),
      tenantId: scope.tenantId,
      action: 'report_schedule.create',
      entityType: 'report_schedule',
      entityId: created.id,
      after: { frequency: created.frequency, ...due, format: created.format, language: created.language },
    });
    return created;
  });
  const [one] = await present(db, [row], now);
  return one as ReportSchedule;
}

const mine = (scope: ExportScope) =>
  and(
    eq(reportSchedules.tenantId, scope.tenantId),
    eq(reportSchedules.scopeOrganisationId, scope.organisation.id),
    eq(reportSchedules.programmeInstanceId, scope.programmeInstanceId),
  );

/** The scope's active schedules with their next deadline, and the earliest deadline of all. */
export async function listSchedules(db: Db, scope: ExportScope, now = new Date()): Promise<ReportScheduleList> {
  const rows = await db
    .select()
    .from(reportSchedules)
    .where(and(mine(scope), isNull(reportSchedules.stoppedAt)))
    .orderBy(reportSchedules.createdAt);
  const items = await present(db, rows, now);
  const earliest = [...items].sort((a, b) => a.next.dueOn.localeCompare(b.next.dueOn))[0];
  return { items, nextDeadline: earliest ? { ...earliest.next, scheduleId: earliest.id } : null };
}

/** Stops a schedule (its versions stay and stay downloadable); audited. */
export async function stopSchedule(db: Db, scope: ExportScope, actor: Actor, id: string, now = new Date()) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(reportSchedules)
      .set({ stoppedAt: now, stoppedBy: scope.personId })
      .where(and(mine(scope), eq(reportSchedules.id, id), isNull(reportSchedules.stoppedAt)))
      .returning();
    if (!row) throw new DomainError('not_found');
    await recordAudit(tx, {
      ...auditActor(actor),
      tenantId: scope.tenantId,
      action: 'report_schedule.stop',
      entityType: 'report_schedule',
      entityId: id,
    });
  });
}

async function present(db: Db, rows: ScheduleRow[], now: Date): Promise<ReportSchedule[]> {
  if (rows.length === 0) return [];
  const names = await db
    .select({ id: people.id, name: people.displayName })
    .from(people)
    .where(
      inArray(
        people.id,
        rows.map((r) => r.createdBy),
      ),
    );
  const runs = rows.map((r) => nextRun(r, now));
  const jobs = await db
    .select()
    .from(exportJobs)
    .where(
      inArray(
        exportJobs.scheduleId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(desc(exportJobs.createdAt));
  return rows.map((r, i) => {
    const run = runs[i] as Run;
    const job = jobs.find((j) => j.scheduleId === r.id && j.schedulePeriod === run.label);
    return {
      id: r.id,
      frequency: r.frequency,
      dayOfMonth: r.dayOfMonth,
      weekday: r.weekday,
      format: r.format,
      language: r.language,
      createdBy: names.find((n) => n.id === r.createdBy)?.name ?? null,
      createdAt: r.createdAt.toISOString(),
      next: presentRun(run, job),
    };
  });
}

function presentRun(run: Run, job: typeof exportJobs.$inferSelect | undefined): ScheduleRun {
  return {
    periodLabel: run.label,
    period: run.period,
    generateAt: run.generateAt.toISOString(),
    dueOn: run.dueOn,
    job: job
      ? { id: job.id, status: job.status, downloadUrl: job.status === 'done' ? `/api/v1/exports/${job.id}/file` : null }
      : null,
  };
}

/**
 * The scheduler's tick: queues every active schedule's run that has closed and is owed, once. Several processes
 * may tick at the same moment: the unique (schedule, period) index lets one insert win and the rest do nothing.
 * Returns how many runs it queued.
 */
export async function queueDueReports(db: Db, now = new Date()): Promise<number> {
  const active = await db.select().from(reportSchedules).where(isNull(reportSchedules.stoppedAt));
  let queued = 0;
  for (const schedule of active) {
    const run = runOf(schedule, now);
    if (run.generateAt > now || !owed(schedule, run)) continue;
    const inserted = await db
      .insert(exportJobs)
      .values({
        tenantId: schedule.tenantId,
        kind: 'progress_report',
        params: { format: schedule.format, language: schedule.language, period: run.period },
        scopeOrganisationId: schedule.scopeOrganisationId,
        programmeInstanceId: schedule.programmeInstanceId,
        requestedBy: null,
        scheduleId: schedule.id,
        schedulePeriod: run.label,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: exportJobs.id });
    queued += inserted.length;
  }
  return queued;
}
