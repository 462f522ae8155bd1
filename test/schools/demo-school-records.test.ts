import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolments,
  organisations,
  people,
  roleAssignments,
  schoolActivityAttendance,
  schoolArtefacts,
} from '../../lti-tool/server/db/schema';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import { seedDemoSchoolRecords } from '../../lti-tool/server/demo/seed-school-records';
import type { Actor } from '../../lti-tool/server/services/actor';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { grantRole } from '../../lti-tool/server/services/role-grants/grants';
import { schoolActivitiesOf } from '../../lti-tool/server/services/schools/activities';
import { artefactQueue } from '../../lti-tool/server/services/schools/artefact-queue';
import { schoolArtefactsOf } from '../../lti-tool/server/services/schools/artefacts';
import { schoolProfile } from '../../lti-tool/server/services/schools/profile';
import { oversightScope } from '../../lti-tool/server/services/schools/scope';
import { createBlobStore } from '../../lti-tool/server/storage';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { testTempDir } from '../helpers/temp-dir';

/** The demo's school records: principals, plans in every state, activities with attendance; seeded once. */
let database: TestDatabase;
let demo: DemoWorld;
let tenantId: string;
let principal: Actor;
let officer: Actor;
const db = () => database.db;
const actor = (personId: string): Actor => ({
  tenantId,
  personId,
  roles: [],
  label: 'test',
  client: 'system',
  requestId: null,
});

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = await ensureTenant(db(), 'demo-records', '示范县');
  const storage = createBlobStore({ dataDir: await testTempDir('records-') });
  demo = await seedDemo(db(), { tenantId, storage });
  const [sun] = await db()
    .insert(people)
    .values({ tenantId, displayName: '孙校长', email: 'demo-principal@demo.example.cn' })
    .returning();
  const by = { tenantId, actor: { actorLabel: 'test', client: 'system' as const } };
  await grantRole(db(), by, {
    personId: sun!.id,
    role: 'school_team',
    organisationId: demo.schools[0]!.id,
    source: 'admin',
  });
  await grantRole(db(), by, {
    personId: demo.assessorId,
    role: 'county_admin',
    organisationId: demo.countyId,
    source: 'admin',
  });
  const seeded = await seedDemoSchoolRecords(db(), {
    tenantId,
    world: demo,
    principalId: sun!.id,
    principalSchoolId: demo.schools[0]!.id,
    storage,
  });
  expect(seeded).toEqual({ schools: 3, artefacts: 9, activities: 9 });
  principal = actor(sun!.id);
  officer = actor(demo.assessorId);
});
afterAll(() => database.close());

describe('the demo school records', () => {
  it('gives every school a principal on its team, with the diagnosis of its environment', async () => {
    const schools = await db().select().from(organisations).where(eq(organisations.kind, 'school'));
    for (const s of schools) {
      expect(s.principalPersonId).not.toBeNull();
      expect(s.environmentDiagnosedOn).not.toBeNull();
      const grants = await db()
        .select()
        .from(roleAssignments)
        .where(
          and(
            eq(roleAssignments.personId, s.principalPersonId!),
            eq(roleAssignments.organisationId, s.id),
            eq(roleAssignments.role, 'school_team'),
            isNull(roleAssignments.revokedAt),
          ),
        );
      expect(grants).toHaveLength(1);
    }
    const profile = await schoolProfile(db(), await oversightScope(db(), principal, null), demo.schools[0]!.id);
    expect(profile.team).toEqual([expect.objectContaining({ name: '孙校长', principal: true })]);
    expect(profile.can).toEqual({ edit: true, manageTeam: true });
  });

  it('has plans in every state: the principal sees a returned one, the county a queue of submitted ones', async () => {
    const states = (await db().select({ status: schoolArtefacts.status }).from(schoolArtefacts)).map((a) => a.status);
    expect(new Set(states)).toEqual(new Set(['draft', 'submitted', 'returned', 'approved']));
    const mine = await schoolArtefactsOf(db(), await oversightScope(db(), principal, null), demo.schools[0]!.id);
    expect(mine.items.map((i) => [i.kind, i.status])).toEqual(
      expect.arrayContaining([
        ['development_plan', 'approved'],
        ['research_plan', 'returned'],
        ['group_plan', 'draft'],
      ]),
    );
    const returned = mine.items.find((i) => i.status === 'returned')!;
    expect(returned.returnReason).toContain('发展目标');
    expect(returned.versions.map((v) => v.version)).toEqual([2, 1]);
    const queue = await artefactQueue(db(), await oversightScope(db(), officer, null));
    expect(queue.items.length).toBe(states.filter((s) => s === 'submitted').length);
    expect(queue.items.every((i) => i.canDecide)).toBe(true);
  });

  it('records activities with attendance: the whole school, or the group that held it', async () => {
    const school = demo.schools[0]!;
    const { items } = await schoolActivitiesOf(db(), await oversightScope(db(), officer, null), school.id);
    expect(items).toHaveLength(3);
    const all = await db().select().from(enrolments).where(eq(enrolments.schoolId, school.id));
    for (const a of items) {
      const expected = all
        .filter((e) => a.groupId === null || e.groupId === a.groupId)
        .map((e) => e.id)
        .sort();
      expect(a.participants.map((p) => p.enrolmentId).sort()).toEqual(expected);
      // The programme credits no hours for attending (practiceCredit.fromActivities is off).
      expect(a.participants.every((p) => p.creditedHours === 0)).toBe(true);
    }
  });

  it('is seeded once: a second run adds nothing', async () => {
    const before = await db().$count(schoolActivityAttendance);
    const again = await seedDemoSchoolRecords(db(), {
      tenantId,
      world: demo,
      principalId: principal.personId!,
      principalSchoolId: demo.schools[0]!.id,
      storage: createBlobStore({ dataDir: await testTempDir('records-') }),
    });
    expect(again).toEqual({ schools: 0, artefacts: 0, activities: 0 });
    expect(await db().$count(schoolActivityAttendance)).toBe(before);
  });
});
