import { and, eq, gt, lt } from 'drizzle-orm';
import { createLocalJWKSet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Db } from '../db/client';
import { deployments, oidcStates, platforms } from '../db/schema';
import type { PlatformKeyCache } from './platform-keys';

export interface PlatformRecord {
  id: string;
  tenantId: string;
  name: string;
  issuer: string;
  clientId: string;
  authEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string | null;
  publicJwk: JWK | null;
  authorizationServer: string | null;
  status: 'active' | 'disabled' | 'pending';
}

export interface NewState {
  stateHash: string;
  stateId: string;
  bindingHash: string;
  nonce: string;
  platformId: string;
  targetLinkUri: string;
  loginHint: string;
  deploymentId?: string;
  storageTarget?: string;
  expiresAt: Date;
}
export type StateRecord = NewState;

function toPlatform(row: typeof platforms.$inferSelect): PlatformRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    issuer: row.issuer,
    clientId: row.clientId,
    authEndpoint: row.authLoginUrl,
    tokenEndpoint: row.accessTokenUrl,
    jwksUrl: row.jwksUrl,
    publicJwk: (row.publicJwk as JWK | null) ?? null,
    authorizationServer: row.authorizationServer,
    status: row.status,
  };
}

/** The keys a platform signs with: its JWKS URL through the cache, or the static key an admin pasted. */
export function platformVerificationKeys(platform: PlatformRecord, cache: PlatformKeyCache): JWTVerifyGetKey {
  if (platform.jwksUrl) return cache.forUrl(platform.jwksUrl);
  if (platform.publicJwk) return createLocalJWKSet({ keys: [platform.publicJwk] });
  throw new Error(`platform ${platform.id} has no key source`);
}

/** The database queries of the login and launch steps. */
export function createLtiStore(db: Db) {
  return {
    async findPlatforms(issuer: string): Promise<PlatformRecord[]> {
      return (await db.select().from(platforms).where(eq(platforms.issuer, issuer))).map(toPlatform);
    },

    async getPlatform(id: string): Promise<PlatformRecord | undefined> {
      const [row] = await db.select().from(platforms).where(eq(platforms.id, id));
      return row ? toPlatform(row) : undefined;
    },

    async deploymentStatus(platformId: string, deploymentId: string): Promise<'active' | 'disabled' | undefined> {
      const [row] = await db
        .select({ status: deployments.status })
        .from(deployments)
        .where(and(eq(deployments.platformId, platformId), eq(deployments.deploymentId, deploymentId)));
      return row?.status;
    },

    async createState(state: NewState): Promise<void> {
      await db
        .insert(oidcStates)
        .values({ ...state, deploymentId: state.deploymentId ?? null, storageTarget: state.storageTarget ?? null });
    },

    /** Deletes and returns an unexpired state in one statement: two concurrent launches cannot both use it. */
    async consumeState(stateHash: string): Promise<StateRecord | undefined> {
      const [row] = await db
        .delete(oidcStates)
        .where(and(eq(oidcStates.stateHash, stateHash), gt(oidcStates.expiresAt, new Date())))
        .returning();
      if (!row) return undefined;
      return { ...row, deploymentId: row.deploymentId ?? undefined, storageTarget: row.storageTarget ?? undefined };
    },

    async purgeExpiredStates(now = new Date()): Promise<number> {
      const rows = await db
        .delete(oidcStates)
        .where(lt(oidcStates.expiresAt, now))
        .returning({ h: oidcStates.stateHash });
      return rows.length;
    },
  };
}

export type LtiStore = ReturnType<typeof createLtiStore>;
