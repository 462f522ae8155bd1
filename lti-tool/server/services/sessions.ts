import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { appSessions } from '../db/schema';
import type { LtiLaunch } from '../lti/launch';
import type { PlatformRecord } from '../lti/store';
import type { LaunchRecords } from './launch-identity';
import type { LaunchRole } from './tool-roles';

/** Two hours: a lesson or a review sitting. A new launch from the LMS gives a new session. */
export const SESSION_TTL_MS = 2 * 60 * 60 * 1000;

export interface AppSession {
  tenantId: string;
  platformId: string;
  deploymentId: string;
  personId: string;
  contextId: string | null;
  resourceLinkId: string | null;
  messageType: string;
  toolRoles: LaunchRole[];
  locale: string;
  launch: SessionLaunchData;
  /** When the launch happened: some actions (pairing a browser) need a recent one. */
  createdAt: Date;
  expiresAt: Date;
}

/** The part of a launch the app may need later; no tokens, nothing the platform marked private. */
export interface SessionLaunchData {
  userId: string;
  custom: Record<string, string>;
  returnUrl?: string;
  contextTitle?: string;
  resourceLinkTitle?: string;
  deepLinking?: LtiLaunch['deepLinking'];
  issuer: string;
  clientId: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function createSession(
  db: Db,
  input: {
    platform: PlatformRecord;
    launch: LtiLaunch;
    records: LaunchRecords;
    toolRoles: LaunchRole[];
    locale: string;
  },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const { launch } = input;
  const data: SessionLaunchData = {
    userId: launch.userId,
    custom: launch.custom,
    returnUrl: launch.returnUrl,
    contextTitle: launch.context?.title,
    resourceLinkTitle: launch.resourceLink?.title,
    deepLinking: launch.deepLinking,
    issuer: launch.issuer,
    clientId: launch.clientId,
  };
  await db.insert(appSessions).values({
    tokenHash: hashToken(token),
    tenantId: input.platform.tenantId,
    platformId: input.platform.id,
    deploymentId: launch.deploymentId,
    personId: input.records.personId,
    contextId: input.records.contextRowId,
    resourceLinkId: input.records.resourceLinkRowId,
    messageType: launch.messageType,
    toolRoles: input.toolRoles,
    platformRoles: launch.roles,
    locale: input.locale,
    launch: data,
    expiresAt,
  });
  return { token, expiresAt };
}

export async function findSession(db: Db, token: string, now = new Date()): Promise<AppSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await db
    .select()
    .from(appSessions)
    .where(and(eq(appSessions.tokenHash, hashToken(token)), gt(appSessions.expiresAt, now)));
  if (!row) return undefined;
  return {
    tenantId: row.tenantId,
    platformId: row.platformId,
    deploymentId: row.deploymentId,
    personId: row.personId,
    contextId: row.contextId,
    resourceLinkId: row.resourceLinkId,
    messageType: row.messageType,
    toolRoles: row.toolRoles as LaunchRole[],
    locale: row.locale,
    launch: row.launch as SessionLaunchData,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

export async function purgeExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const rows = await db
    .delete(appSessions)
    .where(lt(appSessions.expiresAt, now))
    .returning({ h: appSessions.tokenHash });
  return rows.length;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(appSessions).where(eq(appSessions.tokenHash, hashToken(token)));
}
