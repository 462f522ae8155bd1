import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startJourneyWorld, type JourneyWorld } from './world';

let world: JourneyWorld;
beforeAll(async () => {
  world = await startJourneyWorld();
  const admin = await world.launch(2);
  const { body } = await api(world, admin, 'GET', '/api/v1/admin/contexts');
  const course = body.contexts.find((c: { label: string }) => c.label === 'XXZX2024');
  await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course.id}`, {
    programmeInstanceId: world.demo.programmeInstanceId,
    organisationId: world.demo.countyId,
  });
});
afterAll(() => world.close());

describe('GET /api/v1/review/filters', () => {
  it('offers the schools and 教研组 of the assessor’s scope, and nothing else', async () => {
    const assessor = await world.launch(3);
    const { status, body } = await api(world, assessor, 'GET', '/api/v1/review/filters');
    expect(status).toBe(200);
    expect(body.schools.map((s: { id: string }) => s.id).sort()).toEqual(world.demo.schools.map((s) => s.id).sort());
    expect(body.groups).toHaveLength(world.demo.schools.flatMap((s) => s.groupIds).length);
    for (const g of body.groups) expect(world.demo.schools.map((s) => s.id)).toContain(g.schoolId);
  });

  it('refuses a teacher', async () => {
    const teacher = await world.launch(4);
    expect((await api(world, teacher, 'GET', '/api/v1/review/filters')).status).toBe(403);
  });
});
