import { sql } from 'drizzle-orm';
import { check, foreignKey, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz } from './columns';
import { people } from './people';
import { enrolments } from './programmes';
import { tenantId } from './tenants';

/** Only passing grades are certified. */
export const certificateGrades = ['excellent', 'pass'] as const;
export type CertificateGrade = (typeof certificateGrades)[number];

/** The completion certificate for one enrolment; serial numbers are unique per tenant. */
export const certificates = pgTable(
  'certificates',
  {
    id: primaryId(),
    tenantId: tenantId(),
    enrolmentId: uuid('enrolment_id').notNull(),
    serialNumber: text('serial_number').notNull(),
    issuedAt: timestamptz('issued_at').notNull().defaultNow(),
    hours: numeric('hours', { precision: 6, scale: 2 }).notNull(),
    grade: text('grade', { enum: certificateGrades }).notNull(),
    /** Null when issued by the system (batch issuance after county certification). */
    issuedBy: uuid('issued_by'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('certificates_enrolment_id_key').on(t.enrolmentId),
    unique('certificates_tenant_id_serial_number_key').on(t.tenantId, t.serialNumber),
    foreignKey({
      name: 'certificates_enrolment_fk',
      columns: [t.tenantId, t.enrolmentId],
      foreignColumns: [enrolments.tenantId, enrolments.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'certificates_issued_by_fk',
      columns: [t.tenantId, t.issuedBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    oneOf('certificates_grade_check', t.grade, certificateGrades),
    check('certificates_hours_check', sql`${t.hours} > 0`),
  ],
);
