import { and, eq, inArray } from 'drizzle-orm';
import type {
  ConfirmIncentivesBody,
  DecideIncentivesReply,
  WithdrawIncentivesBody,
} from '../../../../shared/api/incentives';
import type { Db, DbTransaction } from '../../db/client';
import { enrolments, incentiveAwards, organisations } from '../../db/schema';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import type { OversightScope } from '../schools/scope';
import { candidatesOf, isTeacherKind, rulesOfScope } from './candidates';
import { kindEnabled } from './rules';

type Award = typeof incentiveAwards.$inferSelect;
type Outcome = DecideIncentivesReply['results'][number]['outcome'];

/**
 * The schools of the subjects (enrolments or schools of this tenant and instance), each checked against the scope:
 * anything outside it is "not found" (it leaks nothing); a school the actor sees but is not the county officer of
 * is refused. The whole call fails before any change.
 */
async function subjectsInCounty(tx: DbTransaction, scope: OversightScope, teacherKind: boolean, ids: string[]) {
  const rows = teacherKind
    ? await tx
        .select({ subjectId: enrolments.id, schoolId: enrolments.schoolId, personId: enrolments.personId })
        .from(enrolments)
        .where(
          and(
            eq(enrolments.tenantId, scope.tenantId),
            eq(enrolments.programmeInstanceId, scope.programmeInstanceId),
            inArray(enrolments.id, ids),
          ),
        )
    : (
        await tx
          .select({ subjectId: organisations.id })
          .from(organisations)
          .where(
            and(
              eq(organisations.tenantId, scope.tenantId),
              eq(organisations.kind, 'school'),
              inArray(organisations.id, ids),
            ),
          )
      ).map((r) => ({ ...r, schoolId: r.subjectId, personId: null }));
  const found = new Map(rows.map((r) => [r.subjectId, r]));
  const missing = ids.filter((id) => !found.has(id) || !scope.schoolIds.has(found.get(id)!.schoolId));
  if (missing.length > 0) throw new DomainError('not_found', { field: 'subjectIds', subjectIds: missing });
  const notMine = rows.filter((r) => !scope.countySchoolIds.has(r.schoolId)).map((r) => r.subjectId);
  if (notMine.length > 0) throw new DomainError('incentive_county_required', { subjectIds: notMine });
  return found;
}

async function lockAwards(tx: DbTransaction, scope: OversightScope, kind: Award['kind'], ids: string[]) {
  const column = isTeacherKind(kind) ? incentiveAwards.enrolmentId : incentiveAwards.schoolId;
  const rows = await tx
    .select()
    .from(incentiveAwards)
    .where(
      and(
        eq(incentiveAwards.tenantId, scope.tenantId),
        eq(incentiveAwards.programmeInstanceId, scope.programmeInstanceId),
        eq(incentiveAwards.kind, kind),
        inArray(column, ids),
      ),
    )
    .for('update');
  return new Map(rows.map((a) => [(a.enrolmentId ?? a.schoolId) as string, a]));
}

const snapshot = (a: Award | undefined) =>
  a ? { status: a.status, credits: a.credits, withdrawReason: a.withdrawReason } : undefined;

/**
 * The county officer confirms incentives: each subject must meet the rule on the engine's rows now (else 409 naming
 * them, nothing changed). Confirming a confirmed award changes nothing; a withdrawn one is confirmed again. Audited.
 */
export async function confirmIncentives(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  body: ConfirmIncentivesBody,
): Promise<DecideIncentivesReply> {
  return decide(db, scope, actor, body.kind, [...new Set(body.subjectIds)], null);
}

/** The county officer withdraws confirmed incentives with a reason; one never confirmed, or withdrawn, is unchanged. */
export async function withdrawIncentives(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  body: WithdrawIncentivesBody,
): Promise<DecideIncentivesReply> {
  return decide(db, scope, actor, body.kind, [...new Set(body.subjectIds)], body.reason);
}

async function decide(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  kind: Award['kind'],
  ids: string[],
  withdrawReason: string | null,
): Promise<DecideIncentivesReply> {
  const rules = await rulesOfScope(db, scope);
  if (!rules || !kindEnabled(rules, kind)) throw new DomainError('incentives_off', { field: 'kind', kind });
  return db.transaction(async (tx) => {
    const subjects = await subjectsInCounty(tx, scope, isTeacherKind(kind), ids);
    const awards = await lockAwards(tx, scope, kind, ids);
    const schoolIds = [...new Set([...subjects.values()].map((s) => s.schoolId))];
    const verdicts = new Map((await candidatesOf(tx, scope, rules, kind, schoolIds, ids)).map((c) => [c.subjectId, c]));
    const results: { subjectId: string; outcome: Outcome }[] = [];
    if (withdrawReason === null) {
      const refused = ids.filter((id) => !verdicts.get(id)?.eligible && awards.get(id)?.status !== 'confirmed');
      if (refused.length > 0)
        throw new DomainError('incentive_not_eligible', { field: 'subjectIds', subjectIds: refused });
    }
    const now = new Date();
    for (const id of ids) {
      const before = awards.get(id);
      const subject = subjects.get(id)!;
      const target = withdrawReason === null ? 'confirmed' : 'withdrawn';
      if (before?.status === target || (target === 'withdrawn' && !before)) {
        results.push({ subjectId: id, outcome: 'unchanged' });
        continue;
      }
      const values = {
        status: target,
        decidedBy: actor.personId,
        decidedAt: now,
        withdrawReason,
        ...(target === 'confirmed'
          ? {
              basis: verdicts.get(id)?.basis ?? {},
              credits: kind === 'credits' ? rules.creditsOnHoursComplete : null,
            }
          : {}),
      } as const;
      const [after] = before
        ? await tx.update(incentiveAwards).set(values).where(eq(incentiveAwards.id, before.id)).returning()
        : await tx
            .insert(incentiveAwards)
            .values({
              tenantId: scope.tenantId,
              programmeInstanceId: scope.programmeInstanceId,
              kind,
              schoolId: subject.schoolId,
              enrolmentId: isTeacherKind(kind) ? id : null,
              basis: {},
              ...values,
            })
            .returning();
      await recordAudit(tx, {
        tenantId: scope.tenantId,
        subjectPersonId: subject.personId,
        ...auditActor(actor),
        action: target === 'confirmed' ? 'incentive.confirm' : 'incentive.withdraw',
        entityType: 'incentive_award',
        entityId: after!.id,
        before: snapshot(before),
        after: { kind, subjectId: id, schoolId: subject.schoolId, basis: after!.basis, ...snapshot(after) },
      });
      results.push({ subjectId: id, outcome: target });
    }
    return { kind, results, changed: results.filter((r) => r.outcome !== 'unchanged').length };
  });
}
