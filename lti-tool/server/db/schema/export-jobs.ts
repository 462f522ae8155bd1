import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz } from './columns';
import { organisations } from './organisations';
import { people } from './people';
import { tenantId } from './tenants';

export const exportKinds = ['progress_report', 'certificates'] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportJobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type ExportJobStatus = (typeof exportJobStatuses)[number];

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
