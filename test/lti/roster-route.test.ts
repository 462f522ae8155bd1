import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOf } from './admin-world';
import { startLtiWorld, type LtiWorld } from './world';

let world: LtiWorld;
let admin: string;
let teacher: string;
beforeAll(async () => {
  world = await startLtiWorld();
  admin = await sessionOf(world, 2);
  teacher = await sessionOf(world, 4);
});
afterAll(() => world.close());

const call = (token: string, method: string, path: string) =>
  fetch(`${world.tool.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });

describe('POST /api/v1/admin/contexts/:id/roster-sync', () => {
  it('pulls the course members from the platform for an institution administrator', async () => {
    const { contexts } = await (await call(admin, 'GET', '/admin/contexts')).json();
    const response = await call(admin, 'POST', `/admin/contexts/${contexts[0].id}/roster-sync`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ fetched: 3, teachers: 2, assessors: 1, complete: true });
  });

  it('refuses teachers and unknown courses', async () => {
    const { contexts } = await (await call(admin, 'GET', '/admin/contexts')).json();
    expect((await call(teacher, 'POST', `/admin/contexts/${contexts[0].id}/roster-sync`)).status).toBe(403);
    expect((await call(admin, 'POST', '/admin/contexts/00000000-0000-4000-8000-000000000000/roster-sync')).status).toBe(
      404,
    );
  });
});
