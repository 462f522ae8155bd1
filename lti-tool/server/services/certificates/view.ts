import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { certificates } from '../../db/schema';
import { DomainError } from '../errors';
import type { Certificate } from './issue';
import type { CertificatePage } from './pdf';
import { chinaDate } from '../exports/china-time';

/** The public verification page of a certificate (no login: anyone holding the printed URL or QR code). */
export const verifyUrl = (publicUrl: string, token: string) => `${publicUrl}/verify/${token}`;

export const pageOf = (c: Certificate, publicUrl: string): CertificatePage => ({
  teacherName: c.teacherName,
  programmeName: c.programmeName,
  issuerName: c.issuerName,
  hours: c.hours,
  grade: c.grade,
  issuedAt: c.issuedAt,
  serialNumber: c.serialNumber,
  verifyUrl: verifyUrl(publicUrl, c.verifyToken),
});

/** The issue date as officials count days: China's calendar. */
const day = chinaDate;

/**
 * What verification shows: only the name, programme, date and status (and the revocation date), never the
 * school, hours, grade or anything else about the person.
 */
export interface Verification {
  name: string;
  programme: string;
  issuedOn: string;
  status: 'valid' | 'revoked';
  revokedOn: string | null;
}

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export async function verifyCertificate(db: Db, token: string): Promise<Verification> {
  if (!TOKEN.test(token)) throw new DomainError('not_found');
  const [c] = await db.select().from(certificates).where(eq(certificates.verifyToken, token));
  if (!c) throw new DomainError('not_found');
  return {
    name: c.teacherName,
    programme: c.programmeName,
    issuedOn: day(c.issuedAt),
    status: c.revokedAt ? 'revoked' : 'valid',
    revokedOn: c.revokedAt ? day(c.revokedAt) : null,
  };
}
