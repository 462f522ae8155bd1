import { and, eq } from 'drizzle-orm';
import { apiBatchBody, apiCompletionBody, type ApiCompletionBody } from '../../../../../shared/api/completions';
import type { Db } from '../../../db/client';
import { courseCompletions } from '../../../db/schema';
import type { AuditActor } from '../../audit';
import type { Issue } from '../issues';
import { voidCompletion } from '../ledger';
import { recordCompletions, type CompletionClaim, type TeacherRef } from '../record';
import { sourceUtcOffset, type CompletionSource } from '../sources';

// The request schemas are the shared contract's; the names stay for the callers.
export const apiCompletionSchema = apiCompletionBody;
export type ApiCompletion = ApiCompletionBody;
export { MAX_API_BATCH } from '../../../../../shared/api/completions';
export const apiBatchSchema = apiBatchBody;

export interface ApiCompletionResult {
  externalId: string;
  status: 'created' | 'unchanged' | 'duplicate' | 'rejected';
  completionId?: string;
  hours?: number;
  abilityCode?: string;
  /** Each ability the course credited, with its hours (a course may teach several). */
  abilities?: Array<{ abilityCode: string; hours: number }>;
  schoolYear?: number;
  issues: Issue[];
}

function teacherRef(teacher: ApiCompletion['teacher']): TeacherRef {
  if ('email' in teacher) return { by: 'email', value: teacher.email };
  if ('ltiUserId' in teacher) return { by: 'lti_user_id', value: teacher.ltiUserId };
  return { by: 'person_id', value: teacher.personId };
}

/** Records completions sent by an API source; idempotent by (source, externalId). */
export async function recordApiCompletions(
  db: Db,
  input: { source: CompletionSource; completions: ApiCompletion[]; actor: AuditActor; requestId?: string },
): Promise<ApiCompletionResult[]> {
  const { source } = input;
  const claims: CompletionClaim[] = input.completions.map((c) => ({
    externalId: c.externalId,
    teacher: teacherRef(c.teacher),
    courseRef: c.courseRef,
    ...(c.courseTitle ? { courseTitle: c.courseTitle } : {}),
    completedAt: new Date(c.completedAt),
    ...(c.hours !== undefined ? { hours: c.hours } : {}),
    evidence: { api: { source: source.name, requestId: input.requestId ?? null, body: c } },
  }));
  const outcomes = await recordCompletions(
    db,
    {
      tenantId: source.tenantId,
      sourceKind: 'api',
      sourceId: source.id,
      programmeInstanceId: source.programmeInstanceId,
      platformId: source.platformId,
      recorder: { system: `api:${source.name}` },
      actor: input.actor,
      utcOffset: sourceUtcOffset(source),
    },
    claims,
  );
  return outcomes.map((o, i): ApiCompletionResult => {
    const externalId = claims[i]!.externalId;
    switch (o.status) {
      case 'created':
      case 'would_create':
        return {
          externalId,
          status: 'created',
          completionId: o.status === 'created' ? o.completionId : undefined,
          hours: o.hours,
          abilityCode: o.parts.length === 1 ? o.parts[0]!.abilityCode : undefined,
          abilities: o.parts.map(({ abilityCode, hours }) => ({ abilityCode, hours })),
          schoolYear: o.schoolYear,
          issues: [],
        };
      case 'unchanged':
        return { externalId, status: 'unchanged', completionId: o.completionId, issues: [] };
      case 'not_credited': // API claims never say "below pass"; counted as a rejection if one ever did
        return { externalId, status: 'rejected', issues: o.issues };
      default:
        return { externalId, status: o.status, issues: o.issues };
    }
  });
}

/** Voids a completion this source sent earlier; null when unknown, false when it held no hours any more. */
export async function voidApiCompletion(
  db: Db,
  input: { source: CompletionSource; externalId: string; reason: string; actor: AuditActor },
): Promise<{ correctionId: string | null } | null> {
  const [completion] = await db
    .select({ id: courseCompletions.id })
    .from(courseCompletions)
    .where(
      and(
        eq(courseCompletions.tenantId, input.source.tenantId),
        eq(courseCompletions.sourceKind, 'api'),
        eq(courseCompletions.sourceId, input.source.id),
        eq(courseCompletions.externalId, input.externalId),
      ),
    );
  if (!completion) return null;
  const correctionId = await voidCompletion(db, {
    tenantId: input.source.tenantId,
    completionId: completion.id,
    reason: input.reason,
    recorder: { system: `api:${input.source.name}` },
    actor: input.actor,
  });
  return { correctionId };
}
