import { and, eq } from 'drizzle-orm';
import type { Db, DbTransaction } from '../db/client';
import { abilitySelections, enrolments, organisations, people, programmeInstances } from '../db/schema';
import { recordAudit } from '../services/audit';
import { schoolYearOf } from '../services/completions/time';
import type { BlobStore } from '../storage';
import { seedEvidence, type DemoEvidencePlan } from './seed-evidence';

/** The demo county: three schools in the three teaching environments, each with two 教研组 and its assessor. */
const SCHOOLS = [
  {
    code: 'DEMO-S1',
    name: '示范县第一小学',
    environment: 'multimedia' as const,
    groups: ['语文组', '数学组'],
    assessor: '钱老师',
  },
  {
    code: 'DEMO-S2',
    name: '示范县实验中学',
    environment: 'blended' as const,
    groups: ['理科组', '文科组'],
    assessor: '郑老师',
  },
  {
    code: 'DEMO-S3',
    name: '示范县智慧学校',
    environment: 'smart' as const,
    groups: ['综合组', '英语组'],
    assessor: '冯老师',
  },
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
/** Three abilities over three dimensions per environment, so each teacher can finish. */
const CHOICES: Record<string, string[]> = {
  multimedia: ['A1', 'A2', 'A5'],
  blended: ['A1', 'B2', 'B4'],
  smart: ['A1', 'C2', 'C4'],
};
/** What the first teachers of each school have done: graded, submitted, a draft; the rest only chose. */
const PLANS: DemoEvidencePlan[] = ['graded', 'submitted', 'draft', 'none'];

export interface DemoWorld {
  countyId: string;
  schools: { id: string; name: string; environment: string; groupIds: string[]; assessorId: string }[];
  programmeInstanceId: string;
  /** The county officer (区县复核); each school has its own assessor (学校评定). */
  assessorId: string;
  teachers: { personId: string; enrolmentId: string; email: string }[];
}

async function organisation(
  tx: DbTransaction,
  values: typeof organisations.$inferInsert & { code: string },
): Promise<string> {
  await tx.insert(organisations).values(values).onConflictDoNothing();
  const [row] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.tenantId, values.tenantId),
        eq(organisations.kind, values.kind),
        eq(organisations.code, values.code),
      ),
    );
  return (row as { id: string }).id;
}

async function person(tx: DbTransaction, tenantId: string, email: string, displayName: string): Promise<string> {
  const [found] = await tx
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.tenantId, tenantId), eq(people.email, email)));
  if (found) return found.id;
  const [created] = await tx.insert(people).values({ tenantId, email, displayName }).returning({ id: people.id });
  return (created as { id: string }).id;
}

/**
 * An idempotent demo: 示范县 with three schools, their groups, twelve teachers enrolled in a cn-national-2.0
 * instance with selections, some evidence, grades and hours. Running it again changes nothing.
 */
/**
 * The demo cohort's dates from today: it started last school year, ends next school year, and its deadline is the
 * end of June after that (school years are named by their starting year and begin in September, Beijing time).
 */
export function demoPeriod(today: Date): { startYear: number; endYear: number; deadline: string; schoolYear: number } {
  const schoolYear = schoolYearOf(today);
  return { startYear: schoolYear - 1, endYear: schoolYear + 1, deadline: `${schoolYear + 2}-06-30`, schoolYear };
}

export async function seedDemo(
  db: Db,
  input: { tenantId: string; storage: BlobStore; today?: Date },
): Promise<DemoWorld> {
  const { tenantId } = input;
  const world = await db.transaction(async (tx) => {
    const countyId = await organisation(tx, { tenantId, kind: 'county', code: 'DEMO-C1', name: '示范县' });
    const schools: DemoWorld['schools'] = [];
    for (const s of SCHOOLS) {
      const id = await organisation(tx, {
        tenantId,
        parentId: countyId,
        kind: 'school',
        code: s.code,
        name: s.name,
        teachingEnvironment: s.environment,
      });
      const groupIds = [];
      for (const [i, g] of s.groups.entries()) {
        const code = `${s.code}-G${i + 1}`;
        groupIds.push(await organisation(tx, { tenantId, parentId: id, kind: 'group', code, name: g }));
      }
      const assessorId = await person(
        tx,
        tenantId,
        `demo-assessor-${s.code.toLowerCase()}@demo.example.cn`,
        `${s.name} ${s.assessor}`,
      );
      schools.push({ id, name: s.name, environment: s.environment, groupIds, assessorId });
    }
    // Dated from today, so a demo user meets a running programme, not one whose deadline passed years ago.
    const period = demoPeriod(input.today ?? new Date());
    const values = {
      name: `示范县能力提升工程2.0（${period.startYear}–${period.endYear + 1}）`,
      startYear: period.startYear,
      endYear: period.endYear,
      parameterOverrides: {
        'period.window': { startYear: period.startYear, endYear: period.endYear },
        'period.deadline': period.deadline,
        // 示范县 grants the Henan county incentives (the national definition leaves them to the instance).
        'registry.creditsOnHoursComplete': 50,
        'incentives.excellentLearnerScore': 100,
        'incentives.modelSchoolAverageScore': 100,
        'incentives.excellentPrincipal': true,
      },
    };
    const [existing] = await tx
      .select({ id: programmeInstances.id })
      .from(programmeInstances)
      .where(
        and(
          eq(programmeInstances.tenantId, tenantId),
          eq(programmeInstances.regionOrganisationId, countyId),
          eq(programmeInstances.definitionId, 'cn-national-2.0'),
        ),
      );
    const [created] = existing
      ? await tx
          .update(programmeInstances)
          .set(values)
          .where(eq(programmeInstances.id, existing.id))
          .returning({ id: programmeInstances.id })
      : await tx
          .insert(programmeInstances)
          .values({
            tenantId,
            definitionId: 'cn-national-2.0',
            definitionVersion: '1',
            regionOrganisationId: countyId,
            batchLabel: '第一批',
            ...values,
          })
          .returning({ id: programmeInstances.id });
    const programmeInstanceId = (created as { id: string }).id;
    const assessorId = await person(tx, tenantId, 'demo-assessor@demo.example.cn', '示范县研训中心 赵老师');
    const teachers: DemoWorld['teachers'] = [];
    for (const [index, surname] of SURNAMES.entries()) {
      const school = schools[index % schools.length] as DemoWorld['schools'][number];
      const email = `demo-teacher-${String(index + 1).padStart(2, '0')}@demo.example.cn`;
      const personId = await person(tx, tenantId, email, `${surname}老师`);
      await tx
        .insert(enrolments)
        .values({
          tenantId,
          programmeInstanceId,
          personId,
          schoolId: school.id,
          groupId: school.groupIds[index % 2] ?? null,
          subject: index % 2 === 0 ? '语文' : '数学',
        })
        .onConflictDoNothing();
      const [enrolment] = await tx
        .select({ id: enrolments.id })
        .from(enrolments)
        .where(and(eq(enrolments.programmeInstanceId, programmeInstanceId), eq(enrolments.personId, personId)));
      const enrolmentId = (enrolment as { id: string }).id;
      const codes = CHOICES[school.environment] ?? [];
      for (const abilityCode of codes) {
        await tx.insert(abilitySelections).values({ tenantId, enrolmentId, abilityCode }).onConflictDoNothing();
      }
      teachers.push({ personId, enrolmentId, email });
    }
    return { countyId, schools, programmeInstanceId, teachers, assessorId };
  });
  for (const [index, teacher] of world.teachers.entries()) {
    const plan = PLANS[Math.floor(index / SCHOOLS.length)] ?? 'none';
    const school = world.schools[index % SCHOOLS.length];
    // The second choice (A2, B2, C2): A2 and C2 carry a written reflection, so the review shows text flags.
    const code = CHOICES[school?.environment ?? 'multimedia']?.[1] ?? 'A2';
    await seedEvidence(db, input.storage, {
      tenantId,
      ...teacher,
      // The school's own assessor gives the seeded school grades, never the county officer.
      assessorId: school?.assessorId ?? world.assessorId,
      abilityCode: code,
      plan,
      index,
      today: input.today ?? new Date(),
    });
  }
  await db.transaction(async (tx) => {
    await recordAudit(tx, {
      tenantId,
      actorLabel: 'system:demo-seed',
      client: 'system',
      action: 'demo.seed',
      entityType: 'programme_instance',
      entityId: world.programmeInstanceId,
      after: { teachers: world.teachers.length, schools: world.schools.length },
    });
  });
  return world;
}
