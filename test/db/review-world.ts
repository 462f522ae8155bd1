import { eq } from 'drizzle-orm';
import { getCatalogue, getProgramme } from '../../shared/domain';
import type { Db } from '../../lti-tool/server/db/client';
import { evidenceItems, organisations, people, programmeInstances, submissions } from '../../lti-tool/server/db/schema';
import type { ReviewScope } from '../../lti-tool/server/services/review/scope';
import { seedTeacher, type SeededTeacher } from './seed';

/**
 * A seeded teacher on Henan 2.0 with the two review levels' people: a school assessor (李评审, course linked to the
 * school) and a county officer (区县王老师, course linked to the county). `submitted()` adds a submission of an ability
 * with its required items, ready for the school's grade.
 */
export interface ReviewWorld {
  world: SeededTeacher;
  schoolScope: ReviewScope;
  countyScope: ReviewScope;
  /** The same scopes for another person (two officers at one level, or one person at both). */
  scopeOf(personId: string, level: 'school' | 'county'): ReviewScope;
  submitted(abilityCode?: string): Promise<typeof submissions.$inferSelect>;
}

export async function seedReviewWorld(db: Db, slug: string): Promise<ReviewWorld> {
  const world = await seedTeacher(db, slug);
  const [instance] = await db
    .select()
    .from(programmeInstances)
    .where(eq(programmeInstances.id, world.programmeInstanceId));
  const assessors = await db
    .insert(people)
    .values([
      { tenantId: world.tenantId, displayName: '李评审' },
      { tenantId: world.tenantId, displayName: '区县王老师' },
    ])
    .returning();
  const orgs = await db.select().from(organisations).where(eq(organisations.tenantId, world.tenantId));
  const scopeOf = (personId: string, level: 'school' | 'county'): ReviewScope => {
    const orgId = level === 'school' ? world.schoolId : world.countyId;
    return {
      tenantId: world.tenantId,
      personId,
      link: {
        id: orgId,
        contextId: `ctx-${orgId}`,
        instance: instance!,
        organisation: orgs.find((o) => o.id === orgId)!,
      },
      schoolIds: [world.schoolId],
      county: level === 'county',
    };
  };
  const submitted = async (abilityCode = 'A1') => {
    const [row] = await db
      .insert(submissions)
      .values({ tenantId: world.tenantId, enrolmentId: world.enrolmentId, abilityCode, state: 'submitted', version: 2 })
      .returning();
    await db.insert(evidenceItems).values(
      slotsOf(abilityCode).map((slotId) => ({
        tenantId: world.tenantId,
        submissionId: row!.id,
        slotId,
        kind: 'text' as const,
        text: '学情分析',
      })),
    );
    return row!;
  };
  return {
    world,
    schoolScope: scopeOf(assessors[0]!.id, 'school'),
    countyScope: scopeOf(assessors[1]!.id, 'county'),
    scopeOf,
    submitted,
  };
}

const catalogue = getCatalogue(getProgramme('cn-henan-2.0').catalogueId);

/** The required evidence slots of a Henan ability (the items `submitted()` provides). */
export function slotsOf(abilityCode: string): string[] {
  const ability = catalogue.abilities.find((a) => a.code === abilityCode);
  if (!ability) throw new Error(`no ability ${abilityCode}`);
  return ability.evidence.slots.filter((s) => s.required).map((s) => s.id);
}

/** The same grade for every item of a submitted ability (A1 unless named). */
export const allGrades = (grade: 'pass' | 'fail' | 'excellent', abilityCode = 'A1') =>
  slotsOf(abilityCode).map((slotId) => ({ slotId, grade }));
