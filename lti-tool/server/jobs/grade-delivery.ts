import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { EgressPolicy } from '../net/address-policy';
import { findOrCreateLineItem, postScore, type LineItemSpec, type Score } from '../lti/advantage/ags';
import type { ServiceContext } from '../lti/advantage/service-http';
import type { ServiceTokenClient } from '../lti/advantage/service-token';
import type { LtiStore } from '../lti/store';
import type { ToolKeyStore } from '../lti/tool-keys';
import { failureCode } from '../lti/advantage/failure-code';
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
  if (claimed.rows.length === 0) return 0;
  // One id per run, so the lines of one pass over the outbox can be read together (jobs have no request id).
  const log = deps.logger.child({ job: 'grade-delivery', runId: randomUUID() });
  // RETURNING does not keep the subquery's order: send each user's scores oldest first, or the older one would
  // reach the platform last and be refused as not newer (Moodle's 409).
  for (const row of await outboxRows(
    deps.db,
    claimed.rows.map((r) => r.id),
  ))
    await deliverOne({ ...deps, logger: log }, row);
  return claimed.rows.length;
}

/** What every line about one outbox row says: ids and the attempt, never the score's comment or a token. */
function rowFields(row: OutboxRow) {
  return {
    outboxId: row.id,
    tenantId: row.tenantId,
    platformId: row.platformId,
    personId: row.personId,
    attempt: row.attempts,
  };
}

async function deliverOne(deps: GradeDeliveryDeps, row: OutboxRow): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const platform = await deps.store.getPlatform(row.platformId);
  if (!platform || platform.status !== 'active') {
    deps.logger.warn('grade delivery failed', { ...rowFields(row), outcome: 'failed', code: 'platform_disabled' });
    return settleScore(deps.db, row.id, {
      status: 'failed',
      lastError: 'platform missing or disabled',
      lastErrorCode: 'platform_disabled',
    });
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
    const detail = err instanceof Error ? err.message : String(err);
    return retryLater(deps, row, now, { status: undefined, detail, code: failureCode(err) }, null);
  }
  const outcome = await postScore(ctx, lineItemUrl, row.score as Score);
  switch (outcome.kind) {
    case 'accepted':
      deps.logger.info('grade delivered', { ...rowFields(row), outcome: 'delivered', status: outcome.status });
      return settleScore(deps.db, row.id, {
        status: 'delivered',
        deliveredAt: now,
        lastStatus: outcome.status,
        lastError: null,
        lastErrorCode: null,
        lineItemUrl,
      });
    case 'superseded':
      deps.logger.info('grade superseded', { ...rowFields(row), outcome: 'superseded', status: outcome.status });
      return settleScore(deps.db, row.id, {
        status: 'superseded',
        lastStatus: outcome.status,
        lastError: outcome.detail,
        lastErrorCode: `http_${outcome.status}`,
        lineItemUrl,
      });
    case 'rejected':
      deps.logger.warn('grade rejected by platform', {
        ...rowFields(row),
        outcome: 'rejected',
        status: outcome.status,
        code: `http_${outcome.status}`,
      });
      return settleScore(deps.db, row.id, {
        status: 'rejected',
        lastStatus: outcome.status,
        lastError: outcome.detail,
        lastErrorCode: `http_${outcome.status}`,
        lineItemUrl,
      });
    case 'retry':
      return retryLater(deps, row, now, outcome, lineItemUrl);
  }
}

function retryLater(
  deps: GradeDeliveryDeps,
  row: OutboxRow,
  now: Date,
  failure: { status?: number; detail: string; code: string },
  lineItemUrl: string | null,
): Promise<void> {
  const exhausted = row.attempts >= MAX_ATTEMPTS;
  const nextAttemptAt = new Date(now.getTime() + backoffMs(row.attempts));
  deps.logger.warn(exhausted ? 'grade delivery failed' : 'grade delivery retry', {
    ...rowFields(row),
    outcome: exhausted ? 'failed' : 'retry',
    status: failure.status,
    code: failure.code,
    ...(exhausted ? {} : { nextAttemptAt }),
  });
  return settleScore(deps.db, row.id, {
    status: exhausted ? 'failed' : 'pending',
    lastStatus: failure.status ?? null,
    lastError: failure.detail.slice(0, 500),
    lastErrorCode: failure.code,
    nextAttemptAt,
    lineItemUrl,
  });
}
