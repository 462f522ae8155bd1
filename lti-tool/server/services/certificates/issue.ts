import { randomBytes } from 'node:crypto';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, DbTransaction } from '../../db/client';
import { certificates, enrolments, organisations, people, programmeInstances, teacherStatus } from '../../db/schema';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';

export type Certificate = typeof certificates.$inferSelect;

/** The engine's verdict, as the maintained status row holds it: ready or certified, with a teacher-level grade. */
const MEETS = ['ready_to_certify', 'certified'] as const;

/** The issuing body: the programme region's teacher development centre (区县教师发展中心). */
const ISSUER_SUFFIX = '教师发展中心';

/** The enrolments of the given schools that meet the programme, with the status figures a certificate prints. */
export async function eligibleEnrolments(db: Db, tenantId: string, programmeInstanceId: string, schoolIds: string[]) {
  if (schoolIds.length === 0) return [];
  return db
    .select({ enrolmentId: enrolments.id, name: people.displayName })
    .from(teacherStatus)
    .innerJoin(enrolments, eq(enrolments.id, teacherStatus.enrolmentId))
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(teacherStatus.tenantId, tenantId),
        eq(teacherStatus.programmeInstanceId, programmeInstanceId),
        inArray(teacherStatus.schoolId, schoolIds),
        inArray(teacherStatus.state, [...MEETS]),
        ne(enrolments.status, 'withdrawn'),
      ),
    )
    .orderBy(people.displayName);
}

/**
 * The enrolment's certificate, issued now if the teacher meets the programme and has none (idempotent: a second
 * call, or two at once, return the same certificate). Issuing writes an audit entry in the same transaction.
 */
export async function ensureCertificate(db: Db, enrolmentId: string, actor: Actor): Promise<Certificate> {
  const [existing] = await db.select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId));
  if (existing) return existing;
  return db.transaction(async (tx) => {
    // One issuer at a time per tenant: serial numbers are sequential and the enrolment gets one certificate.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'certificates:' + actor.tenantId}))`);
    const [again] = await tx.select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId));
    if (again) return again;
    const facts = await certificateFacts(tx, actor.tenantId, enrolmentId);
    const serialNumber = await nextSerial(tx, actor.tenantId, facts.regionCode);
    const [row] = await tx
      .insert(certificates)
      .values({
        tenantId: actor.tenantId,
        enrolmentId,
        serialNumber,
        hours: facts.hours.toFixed(2),
        grade: facts.grade,
        issuedBy: actor.personId,
        teacherName: facts.teacherName,
        programmeName: facts.programmeName,
        issuerName: facts.issuerName,
        verifyToken: randomBytes(18).toString('base64url'),
      })
      .returning();
    const certificate = row as Certificate;
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      subjectPersonId: facts.personId,
      ...auditActor(actor),
      action: 'certificate.issue',
      entityType: 'certificate',
      entityId: certificate.id,
      after: { ...certificate, verifyToken: undefined },
    });
    return certificate;
  });
}

/** What the certificate will say, from the status row; refused when the teacher does not meet the programme. */
async function certificateFacts(tx: DbTransaction, tenantId: string, enrolmentId: string) {
  const [row] = await tx
    .select({ status: teacherStatus, enrolment: enrolments, name: people.displayName, instance: programmeInstances })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
    .leftJoin(teacherStatus, eq(teacherStatus.enrolmentId, enrolments.id))
    .where(and(eq(enrolments.tenantId, tenantId), eq(enrolments.id, enrolmentId)));
  if (!row) throw new DomainError('not_found');
  const status = row.status;
  const meets = status && (MEETS as readonly string[]).includes(status.state) && status.grade;
  if (!meets || row.enrolment.status === 'withdrawn' || !status.grade) {
    throw new DomainError('certificate_not_eligible', { state: status?.state ?? 'not_started' });
  }
  const [region] = await tx.select().from(organisations).where(eq(organisations.id, row.instance.regionOrganisationId));
  return {
    personId: row.enrolment.personId,
    teacherName: row.name,
    programmeName: row.instance.name,
    issuerName: `${region?.name ?? ''}${ISSUER_SUFFIX}`,
    regionCode: region?.code ?? 'CERT',
    hours: (status.onlineMinutes + status.practiceMinutes) / 60,
    grade: status.grade,
  };
}

/** REGION-YEAR-000001: sequential per tenant and year (the caller holds the tenant's issuing lock). */
async function nextSerial(tx: DbTransaction, tenantId: string, regionCode: string): Promise<string> {
  const year = new Date().getUTCFullYear();
  const prefix = `${regionCode.replace(/[^A-Za-z0-9-]/g, '')}-${year}-`;
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(certificates)
    .where(and(eq(certificates.tenantId, tenantId), sql`${certificates.serialNumber} like ${prefix + '%'}`));
  return `${prefix}${String((row?.n ?? 0) + 1).padStart(6, '0')}`;
}
