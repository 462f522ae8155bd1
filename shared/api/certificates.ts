/** Certificates (结业证书): the teacher's own, the county's list and revocation, and public verification. */
import { z } from 'zod';

export const certificateGrade = z.enum(['pass', 'excellent']);
export const certificateStatus = z.enum(['valid', 'revoked']);

export const myCertificate = z.object({
  /** The engine says the teacher meets the programme (ready to certify or certified, with a grade). */
  eligible: z.boolean(),
  state: z.string(),
  certificate: z
    .object({
      serialNumber: z.string(),
      issuedOn: z.string(),
      hours: z.number(),
      grade: certificateGrade,
      status: certificateStatus,
      verifyUrl: z.string(),
    })
    .nullable(),
});
export type MyCertificate = z.infer<typeof myCertificate>;

export const certificateSummary = z.object({
  id: z.uuid(),
  schoolId: z.uuid(),
  teacherName: z.string(),
  serialNumber: z.string(),
  issuedOn: z.string(),
  hours: z.number(),
  grade: certificateGrade,
  status: certificateStatus,
  revokedOn: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type CertificateSummary = z.infer<typeof certificateSummary>;
/** The certificates in scope, and the scope's schools (for choosing a school's batch). */
export const certificateList = z.object({
  items: z.array(certificateSummary),
  schools: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type CertificateList = z.infer<typeof certificateList>;

export const certificateListQuery = z.strictObject({ schoolId: z.uuid().optional() });

/** Why the county withdraws it: recorded in the audit log and on the certificate. */
export const revokeCertificateBody = z.strictObject({ reason: z.string().trim().min(2).max(500) });
export type RevokeCertificateBody = z.input<typeof revokeCertificateBody>;

/** The token printed on the certificate and in its QR code (base64url, no padding). */
export const verifyParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });

/** Public verification: the name, programme, date and status only. */
export const certificateVerification = z.object({
  name: z.string(),
  programme: z.string(),
  issuedOn: z.string(),
  status: certificateStatus,
  revokedOn: z.string().nullable(),
});
export type CertificateVerification = z.infer<typeof certificateVerification>;
