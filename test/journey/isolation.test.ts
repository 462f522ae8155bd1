import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, ltiContexts, submissions } from '../../lti-tool/server/db/schema';
import { seedDemo } from '../../lti-tool/server/demo/seed';
import { createBlobStore } from '../../lti-tool/server/storage';
import { api, startJourneyWorld, type JourneyWorld } from './world';

let world: JourneyWorld;
let countyAssessor: string;
let schoolAssessor: string;
let outsider: string;
let seededSubmitted: string;
let seededFileItem: string;
beforeAll(async () => {
  world = await startJourneyWorld();
  const admin = await world.launch(2);
  countyAssessor = await world.launch(3);
  schoolAssessor = await world.launch(6, { courseId: 3 });
  outsider = await world.launch(3, { other: true });
  const db = world.tool.database.db;
  const courses = await db.select().from(ltiContexts).where(eq(ltiContexts.tenantId, world.tenantId));
  const link = async (label: string, organisationId: string) => {
    const id = courses.find((c) => c.label === label)?.id;
    const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId };
    expect((await api(world, admin, 'PUT', `/api/v1/admin/contexts/${id}`, body)).status).toBe(200);
  };
  await link('XXZX2024', world.demo.countyId);
  await link('S2-2024', world.demo.schools[1]?.id as string);
  // The first school's teacher who submitted (seeded), and the file of one of her items.
  const queue = await api(world, countyAssessor, 'GET', `/api/v1/review/queue?school=${world.demo.schools[0]?.id}`);
  seededSubmitted = queue.body.items[0].id;
  const detail = await api(world, countyAssessor, 'GET', `/api/v1/review/submissions/${seededSubmitted}`);
  seededFileItem = detail.body.items.find((i: { file: unknown }) => i.file).id;
});
afterAll(() => world.close());

describe('tenant and scope isolation', () => {
  it('shows another tenant nothing: submissions, files, course links', async () => {
    expect((await api(world, outsider, 'GET', `/api/v1/review/submissions/${seededSubmitted}`)).status).toBe(409);
    expect((await api(world, outsider, 'GET', `/api/v1/files/${seededFileItem}`)).status).toBe(404);
    const [course] = await world.tool.database.db
      .select()
      .from(ltiContexts)
      .where(eq(ltiContexts.tenantId, world.tenantId));
    const body = { programmeInstanceId: world.demo.programmeInstanceId, organisationId: world.demo.countyId };
    expect((await api(world, outsider, 'PUT', `/api/v1/admin/contexts/${course?.id}`, body)).status).toBe(403);
  });

  it('keeps an assessor of one school out of another school and out of county review', async () => {
    const queue = await api(world, schoolAssessor, 'GET', '/api/v1/review/queue');
    expect(queue.body.items.every((i: { school: { id: string } }) => i.school.id === world.demo.schools[1]?.id)).toBe(
      true,
    );
    expect((await api(world, schoolAssessor, 'GET', `/api/v1/review/submissions/${seededSubmitted}`)).status).toBe(404);
    expect((await api(world, schoolAssessor, 'GET', `/api/v1/files/${seededFileItem}`)).status).toBe(404);
    const graded = await api(world, schoolAssessor, 'GET', '/api/v1/review/queue?state=school_graded');
    const target = graded.body.items[0];
    const county = await api(world, schoolAssessor, 'POST', `/api/v1/review/submissions/${target.id}/county-review`, {
      version: target.version,
      decision: 'confirm',
    });
    expect(county.status).toBe(403);
  });

  it('refuses the review API to teachers and the teacher API to nobody-enrolled assessors', async () => {
    const teacher = await world.launch(5);
    expect((await api(world, teacher, 'GET', '/api/v1/review/queue')).status).toBe(403);
    expect((await api(world, teacher, 'GET', `/api/v1/files/${seededFileItem}`)).status).toBe(404);
    expect((await api(world, countyAssessor, 'GET', '/api/v1/me/status')).status).toBe(403);
    expect((await api(world, teacher, 'GET', '/api/v1/admin/contexts')).status).toBe(403);
  });
});

describe('review data on the seeded county', () => {
  it('flags near-identical reflections of different teachers to the assessor', async () => {
    const detail = await api(world, countyAssessor, 'GET', `/api/v1/review/submissions/${seededSubmitted}`);
    const reflection = detail.body.items.find((i: { slotId: string }) => i.slotId === 'reflection');
    expect(reflection.duplicates.length).toBeGreaterThan(0);
    expect(reflection.duplicates[0]).toMatchObject({ kind: 'similar-text' });
    expect(reflection.duplicates[0].other.teacher).not.toBe(detail.body.teacher.name);
  });

  it('batch-passes submissions, reporting a stale version per submission', async () => {
    const queue = await api(world, schoolAssessor, 'GET', '/api/v1/review/queue');
    expect(queue.body).toMatchObject({ level: 'school' });
    const [first] = queue.body.items;
    const byCounty = await api(world, countyAssessor, 'POST', '/api/v1/review/batch', {
      submissions: [{ id: first.id, version: first.version }],
    });
    expect(byCounty.body.results).toEqual([{ id: first.id, ok: false, error: 'school_review_by_county' }]);
    // A stale copy of the row fails on its own; the current one still commits.
    const batch = await api(world, schoolAssessor, 'POST', '/api/v1/review/batch', {
      submissions: [
        { id: first.id, version: first.version + 5 },
        { id: first.id, version: first.version },
      ],
    });
    expect(batch.body.results).toEqual([
      { id: first.id, ok: false, error: 'conflict' },
      expect.objectContaining({ id: first.id, ok: true, state: 'school_graded', grade: 'pass' }),
    ]);
    const audit = await world.tool.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, first.id), eq(auditLog.action, 'submission.grade')));
    expect(audit).toHaveLength(1);
  });

  it('seeds idempotently', async () => {
    const db = world.tool.database.db;
    const before = await db.select().from(submissions);
    const again = await seedDemo(db, { tenantId: world.tenantId, storage: createBlobStore(world.tool.config) });
    expect(again.teachers).toHaveLength(12);
    expect(await db.select().from(submissions)).toHaveLength(before.length);
  });
});
