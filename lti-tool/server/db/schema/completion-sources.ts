import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz, updatedAt } from './columns';
import { platforms } from './lti-registrations';
import { people } from './people';
import { programmeInstances } from './programmes';
import { tenantId } from './tenants';
import { COMPLETION_SOURCE_KINDS, COMPLETION_SOURCE_STATUSES } from '../../../../shared/api/completions';

/** The feeds a completion can come from; `manual` completions have no source row. */
export const completionSourceFeedKinds = COMPLETION_SOURCE_KINDS;
export type CompletionSourceFeedKind = (typeof completionSourceFeedKinds)[number];

export const completionSourceStatuses = COMPLETION_SOURCE_STATUSES;

/**
 * A platform or file feed that reports course completions for one tenant: an LMS's export files, an xAPI plugin,
 * a platform server calling the REST API, or LTI. API and xAPI sources authenticate with a credential whose public
 * id is globally unique (it finds the source, hence the tenant) and whose secret is stored only as a hash.
 * `column_mapping` is the file layout last confirmed for this source (remembered between imports).
 */
export const completionSources = pgTable(
  'completion_sources',
  {
    id: primaryId(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    kind: text('kind', { enum: completionSourceFeedKinds }).notNull(),
    /** The cohort its completions belong to, when a person has several enrolments. */
    programmeInstanceId: uuid('programme_instance_id'),
    /** The LMS whose LTI user ids (`sub`) identify teachers in this feed. */
    platformId: uuid('platform_id'),
    credentialId: text('credential_id'),
    /** `sha256:<base64url>` of the secret (32 random bytes, so a fast hash is enough). */
    credentialHash: text('credential_hash'),
    columnMapping: jsonb('column_mapping').$type<Record<string, unknown>>().notNull().default({}),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: completionSourceStatuses }).notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('completion_sources_tenant_id_name_key').on(t.tenantId, t.name),
    unique('completion_sources_tenant_id_id_key').on(t.tenantId, t.id),
    unique('completion_sources_credential_id_key').on(t.credentialId),
    foreignKey({
      name: 'completion_sources_programme_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'completion_sources_platform_fk',
      columns: [t.tenantId, t.platformId],
      foreignColumns: [platforms.tenantId, platforms.id],
    }).onDelete('restrict'),
    oneOf('completion_sources_kind_check', t.kind, completionSourceFeedKinds),
    oneOf('completion_sources_status_check', t.status, completionSourceStatuses),
    check('completion_sources_name_check', sql`char_length(${t.name}) between 1 and 100`),
    check('completion_sources_credential_check', sql`(${t.credentialId} is null) = (${t.credentialHash} is null)`),
    check('completion_sources_mapping_object', sql`jsonb_typeof(${t.columnMapping}) = 'object'`),
    check('completion_sources_settings_object', sql`jsonb_typeof(${t.settings}) = 'object'`),
  ],
);

/** One file import: the evidence behind the completions it created (their provenance points here). */
export const completionImports = pgTable(
  'completion_imports',
  {
    id: primaryId(),
    tenantId: tenantId(),
    sourceId: uuid('source_id').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    format: text('format').notNull(),
    rowsTotal: integer('rows_total').notNull(),
    completionsCreated: integer('completions_created').notNull(),
    report: jsonb('report').$type<Record<string, unknown>>().notNull().default({}),
    recordedByPersonId: uuid('recorded_by_person_id'),
    recordedBySystem: text('recorded_by_system'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('completion_imports_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'completion_imports_source_fk',
      columns: [t.tenantId, t.sourceId],
      foreignColumns: [completionSources.tenantId, completionSources.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'completion_imports_recorded_by_fk',
      columns: [t.tenantId, t.recordedByPersonId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    index('completion_imports_source_id_idx').on(t.sourceId),
    check('completion_imports_recorder_check', sql`num_nonnulls(${t.recordedByPersonId}, ${t.recordedBySystem}) = 1`),
  ],
);

/**
 * xAPI statements as received, idempotent by statement id within a tenant. A voiding statement is stored like any
 * other; the statement it voids is found by `voided_statement_id`.
 */
export const xapiStatements = pgTable(
  'xapi_statements',
  {
    id: primaryId(),
    tenantId: tenantId(),
    sourceId: uuid('source_id').notNull(),
    statementId: uuid('statement_id').notNull(),
    verb: text('verb').notNull(),
    objectId: text('object_id').notNull(),
    voidedStatementId: uuid('voided_statement_id'),
    /** What happened to it: credited, duplicate, ignored (verb or activity), voided-target, rejected … */
    outcome: text('outcome').notNull(),
    statement: jsonb('statement').$type<Record<string, unknown>>().notNull(),
    storedAt: timestamptz('stored_at').notNull().defaultNow(),
  },
  (t) => [
    unique('xapi_statements_tenant_id_statement_id_key').on(t.tenantId, t.statementId),
    foreignKey({
      name: 'xapi_statements_source_fk',
      columns: [t.tenantId, t.sourceId],
      foreignColumns: [completionSources.tenantId, completionSources.id],
    }).onDelete('restrict'),
    index('xapi_statements_voided_statement_id_idx').on(t.voidedStatementId),
  ],
);
