import { PassThrough } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import { certificates } from '../../db/schema';
import type { Actor } from '../actor';
import { DomainError } from '../errors';
import { MAX_FILE_BYTES, type ProduceInput, type Produced } from '../exports/produce';
import { schoolsOf } from '../exports/scope';
import { eligibleEnrolments, ensureCertificate } from './issue';
import { writeCertificatesPdf } from './pdf';
import { pageOf } from './view';

/**
 * A school's certificates as one PDF: every teacher who meets the programme gets one (issued now if needed, each
 * issue audited); revoked certificates are left out.
 */
export async function produceCertificates(input: ProduceInput<'certificates'>): Promise<Produced> {
  const { db, params } = input;
  const schools = await schoolsOf(db, { tenantId: input.tenantId, organisation: input.organisation });
  const school = schools.find((s) => s.id === params.schoolId);
  if (!school) throw new DomainError('not_found', { field: 'schoolId' });
  const actor: Actor = {
    tenantId: input.tenantId,
    personId: input.requestedBy,
    roles: [],
    label: 'system:export-job',
    client: 'system',
    requestId: null,
  };
  const eligible = await eligibleEnrolments(db, input.tenantId, input.programmeInstanceId, [school.id]);
  for (const [i, e] of eligible.entries()) {
    await ensureCertificate(db, e.enrolmentId, actor);
    await input.progress(i + 1, eligible.length);
  }
  const rows =
    eligible.length === 0
      ? []
      : await db
          .select()
          .from(certificates)
          .where(
            and(
              eq(certificates.tenantId, input.tenantId),
              inArray(
                certificates.enrolmentId,
                eligible.map((e) => e.enrolmentId),
              ),
            ),
          );
  const valid = rows
    .filter((c) => !c.revokedAt)
    .sort(
      (a, b) => a.teacherName.localeCompare(b.teacherName, 'zh-CN') || a.serialNumber.localeCompare(b.serialNumber),
    );
  const pipe = new PassThrough();
  const stored = input.storage.put(pipe, { maxBytes: MAX_FILE_BYTES });
  await writeCertificatesPdf(
    pipe,
    valid.map((c) => pageOf(c, input.publicUrl)),
  );
  return { object: await stored, fileName: `结业证书_${school.name}.pdf`, contentType: 'application/pdf' };
}
