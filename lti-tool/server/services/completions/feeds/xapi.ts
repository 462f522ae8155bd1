import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { courseCompletions, xapiStatements } from '../../../db/schema';
import type { AuditActor } from '../../audit';
import { issue, type Issue } from '../issues';
import { voidCompletion } from '../ledger';
import { recordCompletions, type ClaimOutcome, type CompletionClaim, type TeacherRef } from '../record';
import { sourceUtcOffset, type CompletionSource } from '../sources';

const isUuid = (value: string) => z.uuid().safeParse(value).success;

export const XAPI_VERBS = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  voided: 'http://adlnet.gov/expapi/verbs/voided',
} as const;
const CREDITING = new Set<string>([XAPI_VERBS.completed, XAPI_VERBS.passed]);

/** The xAPI versions we accept in `X-Experience-API-Version` (1.0.x; 2.0.0 statements have the same shape here). */
export const XAPI_VERSION = /^(1\.0(\.[0-3])?|2\.0(\.0)?)$/;

const languageMap = z.record(z.string(), z.string());
const agentSchema = z.looseObject({
  objectType: z.enum(['Agent', 'Group']).optional(),
  name: z.string().optional(),
  mbox: z
    .string()
    .regex(/^mailto:[^@\s]+@[^@\s]+$/i)
    .optional(),
  mbox_sha1sum: z.string().optional(),
  openid: z.string().optional(),
  account: z.looseObject({ homePage: z.string(), name: z.string().min(1) }).optional(),
});

/** xAPI 1.0.3 statement, as far as we read it; unknown properties are kept in the stored copy. */
export const xapiStatementSchema = z.looseObject({
  id: z.uuid().optional(),
  actor: agentSchema,
  verb: z.looseObject({ id: z.string().min(1).max(2000), display: languageMap.optional() }),
  object: z.looseObject({
    objectType: z.enum(['Activity', 'Agent', 'Group', 'StatementRef', 'SubStatement']).optional(),
    id: z.string().min(1).max(2000),
    definition: z.looseObject({ name: languageMap.optional() }).optional(),
  }),
  result: z
    .looseObject({
      completion: z.boolean().optional(),
      success: z.boolean().optional(),
      duration: z.string().optional(),
    })
    .optional(),
  context: z.looseObject({}).optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
});
export type XapiStatement = z.infer<typeof xapiStatementSchema>;

export const xapiBatchSchema = z.union([xapiStatementSchema, z.array(xapiStatementSchema).min(1).max(1000)]);

export interface StatementOutcome {
  id: string;
  outcome: 'credited' | 'duplicate' | 'stored' | 'ignored' | 'rejected' | 'voided' | 'already_stored';
  issues: Issue[];
}

function teacherOf(actor: XapiStatement['actor'], source: CompletionSource): TeacherRef | undefined {
  if (actor.mbox) return { by: 'email', value: actor.mbox.slice('mailto:'.length) };
  if (actor.account) return { by: source.platformId ? 'lti_user_id' : 'email', value: actor.account.name };
  return undefined;
}

function titleOf(object: XapiStatement['object']): string | undefined {
  const name = object.definition?.name;
  if (!name) return undefined;
  return name['zh-CN'] ?? name['zh'] ?? name['en-US'] ?? name['en'] ?? Object.values(name)[0];
}

/**
 * Takes statements as an LMS plugin sends them (the xAPI `POST /statements` body). Every statement is stored once
 * (idempotent by statement id within the tenant); `completed` and `passed` on a mapped activity credit the course
 * (the statement id is the completion's external id); `voided` takes the hours of the statement it voids back
 * with a correcting entry. Statements about unknown teachers or courses are stored and reported, not credited.
 */
export async function receiveStatements(
  db: Db,
  input: { source: CompletionSource; statements: XapiStatement[]; actor: AuditActor; now?: Date },
): Promise<StatementOutcome[]> {
  const { source } = input;
  const now = input.now ?? new Date();
  const statements = input.statements.map((s) => ({ ...s, id: s.id ?? randomUUID() }));
  return db.transaction(async (tx) => {
    const ids = statements.map((s) => s.id);
    const known = new Set(
      (
        await tx
          .select({ id: xapiStatements.statementId })
          .from(xapiStatements)
          .where(and(eq(xapiStatements.tenantId, source.tenantId), inArray(xapiStatements.statementId, ids)))
      ).map((r) => r.id),
    );
    const outcomes: StatementOutcome[] = [];
    const claims: { claim: CompletionClaim; index: number }[] = [];
    const voids: { target: string; index: number }[] = [];
    const seen = new Set<string>();
    statements.forEach((s, index) => {
      const outcome: StatementOutcome = { id: s.id, outcome: 'stored', issues: [] };
      outcomes.push(outcome);
      if (known.has(s.id) || seen.has(s.id)) {
        outcome.outcome = 'already_stored';
        return;
      }
      seen.add(s.id);
      if (s.verb.id === XAPI_VERBS.voided) {
        if (s.object.objectType !== 'StatementRef' || !isUuid(s.object.id)) outcome.outcome = 'rejected';
        else voids.push({ target: s.object.id, index });
        return;
      }
      if (!CREDITING.has(s.verb.id)) {
        outcome.outcome = 'ignored';
        outcome.issues.push(issue('unsupported_verb', 'verb.id', s.verb.id));
        return;
      }
      if (s.result?.success === false || s.result?.completion === false) {
        outcome.outcome = 'ignored';
        outcome.issues.push(issue('not_completed', 'result'));
        return;
      }
      const teacher = teacherOf(s.actor, source);
      if (!teacher) {
        outcome.outcome = 'rejected';
        outcome.issues.push(issue('unknown_teacher', 'actor'));
        return;
      }
      const title = titleOf(s.object);
      claims.push({
        index,
        claim: {
          externalId: s.id,
          teacher,
          courseRef: s.object.id,
          ...(title ? { courseTitle: title } : {}),
          completedAt: s.timestamp ? new Date(s.timestamp) : now,
          evidence: { statementId: s.id, verb: s.verb.id, activity: s.object.id, timestamp: s.timestamp ?? null },
        },
      });
    });

    const results: ClaimOutcome[] = await recordCompletions(
      tx,
      {
        tenantId: source.tenantId,
        sourceKind: 'xapi',
        sourceId: source.id,
        programmeInstanceId: source.programmeInstanceId,
        platformId: source.platformId,
        recorder: { system: `xapi:${source.name}` },
        actor: input.actor,
        utcOffset: sourceUtcOffset(source),
      },
      claims.map((c) => c.claim),
    );
    results.forEach((result, i) => {
      const outcome = outcomes[claims[i]!.index]!;
      if (result.status === 'created') outcome.outcome = 'credited';
      else if (result.status === 'unchanged') outcome.outcome = 'duplicate';
      else if (result.status === 'duplicate' || result.status === 'rejected') {
        outcome.outcome = result.status;
        outcome.issues.push(...result.issues);
      }
    });

    for (const { target, index } of voids) {
      const outcome = outcomes[index]!;
      const [completion] = await tx
        .select({ id: courseCompletions.id })
        .from(courseCompletions)
        .where(
          and(
            eq(courseCompletions.tenantId, source.tenantId),
            eq(courseCompletions.sourceKind, 'xapi'),
            eq(courseCompletions.sourceId, source.id),
            eq(courseCompletions.externalId, target),
          ),
        );
      if (!completion) {
        const [stored] = await tx
          .select({ id: xapiStatements.id })
          .from(xapiStatements)
          .where(
            and(
              eq(xapiStatements.tenantId, source.tenantId),
              eq(xapiStatements.sourceId, source.id),
              eq(xapiStatements.statementId, target),
            ),
          );
        outcome.outcome = stored ? 'voided' : 'rejected';
        if (!stored) outcome.issues.push(issue('voided_target_unknown', 'object.id', target));
        continue;
      }
      await voidCompletion(tx, {
        tenantId: source.tenantId,
        completionId: completion.id,
        reason: `xAPI statement ${target} voided by ${outcomes[index]!.id}`,
        recorder: { system: `xapi:${source.name}` },
        actor: input.actor,
      });
      outcome.outcome = 'voided';
    }

    const fresh = statements.flatMap((s, i) =>
      outcomes[i]!.outcome === 'already_stored'
        ? []
        : [
            {
              tenantId: source.tenantId,
              sourceId: source.id,
              statementId: s.id,
              verb: s.verb.id,
              objectId: s.object.id,
              voidedStatementId: s.verb.id === XAPI_VERBS.voided && isUuid(s.object.id) ? s.object.id : null,
              outcome: outcomes[i]!.outcome,
              statement: { ...s, stored: now.toISOString() } as Record<string, unknown>,
            },
          ],
    );
    for (let i = 0; i < fresh.length; i += 500) {
      await tx
        .insert(xapiStatements)
        .values(fresh.slice(i, i + 500))
        .onConflictDoNothing();
    }
    return outcomes;
  });
}
