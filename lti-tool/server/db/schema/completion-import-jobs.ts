import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { IMPORT_JOB_ERROR_CODES, IMPORT_JOB_STATUSES } from '../../../../shared/api/import-jobs';
import { auditClients } from './audit-log';
import { createdAt, oneOf, primaryId, timestamptz } from './columns';
import { completionSources } from './completion-sources';
import { people } from './people';
import { tenantId } from './tenants';

export const importJobStatuses = IMPORT_JOB_STATUSES;

/**
 * A large completion file's import (or preview), run in the background. The upload is stored under the job's own
 * key (`blob_key`, removed when the job ends); a worker leases the row (`for update skip locked`, `lease_until`), so
 * a restart picks up abandoned work and two workers never run it at once. The import itself is one transaction:
 * a run cut off wrote nothing, and a run again of a file already imported finds it "unchanged".
 */
export const completionImportJobs = pgTable(
  'completion_import_jobs',
  {
    id: primaryId(),
    tenantId: tenantId(),
    sourceId: uuid('source_id').notNull(),
    /** The administrator who uploaded: the import's writes and their audit events are theirs. */
    requestedBy: uuid('requested_by').notNull(),
    actorLabel: text('actor_label').notNull(),
    client: text('client', { enum: auditClients }).notNull(),
    /** The upload's request id, carried into the import's log line, audit events and operation run. */
    requestId: text('request_id'),
    fileName: text('file_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    dryRun: boolean('dry_run').notNull(),
    /** The upload's mapping override (validated), or null. */
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    /** The stored file until the job ends (`jobs/<id>`), then null. */
    blobKey: text('blob_key'),
    status: text('status', { enum: importJobStatuses }).notNull().default('queued'),
    rowsDone: integer('rows_done').notNull().default(0),
    rowsTotal: integer('rows_total'),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: timestamptz('lease_until'),
    report: jsonb('report').$type<Record<string, unknown>>(),
    error: text('error', { enum: IMPORT_JOB_ERROR_CODES }),
    createdAt: createdAt(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [
    index('completion_import_jobs_due_idx').on(t.status, t.leaseUntil),
    index('completion_import_jobs_source_idx').on(t.tenantId, t.sourceId, t.createdAt),
    foreignKey({
      name: 'completion_import_jobs_source_fk',
      columns: [t.tenantId, t.sourceId],
      foreignColumns: [completionSources.tenantId, completionSources.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'completion_import_jobs_requested_by_fk',
      columns: [t.tenantId, t.requestedBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    oneOf('completion_import_jobs_status_check', t.status, importJobStatuses),
    oneOf('completion_import_jobs_error_check', t.error, IMPORT_JOB_ERROR_CODES),
    oneOf('completion_import_jobs_client_check', t.client, auditClients),
    check('completion_import_jobs_progress_check', sql`${t.rowsDone} >= 0 and coalesce(${t.rowsTotal}, 0) >= 0`),
    check('completion_import_jobs_mapping_object', sql`${t.mapping} is null or jsonb_typeof(${t.mapping}) = 'object'`),
  ],
);
