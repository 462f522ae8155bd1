import { eq } from 'drizzle-orm';
import type { MyCertificate } from '../../../../shared/api/certificates';
import type { Db } from '../../db/client';
import { certificates, teacherStatus } from '../../db/schema';
import type { Actor } from '../actor';
import { DomainError } from '../errors';
import { ensureCertificate, type Certificate } from './issue';
import { verifyUrl } from './view';
import { chinaDate } from '../exports/china-time';

/** The issue date as officials count days: China's calendar. */
const day = chinaDate;

/** A teacher's own certificate, or why there is none yet (the engine's state). */
export async function myCertificate(db: Db, enrolmentId: string, publicUrl: string): Promise<MyCertificate> {
  const [status] = await db.select().from(teacherStatus).where(eq(teacherStatus.enrolmentId, enrolmentId));
  const [c] = await db.select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId));
  const eligible = !!status?.grade && (status.state === 'ready_to_certify' || status.state === 'certified');
  return {
    eligible,
    state: status?.state ?? 'not_started',
    certificate: c
      ? {
          serialNumber: c.serialNumber,
          issuedOn: day(c.issuedAt),
          hours: Number(c.hours),
          grade: c.grade,
          status: c.revokedAt ? 'revoked' : 'valid',
          verifyUrl: verifyUrl(publicUrl, c.verifyToken),
        }
      : null,
  };
}

/** The certificate to print for the teacher: issued on first download; a revoked one is refused. */
export async function certificateToPrint(db: Db, enrolmentId: string, actor: Actor): Promise<Certificate> {
  const c = await ensureCertificate(db, enrolmentId, actor);
  if (c.revokedAt) throw new DomainError('certificate_revoked');
  return c;
}
