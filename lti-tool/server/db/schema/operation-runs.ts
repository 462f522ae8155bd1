import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId } from './columns';
import { tenantId } from './tenants';

export const operationKinds = ['roster_sync', 'completion_import', 'org_import'] as const;
export type OperationKind = (typeof operationKinds)[number];
export const operationStatuses = ['ok', 'partial', 'failed'] as const;
export type OperationStatus = (typeof operationStatuses)[number];

/**
 * One roster sync or import as the administrator's "deliveries and failures" screen lists it: what ran, on what,
 * how it ended (a short error code when it failed) and under which request id, so a log line can be found from it.
 * Ids and counts only; the import's own report stays where the import keeps it.
 */
export const operationRuns = pgTable(
  'operation_runs',
  {
    id: primaryId(),
    tenantId: tenantId(),
    kind: text('kind', { enum: operationKinds }).notNull(),
    status: text('status', { enum: operationStatuses }).notNull(),
    /** The course (roster sync), completion source or file name (imports) the run was about. */
    target: text('target').notNull(),
    platformId: uuid('platform_id'),
    errorCode: text('error_code'),
    rows: integer('rows'),
    counts: jsonb('counts').$type<Record<string, number | boolean>>().notNull().default({}),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('operation_runs_kind_check', t.kind, operationKinds),
    oneOf('operation_runs_status_check', t.status, operationStatuses),
    check('operation_runs_target_check', sql`char_length(${t.target}) between 1 and 300`),
    check('operation_runs_counts_object', sql`jsonb_typeof(${t.counts}) = 'object'`),
    index('operation_runs_tenant_id_created_at_idx').on(t.tenantId, t.createdAt),
  ],
);
