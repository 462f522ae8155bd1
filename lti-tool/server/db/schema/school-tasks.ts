import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { abilityCode, abilityCodeCheck, createdAt, primaryId, updatedAt } from './columns';
import { MAX_HOURS_PER_ENTRY } from './course-completions';
import { organisations } from './organisations';
import { people } from './people';
import { programmeInstances } from './programmes';
import { tenantId } from './tenants';

/** A 校本研修 task a school sets for its teachers within a programme instance. */
export const schoolTasks = pgTable(
  'school_tasks',
  {
    id: primaryId(),
    tenantId: tenantId(),
    schoolId: uuid('school_id').notNull(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    abilityCode: abilityCode(),
    practiceHours: numeric('practice_hours', { precision: 6, scale: 2 }).notNull().default('0'),
    /** A calendar date in China time, not an instant. */
    dueOn: date('due_on'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('school_tasks_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'school_tasks_school_fk',
      columns: [t.tenantId, t.schoolId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'school_tasks_programme_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'school_tasks_created_by_fk',
      columns: [t.tenantId, t.createdBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    index('school_tasks_school_id_programme_instance_id_idx').on(t.schoolId, t.programmeInstanceId),
    index('school_tasks_programme_instance_id_idx').on(t.programmeInstanceId),
    abilityCodeCheck('school_tasks_ability_code_check', t.abilityCode),
    check(
      'school_tasks_practice_hours_check',
      sql`${t.practiceHours} >= 0 and ${t.practiceHours} <= ${sql.raw(String(MAX_HOURS_PER_ENTRY))}`,
    ),
  ],
);
