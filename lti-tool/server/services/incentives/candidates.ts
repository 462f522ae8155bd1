import { and, eq, inArray } from 'drizzle-orm';
import type { IncentiveKindId, IncentiveRulesReply } from '../../../../shared/api/incentives';
import type { Db, DbTransaction } from '../../db/client';
import { incentiveAwards, teacherIncentiveKinds, teacherStatus as ts } from '../../db/schema';
import { minutesToHours } from '../schools/figures';
import { deadlineOf } from '../schools/overview';
import type { OversightScope } from '../schools/scope';
import { programmeOf } from '../teacher-journey/course-link';
import {
  addTeacherResults,
  averageScore,
  incentiveRulesOf,
  kindEnabled,
  schoolEligible,
  teacherEligible,
  trainingScore,
  type SchoolResults,
  type TeacherFigures,
} from './rules';

export const isTeacherKind = (kind: IncentiveKindId) => teacherIncentiveKinds.includes(kind);

/** The incentive rules of the scope's programme instance (its definition with the instance's overrides). */
export async function rulesOfScope(db: Db, scope: OversightScope): Promise<IncentiveRulesReply | null> {
  const { instance } = await deadlineOf(db, scope);
  return incentiveRulesOf(programmeOf(instance).programme);
}

/** One candidate (or awarded subject) of a kind, with the engine's figures the rule read. */
export interface Candidate {
  subjectId: string;
  schoolId: string;
  eligible: boolean;
  basis: Record<string, number | null>;
}

/** The status rows of the schools (optionally only some enrolments): the only input of every rule. */
async function statusRows(db: Db | DbTransaction, scope: OversightScope, schoolIds: string[], enrolmentIds?: string[]) {
  if (schoolIds.length === 0) return [];
  return db
    .select({
      enrolmentId: ts.enrolmentId,
      schoolId: ts.schoolId,
      unmetRequirements: ts.unmetRequirements,
      grade: ts.grade,
      onlineMinutes: ts.onlineMinutes,
      practiceMinutes: ts.practiceMinutes,
      abilitiesGraded: ts.abilitiesGraded,
      abilitiesPassed: ts.abilitiesPassed,
      abilitiesExcellent: ts.abilitiesExcellent,
    })
    .from(ts)
    .where(
      and(
        eq(ts.tenantId, scope.tenantId),
        eq(ts.programmeInstanceId, scope.programmeInstanceId),
        inArray(ts.schoolId, schoolIds),
        enrolmentIds ? inArray(ts.enrolmentId, enrolmentIds) : undefined,
      ),
    );
}

const teacherBasis = (
  rules: IncentiveRulesReply,
  row: TeacherFigures & { onlineMinutes: number; practiceMinutes: number },
) => ({
  onlineHours: minutesToHours(row.onlineMinutes),
  practiceHours: minutesToHours(row.practiceMinutes),
  score: trainingScore(rules, row),
});

const schoolBasis = (s: SchoolResults) => ({
  averageScore: averageScore(s),
  teachers: s.teachers,
  teachersGraded: s.teachersGraded,
  resultsGraded: s.resultsGraded,
});

/**
 * Every subject of a kind in the schools with the rule's verdict: teachers (optionally only `subjectIds`) or
 * schools. Schools without a status row are schools without teachers: never candidates.
 */
export async function candidatesOf(
  db: Db | DbTransaction,
  scope: OversightScope,
  rules: IncentiveRulesReply,
  kind: IncentiveKindId,
  schoolIds: string[],
  subjectIds?: string[],
): Promise<Candidate[]> {
  if (isTeacherKind(kind)) {
    const rows = await statusRows(db, scope, schoolIds, subjectIds);
    return rows.map((row) => ({
      subjectId: row.enrolmentId,
      schoolId: row.schoolId,
      eligible: teacherEligible(rules, kind, row),
      basis: teacherBasis(rules, row),
    }));
  }
  const schools = subjectIds ? schoolIds.filter((id) => subjectIds.includes(id)) : schoolIds;
  const results = new Map<string, SchoolResults>();
  for (const row of await statusRows(db, scope, schools)) {
    let s = results.get(row.schoolId);
    if (!s) results.set(row.schoolId, (s = { teachers: 0, teachersGraded: 0, resultsGraded: 0, scoreSum: 0 }));
    addTeacherResults(rules, s, row);
  }
  return [...results].map(([schoolId, s]) => ({
    subjectId: schoolId,
    schoolId,
    eligible: kindEnabled(rules, kind) && schoolEligible(rules, s),
    basis: schoolBasis(s),
  }));
}

/** The counts of eligible teachers and schools per kind, from one read of the rows. */
export async function candidateCounts(
  db: Db,
  scope: OversightScope,
  rules: IncentiveRulesReply,
  schoolIds: string[],
): Promise<Record<IncentiveKindId, number>> {
  const counts = { credits: 0, excellent_learner: 0, model_school: 0, excellent_principal: 0 };
  const results = new Map<string, SchoolResults>();
  for (const row of await statusRows(db, scope, schoolIds)) {
    if (teacherEligible(rules, 'credits', row)) counts.credits += 1;
    if (teacherEligible(rules, 'excellent_learner', row)) counts.excellent_learner += 1;
    let s = results.get(row.schoolId);
    if (!s) results.set(row.schoolId, (s = { teachers: 0, teachersGraded: 0, resultsGraded: 0, scoreSum: 0 }));
    addTeacherResults(rules, s, row);
  }
  for (const s of results.values()) {
    if (schoolEligible(rules, s)) counts.model_school += 1;
  }
  counts.excellent_principal = rules.excellentPrincipal ? counts.model_school : 0;
  return counts;
}

/** The county's decisions of the schools (optionally one kind), for the list and the summary. */
export async function awardsOf(
  db: Db | DbTransaction,
  scope: OversightScope,
  schoolIds: string[],
  kind?: IncentiveKindId,
) {
  if (schoolIds.length === 0) return [];
  return db
    .select()
    .from(incentiveAwards)
    .where(
      and(
        eq(incentiveAwards.tenantId, scope.tenantId),
        eq(incentiveAwards.programmeInstanceId, scope.programmeInstanceId),
        inArray(incentiveAwards.schoolId, schoolIds),
        kind ? eq(incentiveAwards.kind, kind) : undefined,
      ),
    );
}
