import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lti-tool/server/db/client';
import { SqlState } from '../../lti-tool/server/db/errors';
import {
  abilitySelections,
  courseCompletions,
  deployments,
  hoursLedgerEntries,
  platforms,
} from '../../lti-tool/server/db/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { expectDbError } from './expect-db-error';
import { seedTeacher, type SeededTeacher } from './seed';

// The invariants the schema promises, checked against the real database (PGlite, or DATABASE_URL in CI).

let database: TestDatabase;
let db: Db;
let world: SeededTeacher;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  world = await seedTeacher(db, 'constraints');
});
afterAll(() => database.close());

describe('platform registrations', () => {
  const registration = (clientId: string) => ({
    tenantId: world.tenantId,
    name: 'Canvas',
    issuer: 'https://canvas.instructure.com',
    clientId,
    authLoginUrl: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
    accessTokenUrl: 'https://sso.canvaslms.com/login/oauth2/token',
    jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks',
  });

  it('allows several client ids per issuer but each (issuer, client_id) once', async () => {
    await db.insert(platforms).values([registration('10000000000001'), registration('10000000000002')]);
    await expectDbError(
      db.insert(platforms).values(registration('10000000000001')),
      SqlState.uniqueViolation,
      'platforms_issuer_client_id_key',
    );
  });

  it('keeps deployment ids case-sensitive, unique per platform and at most 255 characters', async () => {
    const platformId = world.platformId;
    await db.insert(deployments).values([
      { tenantId: world.tenantId, platformId, deploymentId: 'Deploy-1' },
      { tenantId: world.tenantId, platformId, deploymentId: 'deploy-1' },
    ]);
    await expectDbError(
      db.insert(deployments).values({ tenantId: world.tenantId, platformId, deploymentId: 'Deploy-1' }),
      SqlState.uniqueViolation,
      'lti_deployments_platform_id_deployment_id_key',
    );
    await expectDbError(
      db.insert(deployments).values({ tenantId: world.tenantId, platformId, deploymentId: 'x'.repeat(256) }),
      SqlState.checkViolation,
      'lti_deployments_deployment_id_check',
    );
  });

  it('needs a key source: a JWKS URL or a static key', async () => {
    await expectDbError(
      db.insert(platforms).values({ ...registration('no-keys'), jwksUrl: null }),
      SqlState.checkViolation,
      'platforms_key_source_check',
    );
  });
});

describe('ability selections', () => {
  it('allows one active selection per ability, and re-selection after withdrawal', async () => {
    const select = () =>
      db
        .insert(abilitySelections)
        .values({ tenantId: world.tenantId, enrolmentId: world.enrolmentId, abilityCode: 'A3' });
    await select();
    await expectDbError(select(), SqlState.uniqueViolation, 'ability_selections_active_key');

    await db
      .update(abilitySelections)
      .set({ withdrawnAt: sql`now()` })
      .where(and(eq(abilitySelections.enrolmentId, world.enrolmentId), eq(abilitySelections.abilityCode, 'A3')));
    await select();
    const rows = await db.select().from(abilitySelections).where(eq(abilitySelections.abilityCode, 'A3'));
    expect(rows.map((row) => row.withdrawnAt === null).sort()).toEqual([false, true]);
  });

  it('refuses codes that are not upper-case catalogue codes', async () => {
    await expectDbError(
      db
        .insert(abilitySelections)
        .values({ tenantId: world.tenantId, enrolmentId: world.enrolmentId, abilityCode: 'a1' }),
      SqlState.checkViolation,
      'ability_selections_ability_code_check',
    );
  });
});

describe('course completions', () => {
  const completion = (externalId: string, hours = '2.50') => ({
    tenantId: world.tenantId,
    enrolmentId: world.enrolmentId,
    courseRef: 'course-a1-intro',
    courseTitle: '技术支持的学情分析',
    abilityCode: 'A1',
    hours,
    completedAt: new Date('2022-03-01T08:00:00Z'),
    sourceKind: 'xapi' as const,
    sourceId: 'https://lrs.example/xapi',
    externalId,
  });

  it('imports idempotently on (tenant, source kind, source id, external id)', async () => {
    const first = await db.insert(courseCompletions).values(completion('stmt-1')).onConflictDoNothing().returning();
    const again = await db.insert(courseCompletions).values(completion('stmt-1')).onConflictDoNothing().returning();
    expect([first.length, again.length]).toEqual([1, 0]);
    await expectDbError(
      db.insert(courseCompletions).values(completion('stmt-1')),
      SqlState.uniqueViolation,
      'course_completions_import_key',
    );
    expect(first[0]?.hours).toBe('2.50');
  });

  it('refuses hours that are not positive or implausibly large (seconds or minutes by mistake)', async () => {
    for (const hours of ['0', '-1', '3600']) {
      await expectDbError(
        db.insert(courseCompletions).values(completion(`bad-${hours}`, hours)),
        SqlState.checkViolation,
        'course_completions_hours_check',
      );
    }
  });
});

describe('hours ledger', () => {
  it('is append-only, and corrections stay within the enrolment', async () => {
    const [credit] = await db
      .insert(hoursLedgerEntries)
      .values({
        tenantId: world.tenantId,
        enrolmentId: world.enrolmentId,
        category: 'practice',
        hours: '10.00',
        schoolYear: 2022,
        sourceKind: 'manual',
        recordedByPersonId: world.personId,
        reason: '校本研修活动',
      })
      .returning();
    await expectDbError(
      db.update(hoursLedgerEntries).set({ hours: '12.00' }).where(eq(hoursLedgerEntries.id, credit!.id)),
      SqlState.appendOnlyViolation,
    );
    await expectDbError(db.delete(hoursLedgerEntries), SqlState.appendOnlyViolation);

    await db.insert(hoursLedgerEntries).values({
      tenantId: world.tenantId,
      enrolmentId: world.enrolmentId,
      category: 'practice',
      hours: '-2.00',
      schoolYear: 2022,
      sourceKind: 'manual',
      recordedBySystem: 'test',
      reason: 'double-counted activity',
      correctsEntryId: credit!.id,
    });
    await expectDbError(
      db.insert(hoursLedgerEntries).values({
        tenantId: world.tenantId,
        enrolmentId: world.enrolmentId,
        category: 'practice',
        hours: '-2.00',
        schoolYear: 2022,
        sourceKind: 'manual',
        recordedBySystem: 'test',
        correctsEntryId: credit!.id,
      }),
      SqlState.checkViolation,
      'hours_ledger_entries_reason_check',
    );
  });
});
