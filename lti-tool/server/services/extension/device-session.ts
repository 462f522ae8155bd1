import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { enrolments, extDevices, organisations } from '../../db/schema';
import { DomainError } from '../errors';
import { auditActor, type LaunchActor } from '../actor';
import type { AuditActor } from '../audit';
import { courseLinkOf, type Organisation } from '../teacher-journey/course-link';
import type { Enrolled } from '../teacher-journey/editing';
import type { LaunchRole } from '../tool-roles';
import type { DeviceRow } from './refresh';
import type { AccessTokenSigner } from './signing';

/** The device an access token names, if it is still connected and belongs to the token's tenant and person. */
export async function deviceOfAccessToken(db: Db, signer: AccessTokenSigner, token: string, now = new Date()) {
  const claims = await signer.verify(token, now);
  if (!claims) return undefined;
  const [device] = await db
    .select()
    .from(extDevices)
    .where(
      and(eq(extDevices.id, claims.did), eq(extDevices.tenantId, claims.tid), eq(extDevices.personId, claims.sub)),
    );
  if (!device || device.revokedAt) return undefined;
  return device;
}

/** The teacher a device acts for, in the launch it was paired from (the pairing stands for the launch). */
export function actorOfDevice(device: DeviceRow, requestId: string | undefined): LaunchActor {
  return {
    tenantId: device.tenantId,
    personId: device.personId,
    roles: device.toolRoles as LaunchRole[],
    label: `lti:${device.launchUserId}`,
    client: 'extension',
    requestId: requestId ?? null,
    launch: {
      platformId: device.platformId,
      deploymentId: device.deploymentId,
      contextId: device.contextId,
      resourceLinkId: null,
      userId: device.launchUserId,
      custom: {},
      at: device.createdAt,
    },
  };
}

export function extensionActor(device: DeviceRow, requestId: string | undefined): AuditActor {
  return auditActor(actorOfDevice(device, requestId));
}

/**
 * The teacher's enrolment in the paired course, read only (the web app creates enrolments at launch; the extension
 * never does, and never records a launch).
 */
export async function enrolmentOfDevice(db: Db, device: DeviceRow): Promise<Enrolled | undefined> {
  if (!device.toolRoles.includes('teacher')) return undefined;
  const link = await courseLinkOf(db, actorOfDevice(device, undefined));
  if (!link) return undefined;
  const [enrolment] = await db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.programmeInstanceId, link.instance.id), eq(enrolments.personId, device.personId)));
  if (!enrolment) return undefined;
  const [school] = await db.select().from(organisations).where(eq(organisations.id, enrolment.schoolId));
  return { state: 'enrolled', link, enrolment, school: school as Organisation };
}

export async function requireEnrolmentOfDevice(db: Db, device: DeviceRow): Promise<Enrolled> {
  const enrolled = await enrolmentOfDevice(db, device);
  if (!enrolled) throw new DomainError('course_not_linked');
  return enrolled;
}
