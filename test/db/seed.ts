import { getProgramme } from '../../shared/domain';
import type { Db, DbTransaction } from '../../lti-tool/server/db/client';
import {
  enrolments,
  organisations,
  people,
  platforms,
  programmeInstances,
  tenants,
} from '../../lti-tool/server/db/schema';

const HENAN = getProgramme('cn-henan-2.0');

/** The smallest world a row can belong to: a tenant with a county, a school, a teacher enrolled in a cohort. */
export interface SeededTeacher {
  tenantId: string;
  platformId: string;
  countyId: string;
  schoolId: string;
  personId: string;
  programmeInstanceId: string;
  enrolmentId: string;
}

/** A tenant and its active Moodle registration, both named after `slug`: the start of every seeded world. */
export async function insertTenantWithPlatform(tx: DbTransaction, slug: string) {
  const [tenant] = await tx
    .insert(tenants)
    .values({ slug, name: `Tenant ${slug}` })
    .returning();
  const tenantId = tenant!.id;
  const [platform] = await tx
    .insert(platforms)
    .values({
      tenantId,
      name: 'Moodle',
      issuer: `https://moodle.${slug}.example`,
      clientId: 'client-1',
      authLoginUrl: `https://moodle.${slug}.example/mod/lti/auth.php`,
      accessTokenUrl: `https://moodle.${slug}.example/mod/lti/token.php`,
      jwksUrl: `https://moodle.${slug}.example/mod/lti/certs.php`,
      status: 'active',
    })
    .returning();
  return { tenantId, platform: platform! };
}

export async function seedTeacher(db: Db, slug: string): Promise<SeededTeacher> {
  return db.transaction(async (tx) => {
    const { tenantId, platform } = await insertTenantWithPlatform(tx, slug);
    const [county] = await tx
      .insert(organisations)
      .values({ tenantId, kind: 'county', code: '410102', name: '中原区' })
      .returning();
    const [school] = await tx
      .insert(organisations)
      .values({
        tenantId,
        parentId: county!.id,
        kind: 'school',
        code: 'S001',
        name: '第一中学',
        teachingEnvironment: 'multimedia',
        abilityShortlist: ['A1', 'A3', 'A6'],
      })
      .returning();
    const [person] = await tx.insert(people).values({ tenantId, displayName: '张老师' }).returning();
    const [instance] = await tx
      .insert(programmeInstances)
      .values({
        tenantId,
        definitionId: HENAN.id,
        definitionVersion: HENAN.dataVersion,
        regionOrganisationId: county!.id,
        name: '2021 cohort',
        startYear: 2021,
        endYear: 2023,
      })
      .returning();
    const [enrolment] = await tx
      .insert(enrolments)
      .values({
        tenantId,
        programmeInstanceId: instance!.id,
        personId: person!.id,
        schoolId: school!.id,
        subject: '数学',
      })
      .returning();
    return {
      tenantId,
      platformId: platform!.id,
      countyId: county!.id,
      schoolId: school!.id,
      personId: person!.id,
      programmeInstanceId: instance!.id,
      enrolmentId: enrolment!.id,
    };
  });
}
