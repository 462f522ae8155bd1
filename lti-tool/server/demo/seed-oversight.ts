import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { people } from '../db/schema';
import { grantRole, type Granter } from '../services/role-grants/grants';
import type { BlobStore } from '../storage';
import type { DemoWorld } from './seed';
import { seedDemoCounty } from './seed-county';
import { seedDemoSchoolRecords } from './seed-school-records';

const PRINCIPAL = { email: 'demo-principal@demo.example.cn', name: '孙校长' };

/**
 * The people who run the programme in the demo: the county officer (the county centre's assessor, county_admin
 * over 示范县) and the principal of its first school (school_team), over the county made large, with the schools'
 * principals, plans and activities. Idempotent.
 */
export async function seedDemoOversight(db: Db, input: { tenantId: string; world: DemoWorld; storage: BlobStore }) {
  const { tenantId, world } = input;
  await seedDemoCounty(db, { tenantId, ...world, storage: input.storage });
  const [found] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.tenantId, tenantId), eq(people.email, PRINCIPAL.email)));
  const personId =
    found?.id ??
    (await db.insert(people).values({ tenantId, displayName: PRINCIPAL.name, email: PRINCIPAL.email }).returning())[0]!
      .id;
  const by: Granter = {
    tenantId,
    actor: { actorPersonId: null, actorLabel: 'system:demo-seed', client: 'system', requestId: null },
  };
  const school = world.schools[0]!;
  await grantRole(db, by, {
    personId: world.assessorId,
    role: 'county_admin',
    organisationId: world.countyId,
    source: 'admin',
  });
  await grantRole(db, by, { personId, role: 'school_team', organisationId: school.id, source: 'admin' });
  // Principals (孙校长 leads the first school), plans in every state and activities with attendance.
  await seedDemoSchoolRecords(db, {
    tenantId,
    world,
    principalId: personId,
    principalSchoolId: school.id,
    storage: input.storage,
  });
  return { principal: { personId, name: PRINCIPAL.name, email: PRINCIPAL.email, school: school.name } };
}
