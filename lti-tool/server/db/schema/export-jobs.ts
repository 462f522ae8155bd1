import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz } from './columns';
import { organisations } from './organisations';
import { people } from './people';
import { tenantId } from './tenants';

export const exportKinds = ['progress_report', 'certificates', 'e_archive'] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportJobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type ExportJobStatus = (typeof exportJobStatuses)[number];

export const scheduleFrequencies = ['monthly', 'weekly'] as const;
export type ScheduleFrequency = (typeof scheduleFrequencies)[number];

/**
 * A county's standing order for its progress report: "monthly, ready by the 3rd" (`day_of_month` 3) or "weekly on
 * Monday" (`weekday` 1, ISO). Each closed period is produced once, right after it ends, as an export job that
 * names the schedule and the period. Stopping a schedule keeps it (its versions still point at it).
 */
export const reportSchedules = pgTable(
  'report_schedules',
  {
    id: primaryId(),
    tenantId: tenantId(),
    scopeOrganisationId: uuid('scope_organisation_id').notNull(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    frequency: text('frequency', { enum: scheduleFrequencies }).notNull(),
    /** Monthly: the report of the month just ended is due on this day (1–28). */
    dayOfMonth: smallint('day_of_month'),
    /** Weekly: the report of the week just ended is due on this ISO weekday (1 Monday … 7 Sunday). */
    weekday: smallint('weekday'),
    format: text('format', { enum: ['xlsx', 'csv'] }).notNull(),
    language: text('language', { enum: ['zh', 'en'] }).notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    stoppedAt: timestamptz('stopped_at'),
    stoppedBy: uuid('stopped_by'),
  },
  (t) => [
    unique('report_schedules_tenant_id_id_key').on(t.tenantId, t.id),
    index('report_schedules_scope_idx').on(t.tenantId, t.scopeOrganisationId),
    foreignKey({
      name: 'report_schedules_scope_fk',
      columns: [t.tenantId, t.scopeOrganisationId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'report_schedules_created_by_fk',
      columns: [t.tenantId, t.createdBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    oneOf('report_schedules_frequency_check', t.frequency, scheduleFrequencies),
    oneOf('report_schedules_format_check', t.format, ['xlsx', 'csv']),
    oneOf('report_schedules_language_check', t.language, ['zh', 'en']),
    check(
      'report_schedules_due_check',
      sql`case ${t.frequency}
        when 'monthly' then ${t.dayOfMonth} between 1 and 28 and ${t.weekday} is null
        else ${t.weekday} between 1 and 7 and ${t.dayOfMonth} is null
      end`,
    ),
  ],
);

/**
 * Files officials ask for, produced in the background. A worker leases a row (`for update skip locked` and a
 * lease time), so a restart picks up abandoned work and two workers never run the same job at once. The finished
 * file lives in the blob store; `scope_organisation_id` is the organisation whose officials may download it.
 */
export const exportJobs = pgTable(
  'export_jobs',
  {
    id: primaryId(),
    tenantId: tenantId(),
    kind: text('kind', { enum: exportKinds }).notNull(),
    /** The request as validated (format, language, period …): with `data_as_of` it says which data the file holds. */
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    scopeOrganisationId: uuid('scope_organisation_id').notNull(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    /** Null when a schedule asked for it. */
    requestedBy: uuid('requested_by'),
    scheduleId: uuid('schedule_id'),
    /** The period a schedule produced this for (e.g. `2026-11`): one job per schedule and period, ever. */
    schedulePeriod: text('schedule_period'),
    status: text('status', { enum: exportJobStatuses }).notNull().default('queued'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: timestamptz('lease_until'),
    blobKey: text('blob_key'),
    fileName: text('file_name'),
    contentType: text('content_type'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    dataAsOf: timestamptz('data_as_of'),
    error: text('error'),
    createdAt: createdAt(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [
    index('export_jobs_due_idx').on(t.status, t.leaseUntil),
    index('export_jobs_scope_idx').on(t.tenantId, t.scopeOrganisationId, t.createdAt),
    // Several processes may tick the scheduler at once: the second insert of a run conflicts and does nothing.
    uniqueIndex('export_jobs_schedule_period_key')
      .on(t.scheduleId, t.schedulePeriod)
      .where(sql`${t.scheduleId} is not null`),
    check('export_jobs_schedule_period_check', sql`(${t.scheduleId} is null) = (${t.schedulePeriod} is null)`),
    foreignKey({
      name: 'export_jobs_schedule_fk',
      columns: [t.tenantId, t.scheduleId],
      foreignColumns: [reportSchedules.tenantId, reportSchedules.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'export_jobs_scope_fk',
      columns: [t.tenantId, t.scopeOrganisationId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'export_jobs_requested_by_fk',
      columns: [t.tenantId, t.requestedBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    oneOf('export_jobs_kind_check', t.kind, exportKinds),
    oneOf('export_jobs_status_check', t.status, exportJobStatuses),
    check('export_jobs_progress_check', sql`${t.progressDone} >= 0 and ${t.progressTotal} >= 0`),
  ],
);
