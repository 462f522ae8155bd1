import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz, updatedAt } from './columns';
import { organisations } from './organisations';
import { people } from './people';
import { programmeInstances } from './programmes';
import { tenantId } from './tenants';

/** 学校信息化发展规划, 校本研修方案 (with its theme), a 教研组's research plan. */
export const schoolArtefactKinds = ['development_plan', 'research_plan', 'group_plan'] as const;
export type SchoolArtefactKind = (typeof schoolArtefactKinds)[number];

/** draft: versions uploaded, none waiting; submitted: one version waits for the county; returned / approved. */
export const schoolArtefactStatuses = ['draft', 'submitted', 'returned', 'approved'] as const;
export type SchoolArtefactStatus = (typeof schoolArtefactStatuses)[number];

/**
 * A school's artefact in a programme instance: one per school and kind (and group, for group plans). The school
 * team uploads versions and submits one; the county approves it or returns it with a reason.
 */
export const schoolArtefacts = pgTable(
  'school_artefacts',
  {
    id: primaryId(),
    tenantId: tenantId(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    kind: text('kind', { enum: schoolArtefactKinds }).notNull(),
    /** The 教研组 of a group plan; null for the school's own plans. */
    groupId: uuid('group_id'),
    /** 校本研修主题 of a research plan (copied into each version when it is uploaded). */
    theme: text('theme'),
    status: text('status', { enum: schoolArtefactStatuses }).notNull().default('draft'),
    submittedVersionId: uuid('submitted_version_id'),
    submittedBy: uuid('submitted_by'),
    submittedAt: timestamptz('submitted_at'),
    /** The version the county approved last: it stays approved while a newer one is drafted or reviewed. */
    approvedVersionId: uuid('approved_version_id'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamptz('decided_at'),
    returnReason: text('return_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('school_artefacts_tenant_id_id_key').on(t.tenantId, t.id),
    uniqueIndex('school_artefacts_one_per_kind_key').on(
      t.tenantId,
      t.programmeInstanceId,
      t.schoolId,
      t.kind,
      sql`coalesce(${t.groupId}, ${t.schoolId})`,
    ),
    foreignKey({
      name: 'school_artefacts_school_fk',
      columns: [t.tenantId, t.schoolId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'school_artefacts_group_fk',
      columns: [t.tenantId, t.groupId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'school_artefacts_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    index('school_artefacts_instance_school_idx').on(t.programmeInstanceId, t.schoolId),
    index('school_artefacts_instance_status_idx').on(t.programmeInstanceId, t.status),
    oneOf('school_artefacts_kind_check', t.kind, schoolArtefactKinds),
    oneOf('school_artefacts_status_check', t.status, schoolArtefactStatuses),
    check('school_artefacts_group_check', sql`(${t.kind} = 'group_plan') = (${t.groupId} is not null)`),
    check('school_artefacts_theme_check', sql`${t.theme} is null or char_length(${t.theme}) <= 200`),
    check('school_artefacts_submitted_check', sql`${t.status} <> 'submitted' or ${t.submittedVersionId} is not null`),
    check('school_artefacts_returned_check', sql`${t.status} <> 'returned' or ${t.returnReason} is not null`),
  ],
);

/** One uploaded file of an artefact. Append-only in practice: a change is a new version. */
export const schoolArtefactVersions = pgTable(
  'school_artefact_versions',
  {
    id: primaryId(),
    tenantId: tenantId(),
    artefactId: uuid('artefact_id').notNull(),
    version: integer('version').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    mime: text('mime').notNull(),
    originalName: text('original_name').notNull(),
    theme: text('theme'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('school_artefact_versions_tenant_id_id_key').on(t.tenantId, t.id),
    unique('school_artefact_versions_version_key').on(t.artefactId, t.version),
    foreignKey({
      name: 'school_artefact_versions_artefact_fk',
      columns: [t.tenantId, t.artefactId],
      foreignColumns: [schoolArtefacts.tenantId, schoolArtefacts.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'school_artefact_versions_uploaded_by_fk',
      columns: [t.tenantId, t.uploadedBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    check('school_artefact_versions_version_check', sql`${t.version} >= 1`),
    check('school_artefact_versions_size_check', sql`${t.sizeBytes} >= 0`),
  ],
);
