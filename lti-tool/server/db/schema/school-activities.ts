import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  foreignKey,
  index,
  numeric,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz, updatedAt } from './columns';
import { MAX_HOURS_PER_ENTRY } from './course-completions';
import { organisations } from './organisations';
import { people } from './people';
import { enrolments, programmeInstances } from './programmes';
import { tenantId } from './tenants';

/**
 * A 校本研修活动 the school team records: when, what, who organised it, for which 教研组 (or the whole school), and
 * the practice hours attending carries (credited only where the programme's `practiceCredit.fromActivities` says).
 */
export const schoolActivities = pgTable(
  'school_activities',
  {
    id: primaryId(),
    tenantId: tenantId(),
    programmeInstanceId: uuid('programme_instance_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    groupId: uuid('group_id'),
    /** A calendar date in China time. */
    heldOn: date('held_on').notNull(),
    topic: text('topic').notNull(),
    organiser: text('organiser').notNull(),
    practiceHours: numeric('practice_hours', { precision: 6, scale: 2 }).notNull().default('0'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('school_activities_tenant_id_id_key').on(t.tenantId, t.id),
    // The same topic on the same day at one school is one activity: a retried create finds it.
    unique('school_activities_natural_key').on(t.tenantId, t.programmeInstanceId, t.schoolId, t.heldOn, t.topic),
    foreignKey({
      name: 'school_activities_school_fk',
      columns: [t.tenantId, t.schoolId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'school_activities_group_fk',
      columns: [t.tenantId, t.groupId],
      foreignColumns: [organisations.tenantId, organisations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'school_activities_instance_fk',
      columns: [t.tenantId, t.programmeInstanceId],
      foreignColumns: [programmeInstances.tenantId, programmeInstances.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'school_activities_created_by_fk',
      columns: [t.tenantId, t.createdBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    index('school_activities_instance_school_idx').on(t.programmeInstanceId, t.schoolId, t.heldOn),
    check('school_activities_topic_check', sql`char_length(${t.topic}) between 1 and 200`),
    check('school_activities_organiser_check', sql`char_length(${t.organiser}) between 1 and 100`),
    check(
      'school_activities_hours_check',
      sql`${t.practiceHours} >= 0 and ${t.practiceHours} <= ${sql.raw(String(MAX_HOURS_PER_ENTRY))}`,
    ),
  ],
);

/** Who attended: one live row per teacher (enrolment); a removal keeps the row with `removed_at` for history. */
export const schoolActivityAttendance = pgTable(
  'school_activity_attendance',
  {
    id: primaryId(),
    tenantId: tenantId(),
    activityId: uuid('activity_id').notNull(),
    enrolmentId: uuid('enrolment_id').notNull(),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
    removedAt: timestamptz('removed_at'),
    removedBy: uuid('removed_by'),
  },
  (t) => [
    foreignKey({
      name: 'school_activity_attendance_activity_fk',
      columns: [t.tenantId, t.activityId],
      foreignColumns: [schoolActivities.tenantId, schoolActivities.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'school_activity_attendance_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('restrict'),
    uniqueIndex('school_activity_attendance_live_key')
      .on(t.activityId, t.enrolmentId)
      .where(sql`${t.removedAt} is null`),
    index('school_activity_attendance_enrolment_idx').on(t.enrolmentId),
  ],
);

export const schoolActivityFileKinds = ['minutes', 'photo'] as const;
export type SchoolActivityFileKind = (typeof schoolActivityFileKinds)[number];

/** The activity's minutes (会议纪要) and photos, in the blob store by hash. */
export const schoolActivityFiles = pgTable(
  'school_activity_files',
  {
    id: primaryId(),
    tenantId: tenantId(),
    activityId: uuid('activity_id').notNull(),
    kind: text('kind', { enum: schoolActivityFileKinds }).notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    mime: text('mime').notNull(),
    originalName: text('original_name').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'school_activity_files_activity_fk',
      columns: [t.tenantId, t.activityId],
      foreignColumns: [schoolActivities.tenantId, schoolActivities.id],
    }).onDelete('cascade'),
    // The same bytes twice (a retried upload) are one file.
    unique('school_activity_files_same_bytes_key').on(t.activityId, t.kind, t.sha256),
    oneOf('school_activity_files_kind_check', t.kind, schoolActivityFileKinds),
  ],
);
