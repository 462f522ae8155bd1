import { and, eq, inArray } from 'drizzle-orm';
import type { CertificateSummary } from '../../../../shared/api/certificates';
import type { Db } from '../../db/client';
import { certificates, enrolments } from '../../db/schema';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import { schoolsOf, type ExportScope } from '../exports/scope';
import type { Certificate } from './issue';
import { chinaDate } from '../exports/china-time';

/** The issue date as officials count days: China's calendar. */
const day = chinaDate;

function summary(c: Certificate, schoolId: string): CertificateSummary {
  return {
    id: c.id,
    schoolId,
    teacherName: c.teacherName,
    serialNumber: c.serialNumber,
    issuedOn: day(c.issuedAt),
    hours: Number(c.hours),
    grade: c.grade,
    status: c.revokedAt ? 'revoked' : 'valid',
    revokedOn: c.revokedAt ? day(c.revokedAt) : null,
    revokeReason: c.revokeReason,
  };
}

/** Certificates of the scope's schools (or one of them) in its programme, by teacher name. */
export async function listCertificates(db: Db, scope: ExportScope, schoolId?: string): Promise<CertificateSummary[]> {
  const schools = (await schoolsOf(db, scope)).filter((s) => !schoolId || s.id === schoolId);
  if (schoolId && schools.length === 0) throw new DomainError('not_found', { field: 'schoolId' });
  if (schools.length === 0) return [];
  const rows = await db
    .select({ certificate: certificates, schoolId: enrolments.schoolId })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(
      and(
        eq(certificates.tenantId, scope.tenantId),
        eq(enrolments.programmeInstanceId, scope.programmeInstanceId),
        inArray(
          enrolments.schoolId,
          schools.map((s) => s.id),
        ),
      ),
    )
    .limit(5000);
  return rows
    .map((r) => summary(r.certificate, r.schoolId))
    .sort((a, b) => a.teacherName.localeCompare(b.teacherName, 'zh-CN'));
}

/**
 * The county withdraws a certificate (found to rest on plagiarised evidence, say): kept, marked revoked with who,
 * when and why, audited on the teacher's record. Verification says "revoked" from then on. Revoking again is a
 * no-op that returns the same state, so a retried request is harmless.
 */
export async function revokeCertificate(
  db: Db,
  scope: ExportScope,
  actor: Actor,
  id: string,
  reason: string,
): Promise<CertificateSummary> {
  const schoolIds = (await schoolsOf(db, scope)).map((s) => s.id);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ certificate: certificates, enrolment: enrolments })
      .from(certificates)
      .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
      .where(and(eq(certificates.tenantId, scope.tenantId), eq(certificates.id, id)))
      .for('update');
    // Another county's (or programme's) certificate is "not found": ids leak nothing.
    if (
      !row ||
      row.enrolment.programmeInstanceId !== scope.programmeInstanceId ||
      !schoolIds.includes(row.enrolment.schoolId)
    ) {
      throw new DomainError('not_found');
    }
    if (row.certificate.revokedAt) return summary(row.certificate, row.enrolment.schoolId);
    const [updated] = await tx
      .update(certificates)
      .set({ revokedAt: new Date(), revokedBy: actor.personId, revokeReason: reason })
      .where(eq(certificates.id, id))
      .returning();
    const after = updated as Certificate;
    await recordAudit(tx, {
      tenantId: scope.tenantId,
      subjectPersonId: row.enrolment.personId,
      ...auditActor(actor),
      action: 'certificate.revoke',
      entityType: 'certificate',
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: after.revokedAt, revokeReason: reason, serialNumber: after.serialNumber },
    });
    return summary(after, row.enrolment.schoolId);
  });
}
