import { eq } from 'drizzle-orm';
import { findProgramme, type BelowPassRule } from '../../../../shared/domain';
import type { Db } from '../../db/client';
import { programmeInstances } from '../../db/schema';
import { instanceProgramme } from '../programme-instance-rules';
import type { CourseMapping } from './course-mappings';
import type { ClaimPart, CompletionClaim } from './record';

// What a claim stands for under the tenant's rules: the completions its course's abilities make, and the
// programme's rule for a completion below the pass grade.

/** Each programme instance's below-pass rule (the definition with the instance's overrides), by instance id. */
export async function belowPassRules(
  db: Db,
  tenantId: string,
): Promise<(instanceId: string) => BelowPassRule | undefined> {
  const rows = await db
    .select({
      id: programmeInstances.id,
      definitionId: programmeInstances.definitionId,
      overrides: programmeInstances.parameterOverrides,
    })
    .from(programmeInstances)
    .where(eq(programmeInstances.tenantId, tenantId));
  const rules = new Map<string, BelowPassRule>();
  for (const row of rows) {
    const definition = findProgramme(row.definitionId);
    const rule = definition && instanceProgramme(definition, row.overrides).completions?.belowPassGrade.value;
    if (rule) rules.set(row.id, rule);
  }
  return (instanceId) => rules.get(instanceId);
}

/** The completions a claim stands for: one per ability of its course (explicit hours only for a single one). */
export function partsOf(claim: CompletionClaim, course: CourseMapping | undefined): ClaimPart[] {
  if (!course) return [];
  if (course.abilities.length === 1) {
    const only = course.abilities[0]!;
    const hours = claim.hours ?? only.hours;
    return [{ abilityCode: only.abilityCode, hours: Math.round(hours * 100) / 100, externalId: claim.externalId }];
  }
  return course.abilities.map((a) => ({
    abilityCode: a.abilityCode,
    hours: a.hours,
    externalId: `${claim.externalId}#${a.abilityCode}`,
  }));
}
