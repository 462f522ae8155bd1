import { and, eq, inArray } from 'drizzle-orm';
import {
  INCENTIVE_KINDS,
  type IncentiveItem,
  type IncentivesQuery,
  type IncentivesReply,
} from '../../../../shared/api/incentives';
import type { Db } from '../../db/client';
import type { incentiveAwards } from '../../db/schema';
import { enrolments, organisations, people } from '../../db/schema';
import { schoolsFor } from '../schools/overview';
import type { OversightScope } from '../schools/scope';
import { awardsOf, candidateCounts, candidatesOf, isTeacherKind, rulesOfScope, type Candidate } from './candidates';
import { kindEnabled } from './rules';

type Award = typeof incentiveAwards.$inferSelect;

/**
 * The incentives of the scope (or of one organisation in it): the rules, per kind how many teachers or schools the
 * engine's rows make candidates and how many the county confirmed or withdrew, and one kind's list, a page at a
 * time. A subject is listed while it is a candidate or has a decision (a confirmed award stays visible, flagged,
 * after its subject falls back).
 */
export async function incentivesOf(db: Db, scope: OversightScope, query: IncentivesQuery): Promise<IncentivesReply> {
  const schoolIds = await schoolsFor(db, scope, query.organisationId);
  const rules = await rulesOfScope(db, scope);
  const page = { kind: query.kind, offset: query.offset, limit: query.limit };
  if (!rules) {
    const summary = INCENTIVE_KINDS.map((kind) => ({
      kind,
      enabled: false,
      candidates: 0,
      confirmed: 0,
      withdrawn: 0,
    }));
    return { rules: null, summary, total: 0, items: [], ...page };
  }
  const awards = await awardsOf(db, scope, schoolIds);
  const counts = await candidateCounts(db, scope, rules, schoolIds);
  const summary = INCENTIVE_KINDS.map((kind) => ({
    kind,
    enabled: kindEnabled(rules, kind),
    candidates: kindEnabled(rules, kind) ? counts[kind] : 0,
    confirmed: awards.filter((a) => a.kind === kind && a.status === 'confirmed').length,
    withdrawn: awards.filter((a) => a.kind === kind && a.status === 'withdrawn').length,
  }));
  const mine = awards.filter((a) => a.kind === query.kind);
  const awardOf = new Map(mine.map((a) => [a.enrolmentId ?? a.schoolId, a]));
  const listed = (await candidatesOf(db, scope, rules, query.kind, schoolIds)).filter(
    (c) => c.eligible || awardOf.has(c.subjectId),
  );
  const names = await namesOf(db, scope, query.kind, listed);
  const sorted = listed
    .map((c) => ({ c, school: names.schools.get(c.schoolId), name: names.subjects.get(c.subjectId) ?? null }))
    .sort(
      (a, b) =>
        (a.school?.code ?? a.school?.name ?? '').localeCompare(b.school?.code ?? b.school?.name ?? '', 'zh-CN') ||
        (a.name ?? '').localeCompare(b.name ?? '', 'zh-CN') ||
        a.c.subjectId.localeCompare(b.c.subjectId),
    );
  const deciders = await deciderNames(db, mine);
  const items: IncentiveItem[] = sorted.slice(query.offset, query.offset + query.limit).map(({ c, school, name }) => {
    const award = awardOf.get(c.subjectId);
    return {
      kind: query.kind,
      subjectId: c.subjectId,
      schoolId: c.schoolId,
      schoolName: school?.name ?? '',
      name,
      basis: c.basis,
      eligible: c.eligible,
      award: award
        ? {
            status: award.status,
            credits: award.credits,
            decidedAt: award.decidedAt.toISOString(),
            decidedBy: award.decidedBy ? (deciders.get(award.decidedBy) ?? null) : null,
            withdrawReason: award.withdrawReason,
          }
        : null,
      canDecide: scope.countySchoolIds.has(c.schoolId) && kindEnabled(rules, query.kind),
    };
  });
  return { rules, summary, total: sorted.length, items, ...page };
}

/** Schools' names and codes; teachers' names (teacher kinds); 优秀校长: the recorded principal (none until one is). */
async function namesOf(db: Db, scope: OversightScope, kind: IncentivesQuery['kind'], listed: Candidate[]) {
  const schoolIds = [...new Set(listed.map((c) => c.schoolId))];
  const schools = new Map<string, { name: string; code: string | null }>();
  const subjects = new Map<string, string>();
  if (schoolIds.length === 0) return { schools, subjects };
  for (const o of await db
    .select({ id: organisations.id, name: organisations.name, code: organisations.code })
    .from(organisations)
    .where(and(eq(organisations.tenantId, scope.tenantId), inArray(organisations.id, schoolIds)))) {
    schools.set(o.id, { name: o.name, code: o.code });
  }
  if (isTeacherKind(kind)) {
    const ids = listed.map((c) => c.subjectId);
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await db
        .select({ id: enrolments.id, name: people.displayName })
        .from(enrolments)
        .innerJoin(people, eq(people.id, enrolments.personId))
        .where(and(eq(enrolments.tenantId, scope.tenantId), inArray(enrolments.id, ids.slice(i, i + 1000))));
      for (const r of rows) subjects.set(r.id, r.name);
    }
  } else if (kind === 'model_school') {
    for (const [id, s] of schools) subjects.set(id, s.name);
  } else {
    // 优秀校长: the principal the school profile records (organisations.principal_person_id).
    const principals = await db
      .select({ id: organisations.id, name: people.displayName })
      .from(organisations)
      .innerJoin(people, eq(people.id, organisations.principalPersonId))
      .where(and(eq(organisations.tenantId, scope.tenantId), inArray(organisations.id, schoolIds)));
    for (const p of principals) subjects.set(p.id, p.name);
  }
  return { schools, subjects };
}

async function deciderNames(db: Db, awards: Award[]) {
  const ids = [...new Set(awards.map((a) => a.decidedBy).filter((id): id is string => id !== null))];
  const map = new Map<string, string>();
  if (ids.length === 0) return map;
  const rows = await db.select({ id: people.id, name: people.displayName }).from(people).where(inArray(people.id, ids));
  for (const r of rows) map.set(r.id, r.name);
  return map;
}
