import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz } from './columns';
import { hoursCategories } from './hours-ledger';
import { organisations } from './organisations';
import { people } from './people';
import { enrolments, programmeInstances } from './programmes';
import { tenantId } from './tenants';

/**
 * The county's cross-year allocation (跨年度学时分配): the share (percent) of a teacher's counted hours that the
 * continuing-education registry records in each school year of the programme. One per county and programme.
 */
export const hoursAllocations = pgTable(
  'hours_allocations',
  {
    id: primaryId(),
    tenantId: tenantId(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    countyId: uuid('county_id').notNull(),
    /** {"2021": 30, "2022": 50, "2023": 20}: whole percents summing to 100. */
    shares: jsonb('shares').$type<Record<string, number>>().notNull(),
    setBy: uuid('set_by'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('hours_allocations_scope_key').on(t.tenantId, t.programmeInstanceId, t.countyId),
    foreignKey({
      name: 'hours_allocations_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'hours_allocations_county_fk',
      columns: [t.tenantId, t.countyId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
  ],
);

export const hoursRegistrationStatuses = ['prepared', 'submitted', 'returned', 'locked'] as const;
export type HoursRegistrationStatus = (typeof hoursRegistrationStatuses)[number];
export const registryIdSources = ['email', 'platform_user_id'] as const;

/**
 * One registration (学时登记) of a county's teachers for the registry: the institution prepares and submits, the
 * county returns it with reasons or locks it. A locked one never changes (a trigger refuses it); a correction is a
 * new registration (`corrects_id`) the county must lock again.
 */
export const hoursRegistrations = pgTable(
  'hours_registrations',
  {
    id: primaryId(),
    tenantId: tenantId(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    countyId: uuid('county_id').notNull(),
    /** 1, 2, …: each correction after a lock is the next version. */
    version: integer('version').notNull(),
    correctsId: uuid('corrects_id'),
    status: text('status', { enum: hoursRegistrationStatuses }).notNull().default('prepared'),
    /** The registry's id column: its header (身份证号, 教师编号 …) and which identifier fills it. */
    idHeader: text('id_header').notNull(),
    idSource: text('id_source', { enum: registryIdSources }).notNull(),
    /** The allocation the rows were computed with (copied, so a later change does not alter this registration). */
    shares: jsonb('shares').$type<Record<string, number>>().notNull(),
    preparedBy: uuid('prepared_by'),
    preparedAt: timestamptz('prepared_at').notNull().defaultNow(),
    submittedBy: uuid('submitted_by'),
    submittedAt: timestamptz('submitted_at'),
    auditedBy: uuid('audited_by'),
    auditedAt: timestamptz('audited_at'),
    returnReason: text('return_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('hours_registrations_tenant_id_id_key').on(t.tenantId, t.id),
    unique('hours_registrations_version_key').on(t.tenantId, t.programmeInstanceId, t.countyId, t.version),
    foreignKey({
      name: 'hours_registrations_county_fk',
      columns: [t.tenantId, t.countyId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'hours_registrations_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'hours_registrations_prepared_by_fk',
      columns: [t.tenantId, t.preparedBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    oneOf('hours_registrations_status_check', t.status, hoursRegistrationStatuses),
    oneOf('hours_registrations_id_source_check', t.idSource, registryIdSources),
    check('hours_registrations_version_check', sql`${t.version} >= 1`),
  ],
);

/** A registration's lines: per teacher, school year and category, the hours after the allocation. */
export const hoursRegistrationRows = pgTable(
  'hours_registration_rows',
  {
    id: primaryId(),
    tenantId: tenantId(),
    registrationId: uuid('registration_id').notNull(),
    enrolmentId: uuid('enrolment_id').notNull(),
    registryId: text('registry_id').notNull(),
    teacherName: text('teacher_name').notNull(),
    schoolName: text('school_name').notNull(),
    schoolYear: integer('school_year').notNull(),
    category: text('category', { enum: hoursCategories }).notNull(),
    hours: numeric('hours', { precision: 6, scale: 2 }).notNull(),
  },
  (t) => [
    index('hours_registration_rows_registration_idx').on(t.registrationId),
    foreignKey({
      name: 'hours_registration_rows_registration_fk',
      columns: [t.tenantId, t.registrationId],
      foreignColumns: [hoursRegistrations.tenantId, hoursRegistrations.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'hours_registration_rows_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('restrict'),
    oneOf('hours_registration_rows_category_check', t.category, hoursCategories),
    check('hours_registration_rows_hours_check', sql`${t.hours} >= 0`),
  ],
);
