import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lti-tool/server/db/client';
import { SqlState } from '../../lti-tool/server/db/errors';
import {
  certificates,
  courseCompletions,
  deployments,
  enrolments,
  organisations,
  submissions,
} from '../../lti-tool/server/db/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { expectDbError } from './expect-db-error';
import { seedTeacher, type SeededTeacher } from './seed';

// Two institutions on one database: the same external identifiers must coexist, and no row may point into the
// other tenant (composite (tenant_id, id) foreign keys).

let database: TestDatabase;
let db: Db;
let north: SeededTeacher;
let south: SeededTeacher;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  north = await seedTeacher(db, 'north');
  south = await seedTeacher(db, 'south');
});
afterAll(() => database.close());

describe('tenant isolation', () => {
  it('lets two tenants use the same external identifiers', async () => {
    for (const world of [north, south]) {
      await db.insert(courseCompletions).values({
        tenantId: world.tenantId,
        enrolmentId: world.enrolmentId,
        courseRef: 'c-1',
        courseTitle: 'Course',
        hours: '3.00',
        completedAt: new Date(),
        sourceKind: 'file',
        sourceId: 'export-2022.xlsx',
        externalId: 'row-17',
      });
      await db
        .insert(deployments)
        .values({ tenantId: world.tenantId, platformId: world.platformId, deploymentId: '1' });
      await db.insert(certificates).values({
        tenantId: world.tenantId,
        enrolmentId: world.enrolmentId,
        serialNumber: 'CERT-2023-0001',
        hours: '50.00',
        grade: 'pass',
        teacherName: '王老师',
        programmeName: '能力提升工程2.0',
        issuerName: '示范县教师发展中心',
        verifyToken: `token-${world.tenantId}`,
      });
    }
    // seedTeacher gave both tenants a county '410102' and a school 'S001' too.
    const rows = await db.select().from(courseCompletions);
    expect(rows.map((row) => row.tenantId).sort()).toEqual([north.tenantId, south.tenantId].sort());
  });

  it('refuses rows that reference another tenant', async () => {
    await expectDbError(
      db.insert(enrolments).values({
        tenantId: south.tenantId,
        programmeInstanceId: south.programmeInstanceId,
        personId: north.personId,
        schoolId: south.schoolId,
      }),
      SqlState.foreignKeyViolation,
      'enrolments_person_fk',
    );
    await expectDbError(
      db.insert(submissions).values({ tenantId: south.tenantId, enrolmentId: north.enrolmentId, abilityCode: 'A1' }),
      SqlState.foreignKeyViolation,
      'submissions_enrolment_fk',
    );
    await expectDbError(
      db
        .insert(organisations)
        .values({ tenantId: south.tenantId, parentId: north.schoolId, kind: 'group', name: '数学组' }),
      SqlState.foreignKeyViolation,
      'organisations_parent_fk',
    );
  });
});
