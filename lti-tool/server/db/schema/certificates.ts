import { sql } from 'drizzle-orm';
import { check, foreignKey, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz } from './columns';
import { people } from './people';
import { enrolments } from './programmes';
import { tenantId } from './tenants';

/** Only passing grades are certified. */
export const certificateGrades = ['excellent', 'pass'] as const;
export type CertificateGrade = (typeof certificateGrades)[number];

/**
 * The completion certificate for one enrolment; serial numbers are unique per tenant. What the PDF prints (name,
 * programme, issuer) is kept as issued, so a reprint is the same certificate. `verify_token` is the unguessable
 * part of the public verification URL (the serial is sequential, so it cannot be the key). A revoked certificate
 * stays, with who, when and why: verification then says "revoked".
 */
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
    teacherName: text('teacher_name').notNull(),
    programmeName: text('programme_name').notNull(),
    issuerName: text('issuer_name').notNull(),
    verifyToken: text('verify_token').notNull(),
    revokedAt: timestamptz('revoked_at'),
    revokedBy: uuid('revoked_by'),
    revokeReason: text('revoke_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('certificates_enrolment_id_key').on(t.enrolmentId),
    unique('certificates_tenant_id_serial_number_key').on(t.tenantId, t.serialNumber),
    unique('certificates_verify_token_key').on(t.verifyToken),
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
    foreignKey({
      name: 'certificates_revoked_by_fk',
      columns: [t.tenantId, t.revokedBy],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    oneOf('certificates_grade_check', t.grade, certificateGrades),
    check('certificates_revoked_check', sql`(${t.revokedAt} is null) = (${t.revokeReason} is null)`),
    check('certificates_hours_check', sql`${t.hours} > 0`),
  ],
);
