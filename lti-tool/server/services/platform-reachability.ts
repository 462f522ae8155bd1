import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { ReachabilityView } from '../../../shared/api/operations';
import type { Db } from '../db/client';
import { platforms, type ContactEndpoint } from '../db/schema';
import { AGS_SCOPE } from '../lti/advantage/ags';
import { failureCode } from '../lti/advantage/failure-code';
import { NRPS_SCOPE } from '../lti/advantage/nrps';
import type { ServiceTokenClient, TokenContactEvent } from '../lti/advantage/service-token';
import type { ContactEvent, PlatformKeyCache } from '../lti/platform-keys';
import type { ToolKeyStore } from '../lti/tool-keys';
import { createLtiStore } from '../lti/store';
import { DomainError } from './errors';

type PlatformRow = typeof platforms.$inferSelect;

const time = (d: Date | null) => d?.getTime() ?? -Infinity;

/** 可达 / 不可达 from the last contacts: unreachable while the last failure is newer than its endpoint's success. */
export function reachabilityOf(
  row: Pick<PlatformRow, 'jwksOkAt' | 'tokenOkAt' | 'contactFailedAt' | 'contactFailedEndpoint' | 'contactError'>,
): ReachabilityView {
  const okOfFailed = row.contactFailedEndpoint === 'jwks' ? row.jwksOkAt : row.tokenOkAt;
  const lastOk = time(row.jwksOkAt) >= time(row.tokenOkAt) ? row.jwksOkAt : row.tokenOkAt;
  const state =
    row.contactFailedAt && time(row.contactFailedAt) > time(okOfFailed)
      ? 'unreachable'
      : lastOk
        ? 'reachable'
        : 'unknown';
  return {
    state,
    lastOkAt: lastOk?.toISOString() ?? null,
    lastFailedAt: row.contactFailedAt?.toISOString() ?? null,
    failedEndpoint: row.contactFailedEndpoint ?? null,
    reason: row.contactError ?? null,
  };
}

async function record(
  db: Db,
  where: ReturnType<typeof and>,
  endpoint: ContactEndpoint,
  outcome: { ok: true } | { ok: false; error: unknown },
  at = new Date(),
) {
  await db
    .update(platforms)
    .set(
      outcome.ok
        ? endpoint === 'jwks'
          ? { jwksOkAt: at }
          : { tokenOkAt: at }
        : { contactFailedAt: at, contactFailedEndpoint: endpoint, contactError: failureCode(outcome.error) },
    )
    .where(where);
}

/**
 * What the JWKS cache and the token client call after each contact with a platform: the platforms behind that URL
 * get their last success or failure (endpoint and reason code) recorded.
 */
export function platformContactRecorder(db: Db) {
  return {
    jwks: (event: ContactEvent) => record(db, and(eq(platforms.jwksUrl, event.url)), 'jwks', event),
    token: (event: TokenContactEvent) =>
      record(
        db,
        and(eq(platforms.accessTokenUrl, event.endpoint.tokenUrl), eq(platforms.clientId, event.endpoint.clientId)),
        'token',
        event,
      ),
  };
}

/** The scopes this tool uses: a token request for them is what grade delivery and roster sync will do. */
const CHECK_SCOPES = [AGS_SCOPE.lineItem, AGS_SCOPE.score, NRPS_SCOPE];

/**
 * The administrator's "检查连接": fetch the platform's key set and ask its token endpoint for a token now, through the
 * same clients launches and deliveries use (so the outcome is recorded like theirs), and report reachability.
 */
export async function checkPlatform(
  db: Db,
  deps: { keys: PlatformKeyCache; tokens: ServiceTokenClient; toolKeys: ToolKeyStore },
  platformId: string,
): Promise<ReachabilityView> {
  const platform = await createLtiStore(db).getPlatform(platformId);
  if (!platform) throw new DomainError('not_found');
  if (platform.jwksUrl) await deps.keys.check(platform.jwksUrl).catch(() => undefined);
  const endpoint = {
    tokenUrl: platform.tokenEndpoint,
    clientId: platform.clientId,
    audience: platform.authorizationServer ?? undefined,
  };
  await deps.tokens.probe(endpoint, await deps.toolKeys.signingKey(), CHECK_SCOPES).catch(() => undefined);
  const [row] = await db.select().from(platforms).where(eq(platforms.id, platformId));
  if (!row) throw new DomainError('not_found');
  return reachabilityOf(row);
}

/**
 * The scheduled "检查连接": active platforms no contact has reached for `quietMs` (no launch, no delivery, no check)
 * are probed as the administrator's button does, oldest first, at most `limit` a run. A registration deleted in the
 * LMS thus shows as unreachable in the platform list without anyone clicking. Several processes may probe the same
 * platform at once: a probe only reads the platform's endpoints and records the outcome, so that costs nothing.
 */
export async function reprobeQuietPlatforms(
  db: Db,
  deps: { keys: PlatformKeyCache; tokens: ServiceTokenClient; toolKeys: ToolKeyStore },
  options: { quietMs: number; limit?: number; now?: Date },
): Promise<{ platformId: string; reachability: ReachabilityView }[]> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.quietMs);
  const lastContact = sql`greatest(${platforms.jwksOkAt}, ${platforms.tokenOkAt}, ${platforms.contactFailedAt})`;
  // greatest() skips nulls; a platform never contacted has a null greatest and is probed first.
  const quiet = await db
    .select({ id: platforms.id })
    .from(platforms)
    .where(
      and(
        eq(platforms.status, 'active'),
        or(isNull(lastContact), sql`${lastContact} < ${cutoff.toISOString()}::timestamptz`),
      ),
    )
    .orderBy(sql`${lastContact} asc nulls first`)
    .limit(options.limit ?? 20);
  const probed: { platformId: string; reachability: ReachabilityView }[] = [];
  for (const { id } of quiet) {
    probed.push({ platformId: id, reachability: await checkPlatform(db, deps, id) });
  }
  return probed;
}
