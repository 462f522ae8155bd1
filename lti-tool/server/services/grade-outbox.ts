import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbTransaction } from '../db/client';
import { gradeOutbox } from '../db/schema';
import type { LineItemSpec, Score } from '../lti/advantage/ags';

export interface ScoreToSend {
  tenantId: string;
  platformId: string;
  /** The platform user id (`sub`) from a verified launch or roster. */
  subject: string;
  personId?: string;
  idempotencyKey: string;
  lineItemUrl?: string | null;
  lineItemsUrl?: string | null;
  lineItemSpec?: LineItemSpec;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
  activityProgress?: Score['activityProgress'];
  gradingProgress?: Score['gradingProgress'];
}

/** Moodle stores score times in whole seconds and answers 409 unless a new one is later: step by a full second. */
const TIMESTAMP_STEP_MS = 1000;

/**
 * Queues a score in the caller's transaction (so a grade and its delivery commit together). Idempotent by
 * (platform, key): a retried request stores one row. Timestamps grow strictly per user and line item.
 */
export async function enqueueScore(
  tx: Db | DbTransaction,
  input: ScoreToSend,
  now = new Date(),
): Promise<string | undefined> {
  const resource = input.lineItemUrl ?? input.lineItemSpec?.resourceId ?? input.lineItemsUrl ?? '';
  const [previous] = await tx
    .select({ timestamp: sql<string>`${gradeOutbox.score}->>'timestamp'` })
    .from(gradeOutbox)
    .where(
      and(
        eq(gradeOutbox.platformId, input.platformId),
        eq(gradeOutbox.subject, input.subject),
        sql`coalesce(${gradeOutbox.lineItemUrl}, ${gradeOutbox.lineItemSpec}->>'resourceId', ${gradeOutbox.lineItemsUrl}) = ${resource}`,
      ),
    )
    .orderBy(desc(sql`${gradeOutbox.score}->>'timestamp'`))
    .limit(1);
  const last = previous?.timestamp ? Date.parse(previous.timestamp) : 0;
  const at = new Date(Math.max(now.getTime(), last + TIMESTAMP_STEP_MS));
  const score: Score = {
    userId: input.subject,
    scoreGiven: input.scoreGiven,
    scoreMaximum: input.scoreMaximum,
    timestamp: at.toISOString(),
    activityProgress: input.activityProgress ?? 'Completed',
    gradingProgress: input.gradingProgress ?? 'FullyGraded',
    ...(input.comment ? { comment: input.comment } : {}),
  };
  const [row] = await tx
    .insert(gradeOutbox)
    .values({
      tenantId: input.tenantId,
      platformId: input.platformId,
      idempotencyKey: input.idempotencyKey,
      subject: input.subject,
      personId: input.personId ?? null,
      lineItemUrl: input.lineItemUrl ?? null,
      lineItemsUrl: input.lineItemsUrl ?? null,
      lineItemSpec: input.lineItemSpec ?? null,
      score,
    })
    .onConflictDoNothing({ target: [gradeOutbox.platformId, gradeOutbox.idempotencyKey] })
    .returning({ id: gradeOutbox.id });
  return row?.id;
}

/** Claims due rows for this worker: other processes skip them while the lease lasts. */
export async function claimDueScores(db: Db, limit: number, leaseMs = 60_000) {
  return db.execute<{ id: string }>(sql`
    update grade_outbox set locked_until = now() + ${`${leaseMs} milliseconds`}::interval, attempts = attempts + 1
    where id in (
      select id from grade_outbox
      where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
      order by next_attempt_at limit ${limit}
      for update skip locked)
    returning id`);
}

export type OutboxRow = typeof gradeOutbox.$inferSelect;

export async function outboxRows(db: Db, ids: string[]): Promise<OutboxRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(gradeOutbox)
    .where(inArray(gradeOutbox.id, ids))
    .orderBy(sql`${gradeOutbox.score}->>'timestamp'`);
}

export async function settleScore(
  db: Db,
  id: string,
  update: Partial<
    Pick<
      OutboxRow,
      'status' | 'lastStatus' | 'lastError' | 'lastErrorCode' | 'nextAttemptAt' | 'deliveredAt' | 'lineItemUrl'
    >
  >,
): Promise<void> {
  await db
    .update(gradeOutbox)
    .set({ ...update, lockedUntil: null })
    .where(eq(gradeOutbox.id, id));
}
