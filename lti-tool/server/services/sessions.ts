import { createHash } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { runNamed, type NamedStatement } from '../db/named';
import { appSessions } from '../db/schema';
import type { LtiLaunch } from '../lti/launch';
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
  /** The person as the session was read (name and e-mail), when the reader had them at hand. */
  person?: { id: string; displayName: string; email: string | null };
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

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** What a session keeps of its launch. */
export function sessionLaunchData(launch: LtiLaunch): SessionLaunchData {
  return {
    userId: launch.userId,
    custom: launch.custom,
    returnUrl: launch.returnUrl,
    contextTitle: launch.context?.title,
    resourceLinkTitle: launch.resourceLink?.title,
    deepLinking: launch.deepLinking,
    issuer: launch.issuer,
    clientId: launch.clientId,
  };
}

/** The session and its person in one round trip: the API's every request starts here. */
const FIND_SESSION: NamedStatement = {
  name: 'find_session_v1',
  text: `select s.tenant_id, s.platform_id, s.deployment_id, s.person_id, s.context_id, s.resource_link_id,
       s.message_type, s.tool_roles, s.locale, s.launch, s.created_at, s.expires_at,
       p.display_name, p.email
from app_sessions s join people p on p.id = s.person_id
where s.token_hash = $1::text and s.expires_at > $2::timestamptz`,
};

interface SessionRow {
  tenant_id: string;
  platform_id: string;
  deployment_id: string;
  person_id: string;
  context_id: string | null;
  resource_link_id: string | null;
  message_type: string;
  tool_roles: LaunchRole[];
  locale: string;
  launch: SessionLaunchData | string;
  created_at: Date | string;
  expires_at: Date | string;
  display_name: string;
  email: string | null;
}

export async function findSession(db: Db, token: string, now = new Date()): Promise<AppSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await runNamed<SessionRow>(db, FIND_SESSION, [hashToken(token), now.toISOString()]);
  if (!row) return undefined;
  return {
    tenantId: row.tenant_id,
    platformId: row.platform_id,
    deploymentId: row.deployment_id,
    personId: row.person_id,
    contextId: row.context_id,
    resourceLinkId: row.resource_link_id,
    messageType: row.message_type,
    toolRoles: row.tool_roles,
    locale: row.locale,
    launch: typeof row.launch === 'string' ? (JSON.parse(row.launch) as SessionLaunchData) : row.launch,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    person: { id: row.person_id, displayName: row.display_name, email: row.email },
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
