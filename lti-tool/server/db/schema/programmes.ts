import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { abilityCode, abilityCodeCheck, createdAt, oneOf, primaryId, timestamptz, updatedAt } from './columns';
import { organisations } from './organisations';
import { people } from './people';
import { tenantId } from './tenants';

/**
 * A cohort running one version of a programme definition (rules live in code/config, referenced by id +
 * version) over a region, with region- or year-specific parameter overrides (hour split, deadlines…).
 */
export const programmeInstances = pgTable(
  'programme_instances',
  {
    id: primaryId(),
    tenantId: tenantId(),
    definitionId: text('definition_id').notNull(),
    definitionVersion: text('definition_version').notNull(),
    regionOrganisationId: uuid('region_organisation_id').notNull(),
    name: text('name').notNull(),
    startYear: integer('start_year').notNull(),
    endYear: integer('end_year').notNull(),
    batchLabel: text('batch_label'),
    parameterOverrides: jsonb('parameter_overrides').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('programme_instances_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'programme_instances_region_fk',
      columns: [t.tenantId, t.regionOrganisationId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    index('programme_instances_region_organisation_id_idx').on(t.regionOrganisationId),
    check(
      'programme_instances_years_check',
      sql`${t.startYear} between 2000 and 2100 and ${t.endYear} between ${t.startYear} and 2100`,
    ),
    check('programme_instances_overrides_object', sql`jsonb_typeof(${t.parameterOverrides}) = 'object'`),
  ],
);

export const enrolmentStatuses = ['active', 'completed', 'withdrawn'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];

/** A teacher taking part in a programme instance, at a school (and optionally a 教研组). */
export const enrolments = pgTable(
  'enrolments',
  {
    id: primaryId(),
    tenantId: tenantId(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    personId: uuid('person_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    groupId: uuid('group_id'),
    subject: text('subject'),
    /** The school's staff number (工号) of the teacher, from a roster import: matches a teacher without an e-mail. */
    staffNumber: text('staff_number'),
    status: text('status', { enum: enrolmentStatuses }).notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('enrolments_programme_instance_id_person_id_key').on(t.programmeInstanceId, t.personId),
    unique('enrolments_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'enrolments_programme_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'enrolments_person_fk',
      columns: [t.tenantId, t.personId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'enrolments_school_fk',
      columns: [t.tenantId, t.schoolId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'enrolments_group_fk',
      columns: [t.tenantId, t.groupId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    index('enrolments_person_id_idx').on(t.personId),
    index('enrolments_school_id_idx').on(t.schoolId),
    index('enrolments_group_id_idx').on(t.groupId),
    uniqueIndex('enrolments_school_staff_number_key')
      .on(t.programmeInstanceId, t.schoolId, t.staffNumber)
      .where(sql`${t.staffNumber} is not null`),
    oneOf('enrolments_status_check', t.status, enrolmentStatuses),
  ],
);

/**
 * A micro-ability a teacher chose. Withdrawing keeps the row (history); at most one active selection per
 * (enrolment, code), so re-selecting after a withdrawal adds a new row.
 */
export const abilitySelections = pgTable(
  'ability_selections',
  {
    id: primaryId(),
    tenantId: tenantId(),
    enrolmentId: uuid('enrolment_id').notNull(),
    abilityCode: abilityCode().notNull(),
    selectedAt: timestamptz('selected_at').notNull().defaultNow(),
    withdrawnAt: timestamptz('withdrawn_at'),
  },
  (t) => [
    foreignKey({
      name: 'ability_selections_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('cascade'),
    uniqueIndex('ability_selections_active_key')
      .on(t.enrolmentId, t.abilityCode)
      .where(sql`${t.withdrawnAt} is null`),
    // A report of a past period reads the selections held then, withdrawn ones included: the partial index above
    // cannot serve that, and without this one every teacher's read scanned the whole table (20,000 teachers: hours).
    index('ability_selections_enrolment_id_idx').on(t.enrolmentId),
    abilityCodeCheck('ability_selections_ability_code_check', t.abilityCode),
    check(
      'ability_selections_withdrawn_after_selected',
      sql`${t.withdrawnAt} is null or ${t.withdrawnAt} >= ${t.selectedAt}`,
    ),
  ],
);
