import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { EgressPolicy } from '../net/address-policy';
import { findOrCreateLineItem, postScore, type LineItemSpec, type Score } from '../lti/advantage/ags';
import type { ServiceContext } from '../lti/advantage/service-http';
import type { ServiceTokenClient } from '../lti/advantage/service-token';
import type { LtiStore } from '../lti/store';
import type { ToolKeyStore } from '../lti/tool-keys';
import { claimDueScores, outboxRows, settleScore, type OutboxRow } from '../services/grade-outbox';

export const MAX_ATTEMPTS = 12;

/** 30 s, 1 min, 2 min … capped at 1 h, with ±20 % jitter so a platform outage does not end in a stampede. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface GradeDeliveryDeps {
  db: Db;
  store: LtiStore;
  keys: ToolKeyStore;
  tokens: ServiceTokenClient;
  policy: EgressPolicy;
  logger: Logger;
  now?: () => Date;
}

/** Sends due scores; returns how many rows it settled. Safe to run in several processes at once. */
export async function deliverDueScores(deps: GradeDeliveryDeps, limit = 20): Promise<number> {
  const claimed = await claimDueScores(deps.db, limit);
  // RETURNING does not keep the subquery's order: send each user's scores oldest first, or the older one would
  // reach the platform last and be refused as not newer (Moodle's 409).
  for (const row of await outboxRows(
    deps.db,
    claimed.rows.map((r) => r.id),
  ))
    await deliverOne(deps, row);
  return claimed.rows.length;
}

async function deliverOne(deps: GradeDeliveryDeps, row: OutboxRow): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const platform = await deps.store.getPlatform(row.platformId);
  if (!platform || platform.status !== 'active') {
    return settleScore(deps.db, row.id, { status: 'failed', lastError: 'platform missing or disabled' });
  }
  const ctx: ServiceContext = {
    endpoint: {
      tokenUrl: platform.tokenEndpoint,
      clientId: platform.clientId,
      audience: platform.authorizationServer ?? undefined,
    },
    key: await deps.keys.signingKey(),
    tokens: deps.tokens,
    policy: deps.policy,
  };
  let lineItemUrl = row.lineItemUrl;
  try {
    if (!lineItemUrl) {
      const item = await findOrCreateLineItem(ctx, row.lineItemsUrl as string, row.lineItemSpec as LineItemSpec);
      lineItemUrl = item.id;
    }
  } catch (err) {
    return retryLater(deps, row, now, undefined, err instanceof Error ? err.message : String(err), null);
  }
  const outcome = await postScore(ctx, lineItemUrl, row.score as Score);
  switch (outcome.kind) {
    case 'accepted':
      return settleScore(deps.db, row.id, {
        status: 'delivered',
        deliveredAt: now,
        lastStatus: outcome.status,
        lastError: null,
        lineItemUrl,
      });
    case 'superseded':
      return settleScore(deps.db, row.id, {
        status: 'superseded',
        lastStatus: outcome.status,
        lastError: outcome.detail,
        lineItemUrl,
      });
    case 'rejected':
      deps.logger.warn('score rejected by platform', { outboxId: row.id, status: outcome.status });
      return settleScore(deps.db, row.id, {
        status: 'rejected',
        lastStatus: outcome.status,
        lastError: outcome.detail,
        lineItemUrl,
      });
    case 'retry':
      return retryLater(deps, row, now, outcome.status, outcome.detail, lineItemUrl);
  }
}

function retryLater(
  deps: GradeDeliveryDeps,
  row: OutboxRow,
  now: Date,
  status: number | undefined,
  detail: string,
  lineItemUrl: string | null,
): Promise<void> {
  const exhausted = row.attempts >= MAX_ATTEMPTS;
  return settleScore(deps.db, row.id, {
    status: exhausted ? 'failed' : 'pending',
    lastStatus: status ?? null,
    lastError: detail.slice(0, 500),
    nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)),
    lineItemUrl,
  });
}
