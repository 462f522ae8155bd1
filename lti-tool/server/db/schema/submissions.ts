import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { abilityCode, abilityCodeCheck, createdAt, oneOf, primaryId, timestamptz, updatedAt } from './columns';
import { enrolments } from './programmes';
import { schoolTasks } from './school-tasks';
import { tenantId } from './tenants';
import { SUBMISSION_WORKFLOW_STATES, type SubmissionWorkflowState } from '../../../../shared/domain/ids';

/** The word list lives in shared/domain/ids.ts so request schemas need not import the database. */
export const submissionStates = SUBMISSION_WORKFLOW_STATES;
export type SubmissionState = SubmissionWorkflowState;

/**
 * A teacher's practice evidence for one micro-ability (optionally answering a school task). `version` is
 * bumped on every write; writers update `where version = $expected` for optimistic concurrency.
 */
export const submissions = pgTable(
  'submissions',
  {
    id: primaryId(),
    tenantId: tenantId(),
    enrolmentId: uuid('enrolment_id').notNull(),
    abilityCode: abilityCode().notNull(),
    taskId: uuid('task_id'),
    state: text('state', { enum: submissionStates }).notNull().default('draft'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    submittedAt: timestamptz('submitted_at'),
    schoolGradedAt: timestamptz('school_graded_at'),
    countyReviewedAt: timestamptz('county_reviewed_at'),
  },
  (t) => [
    unique('submissions_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'submissions_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'submissions_task_fk',
      columns: [t.tenantId, t.taskId],
      foreignColumns: [schoolTasks.tenantId, schoolTasks.id],
    }).onDelete('restrict'),
    index('submissions_enrolment_id_ability_code_idx').on(t.enrolmentId, t.abilityCode),
    index('submissions_task_id_idx').on(t.taskId),
    // Review queues: "submitted work in this tenant, oldest first".
    index('submissions_tenant_id_state_submitted_at_idx').on(t.tenantId, t.state, t.submittedAt),
    oneOf('submissions_state_check', t.state, submissionStates),
    abilityCodeCheck('submissions_ability_code_check', t.abilityCode),
    check('submissions_version_check', sql`${t.version} >= 1`),
  ],
);

export const evidenceKinds = ['document', 'slides', 'video', 'image', 'link', 'text'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/**
 * One piece of evidence filling a slot of the ability's task template. File kinds carry complete file
 * metadata (the object lives in storage under `storage_key`); `link` carries a URL and `text` its text.
 */
export const evidenceItems = pgTable(
  'evidence_items',
  {
    id: primaryId(),
    tenantId: tenantId(),
    submissionId: uuid('submission_id').notNull(),
    slotId: text('slot_id').notNull(),
    kind: text('kind', { enum: evidenceKinds }).notNull(),
    text: text('text'),
    url: text('url'),
    fileSha256: text('file_sha256'),
    fileSizeBytes: bigint('file_size_bytes', { mode: 'number' }),
    fileMime: text('file_mime'),
    fileOriginalName: text('file_original_name'),
    storageKey: text('storage_key'),
    videoDurationSeconds: integer('video_duration_seconds'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('evidence_items_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'evidence_items_submission_fk',
      columns: [t.tenantId, t.submissionId],
      foreignColumns: [submissions.tenantId, submissions.id],
    }).onDelete('cascade'),
    index('evidence_items_submission_id_idx').on(t.submissionId),
    index('evidence_items_tenant_id_file_sha256_idx').on(t.tenantId, t.fileSha256),
    oneOf('evidence_items_kind_check', t.kind, evidenceKinds),
    check(
      'evidence_items_payload_check',
      sql`case ${t.kind}
        when 'text' then ${t.text} is not null and ${t.storageKey} is null
        when 'link' then ${t.url} is not null and ${t.storageKey} is null
        else ${t.storageKey} is not null and ${t.fileSha256} is not null
          and ${t.fileSizeBytes} is not null and ${t.fileMime} is not null
      end`,
    ),
    check('evidence_items_sha256_check', sql`${t.fileSha256} ~ '^[0-9a-f]{64}$'`),
    check('evidence_items_size_check', sql`${t.fileSizeBytes} >= 0`),
    check(
      'evidence_items_video_duration_check',
      sql`${t.videoDurationSeconds} is null or (${t.kind} = 'video' and ${t.videoDurationSeconds} >= 0)`,
    ),
  ],
);
