import { and, eq, lt } from 'drizzle-orm';
import { createLocalJWKSet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Db } from '../db/client';
import { runNamed, type NamedStatement } from '../db/named';
import { deployments, oidcUsedStates, platforms } from '../db/schema';
import { admitLaunch, type LaunchAdmission } from './launch-admission';
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

type DeploymentStatus = 'active' | 'disabled' | undefined;

/** A registration as the login reads it, with the status of the login's deployment on it. */
type LoginRow = PlatformRecord & { deploymentStatus: DeploymentStatus };

/** Platform columns as `toPlatform`-like raw rows carry them. */
interface PlatformRow {
  id: string;
  tenant_id: string;
  name: string;
  issuer: string;
  client_id: string;
  auth_login_url: string;
  access_token_url: string;
  jwks_url: string | null;
  public_jwk: JWK | string | null;
  authorization_server: string | null;
  status: PlatformRecord['status'];
}

function platformFromRow(row: PlatformRow): PlatformRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.client_id,
    authEndpoint: row.auth_login_url,
    tokenEndpoint: row.access_token_url,
    jwksUrl: row.jwks_url,
    // Raw SQL skips Drizzle's jsonb mapping: node-postgres parses jsonb, PGlite may hand back text.
    publicJwk: typeof row.public_jwk === 'string' ? (JSON.parse(row.public_jwk) as JWK) : row.public_jwk,
    authorizationServer: row.authorization_server,
    status: row.status,
  };
}

/**
 * Login's one read: the issuer's registrations (for the client id when the login names one), each with the status of
 * the named deployment (cached per process when the login goes ahead: findPlatformsForLogin). The login writes
 * nothing: its state is signed (oidc-state.ts).
 */
const LOGIN_STATEMENT: NamedStatement = {
  name: 'lti_login_v2',
  text: `select p.id, p.tenant_id, p.name, p.issuer, p.client_id, p.auth_login_url, p.access_token_url, p.jwks_url,
       p.public_jwk, p.authorization_server, p.status, d.status as deployment_status
from platforms p
left join lti_deployments d on d.platform_id = p.id and d.deployment_id = coalesce($2::text, '')
where p.issuer = $1 and ($3::text is null or p.client_id = $3)`,
};

const PLATFORM_STATEMENT: NamedStatement = {
  name: 'lti_platform_v1',
  text: `select p.id, p.tenant_id, p.name, p.issuer, p.client_id, p.auth_login_url, p.access_token_url, p.jwks_url,
       p.public_jwk, p.authorization_server, p.status
from platforms p where p.id = $1::uuid`,
};

/**
 * How long a process trusts a platform's registration (issuer, client id, key source, endpoints) for checking a
 * launch's signature before it reads it again. Never its status: the launch's statement reads that fresh, and checks
 * that the key source is still the one the signature was checked against (launch-admission.ts).
 */
export const PLATFORM_CACHE_MS = 30_000;

/**
 * The database queries of the login and launch steps (issue 14: the launch read the deployment and the platform
 * twice). Login reads the issuer's platforms with the deployment's status (or this process's cached read), and writes
 * nothing; the launch checks the token against a registration cached for a few seconds, then one statement
 * (launch-admission.ts) re-reads its status, consumes the state and opens the session.
 */
export function createLtiStore(db: Db) {
  const cache = new Map<string, { platform: PlatformRecord; at: number }>();
  const logins = new Map<string, { rows: LoginRow[]; at: number }>();
  return {
    async findPlatforms(issuer: string): Promise<PlatformRecord[]> {
      return (await db.select().from(platforms).where(eq(platforms.issuer, issuer))).map(toPlatform);
    },

    /**
     * Login's one statement (LOGIN_STATEMENT): the issuer's registrations (for the client id when named), each with
     * the status of `deploymentId` on it (undefined: not registered). Each one read is kept for the launch's check.
     * A login that would go ahead (one active registration for the named client, its named deployment active) is
     * served from this process's cache for PLATFORM_CACHE_MS: the launch's own statement re-reads both statuses fresh,
     * so a platform disabled meanwhile may still redirect here but its launch is refused at once in every process.
     * Anything else (unknown issuer or client, new deployment, disabled, ambiguous) is read fresh every time, so a new
     * or re-enabled registration works at once.
     */
    async findPlatformsForLogin(
      issuer: string,
      clientId: string | undefined,
      deploymentId: string | undefined,
    ): Promise<LoginRow[]> {
      const key = clientId === undefined ? undefined : JSON.stringify([issuer, clientId, deploymentId ?? null]);
      const hit = key === undefined ? undefined : logins.get(key);
      if (hit && Date.now() - hit.at < PLATFORM_CACHE_MS) return hit.rows;
      const rows = (
        await runNamed<PlatformRow & { deployment_status: 'active' | 'disabled' | null }>(db, LOGIN_STATEMENT, [
          issuer,
          deploymentId ?? null,
          clientId ?? null,
        ])
      ).map((row) => {
        const platform = platformFromRow(row);
        cache.set(platform.id, { platform, at: Date.now() });
        return { ...platform, deploymentStatus: row.deployment_status ?? undefined };
      });
      const only = rows.length === 1 ? rows[0] : undefined;
      const goesAhead = only?.status === 'active' && (!deploymentId || only.deploymentStatus === 'active');
      // Kept only for registrations that exist, so the map holds at most one entry per registration and deployment.
      if (key !== undefined) {
        if (goesAhead) logins.set(key, { rows, at: Date.now() });
        else logins.delete(key);
      }
      return rows;
    },

    /**
     * The registration a launch's signature is checked against: from this process's cache (PLATFORM_CACHE_MS), else
     * read. Its status is not trusted from here: the launch's statement reads it fresh.
     */
    async platformForLaunch(id: string): Promise<PlatformRecord | undefined> {
      const hit = cache.get(id);
      if (hit && Date.now() - hit.at < PLATFORM_CACHE_MS) return hit.platform;
      const [row] = await runNamed<PlatformRow>(db, PLATFORM_STATEMENT, [id]);
      if (!row) return undefined;
      const platform = platformFromRow(row);
      cache.set(id, { platform, at: Date.now() });
      return platform;
    },

    /** Drops a cached registration (its key source changed under a launch): the next launch reads it again. */
    forgetPlatform(id: string): void {
      cache.delete(id);
      for (const [key, entry] of logins) if (entry.rows.some((row) => row.id === id)) logins.delete(key);
    },

    /** A launch's admission on its own (launch-admission.ts), for a launch that records nothing. */
    async admit(admission: LaunchAdmission): Promise<void> {
      await admitLaunch(db, admission);
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

    async purgeExpiredStates(now = new Date()): Promise<number> {
      const rows = await db
        .delete(oidcUsedStates)
        .where(lt(oidcUsedStates.expiresAt, now))
        .returning({ h: oidcUsedStates.stateHash });
      return rows.length;
    },
  };
}

export type LtiStore = ReturnType<typeof createLtiStore>;
