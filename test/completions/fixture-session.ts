import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../lti-tool/server/db/client';
import { appSessions } from '../../lti-tool/server/db/schema';
import type { FixtureWorld } from './seed';

/**
 * A launch session inserted as a launch would write it, for tests and scripts that do not need the browser dance:
 * returns the bearer token (only its hash is stored).
 */
export async function fixtureSession(
  db: Db,
  world: Pick<FixtureWorld, 'tenantId' | 'platformId'>,
  personId: string,
  roles: string[],
  options: { contextId?: string | null; ttlMs?: number } = {},
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(appSessions).values({
    tokenHash: createHash('sha256').update(token).digest('base64url'),
    tenantId: world.tenantId,
    platformId: world.platformId,
    deploymentId: '1',
    personId,
    contextId: options.contextId ?? null,
    messageType: 'LtiResourceLinkRequest',
    toolRoles: roles,
    platformRoles: [],
    locale: 'zh-CN',
    launch: { userId: personId, custom: {}, issuer: 'https://moodle.example', clientId: 'client-1' },
    expiresAt: new Date(Date.now() + (options.ttlMs ?? 3600_000)),
  });
  return token;
}
