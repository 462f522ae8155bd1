import { and, eq, gt, lt } from 'drizzle-orm';
import { createLocalJWKSet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Db } from '../db/client';
import { runNamed, type NamedStatement } from '../db/named';
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

type DeploymentStatus = 'active' | 'disabled' | undefined;

/** A consumed state with its platform and the status of the deployment the caller asked about, from one query. */
export interface ConsumedState {
  state: StateRecord;
  platform: PlatformRecord;
  deploymentStatus: DeploymentStatus;
}

/** The consumed state's columns and its platform's (the platform's own id and status under other names). */
interface ConsumedRow extends Record<string, unknown>, Omit<PlatformRow, 'id' | 'status'> {
  state_hash: string;
  state_id: string;
  binding_hash: string;
  nonce: string;
  platform_id: string;
  target_link_uri: string;
  login_hint: string;
  state_deployment_id: string | null;
  storage_target: string | null;
  expires_at: Date | string;
  platform_status: PlatformRecord['status'];
  deployment_status: 'active' | 'disabled' | null;
}

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
 * Login in one round trip: the issuer's registrations (for the client id when the login names one), each with the
 * status of the named deployment, read fresh (an administrator's change holds at once, in every process); the
 * state is stored in the same statement only when exactly one active registration matches and the deployment, if
 * named, is active, which is what `choosePlatform` and the deployment check then confirm in words.
 */
const LOGIN_STATEMENT: NamedStatement = {
  name: 'lti_login_v1',
  text: `with candidates as (
  select p.id, p.tenant_id, p.name, p.issuer, p.client_id, p.auth_login_url, p.access_token_url, p.jwks_url,
         p.public_jwk, p.authorization_server, p.status, d.status as deployment_status
  from platforms p
  left join lti_deployments d on d.platform_id = p.id and d.deployment_id = coalesce($2::text, '')
  where p.issuer = $1 and ($3::text is null or p.client_id = $3)
), stored as (
  insert into oidc_states (state_hash, state_id, binding_hash, nonce, platform_id, target_link_uri, login_hint,
                           deployment_id, storage_target, expires_at)
  select $4, $5, $6, $7, c.id, $8, $9, $2, $10, $11
  from candidates c
  where (select count(*) from candidates) = 1 and c.status = 'active'
    and ($2::text is null or c.deployment_status = 'active')
  returning platform_id
)
select c.*, exists (select 1 from stored) as stored from candidates c`,
};

/** Consumes the state and reads its platform and the token's deployment (see consumeStateForLaunch). */
const CONSUME_STATEMENT: NamedStatement = {
  name: 'lti_consume_state_v1',
  text: `with consumed as (
  delete from oidc_states where state_hash = $1 and expires_at > $2::timestamptz
  returning *
)
select c.state_hash, c.state_id, c.binding_hash, c.nonce, c.platform_id, c.target_link_uri, c.login_hint,
       c.deployment_id as state_deployment_id, c.storage_target, c.expires_at,
       p.tenant_id, p.name, p.issuer, p.client_id, p.auth_login_url, p.access_token_url, p.jwks_url,
       p.public_jwk, p.authorization_server, p.status as platform_status, d.status as deployment_status
from consumed c
join platforms p on p.id = c.platform_id
left join lti_deployments d on d.platform_id = c.platform_id and d.deployment_id = $3`,
};

/**
 * The database queries of the login and launch steps. Each step is one round trip (issue 14: the launch read the
 * deployment and the platform twice): login reads the issuer's platforms with the deployment's status; the launch
 * consumes the state and reads its platform and the token's deployment in one statement.
 */
export function createLtiStore(db: Db) {
  return {
    async findPlatforms(issuer: string): Promise<PlatformRecord[]> {
      return (await db.select().from(platforms).where(eq(platforms.issuer, issuer))).map(toPlatform);
    },

    /** The issuer's platforms, each with the status of `deploymentId` on it (undefined: not registered). */
    async findPlatformsForLogin(
      issuer: string,
      deploymentId: string | undefined,
    ): Promise<Array<PlatformRecord & { deploymentStatus: DeploymentStatus }>> {
      const rows = await db
        .select({ platform: platforms, deploymentStatus: deployments.status })
        .from(platforms)
        .leftJoin(
          deployments,
          and(eq(deployments.platformId, platforms.id), eq(deployments.deploymentId, deploymentId ?? '')),
        )
        .where(eq(platforms.issuer, issuer));
      return rows.map((row) => ({ ...toPlatform(row.platform), deploymentStatus: row.deploymentStatus ?? undefined }));
    },

    /**
     * Login's one statement (LOGIN_STATEMENT): the candidate registrations for the issuer (and client id), each with
     * the named deployment's status, and whether the state was stored for the single active one.
     */
    async loginAndStoreState(
      issuer: string,
      clientId: string | undefined,
      state: Omit<NewState, 'platformId'>,
    ): Promise<{ candidates: Array<PlatformRecord & { deploymentStatus: DeploymentStatus }>; stored: boolean }> {
      const rows = await runNamed<PlatformRow & { deployment_status: 'active' | 'disabled' | null; stored: boolean }>(
        db,
        LOGIN_STATEMENT,
        [
          issuer,
          state.deploymentId ?? null,
          clientId ?? null,
          state.stateHash,
          state.stateId,
          state.bindingHash,
          state.nonce,
          state.targetLinkUri,
          state.loginHint,
          state.storageTarget ?? null,
          state.expiresAt.toISOString(),
        ],
      );
      return {
        candidates: rows.map((row) => ({
          ...platformFromRow(row),
          deploymentStatus: row.deployment_status ?? undefined,
        })),
        stored: rows.some((row) => row.stored),
      };
    },

    /**
     * Deletes and returns an unexpired state (single use: two concurrent launches cannot both get it) with its
     * platform and the status of `deploymentId` there, in one statement.
     */
    async consumeStateForLaunch(
      stateHash: string,
      deploymentId: string | undefined,
    ): Promise<ConsumedState | undefined> {
      const [row] = await runNamed<ConsumedRow>(db, CONSUME_STATEMENT, [
        stateHash,
        new Date().toISOString(),
        deploymentId ?? '',
      ]);
      if (!row) return undefined;
      return {
        state: {
          stateHash: row.state_hash,
          stateId: row.state_id,
          bindingHash: row.binding_hash,
          nonce: row.nonce,
          platformId: row.platform_id,
          targetLinkUri: row.target_link_uri,
          loginHint: row.login_hint,
          deploymentId: row.state_deployment_id ?? undefined,
          storageTarget: row.storage_target ?? undefined,
          expiresAt: new Date(row.expires_at),
        },
        platform: platformFromRow({ ...row, id: row.platform_id, status: row.platform_status }),
        deploymentStatus: row.deployment_status ?? undefined,
      };
    },

    /**
     * An unexpired state's binding and platform storage, read without consuming it: a launch that arrives without
     * its binding cookie learns where the browser must read the binding from before anything is stored.
     */
    async findStateForStorageBinding(stateHash: string) {
      const [row] = await db
        .select({
          stateId: oidcStates.stateId,
          storageTarget: oidcStates.storageTarget,
          issuer: platforms.issuer,
          authEndpoint: platforms.authLoginUrl,
        })
        .from(oidcStates)
        .innerJoin(platforms, eq(platforms.id, oidcStates.platformId))
        .where(and(eq(oidcStates.stateHash, stateHash), gt(oidcStates.expiresAt, new Date())));
      return row;
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
        .delete(oidcStates)
        .where(lt(oidcStates.expiresAt, now))
        .returning({ h: oidcStates.stateHash });
      return rows.length;
    },
  };
}

export type LtiStore = ReturnType<typeof createLtiStore>;
