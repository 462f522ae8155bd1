import { pairReply } from '../../shared/api/extension';
import { api, startJourneyWorld, type JourneyWorld } from '../journey/world';

/**
 * The journey world with course 2 linked straight to the first school, teacher 4 enrolled there with A1, A2 and A5
 * chosen, and a session token for that teacher.
 */
export interface ExtensionWorld extends JourneyWorld {
  teacher: string;
}

export async function startExtensionWorld(options: Parameters<typeof startJourneyWorld>[0] = {}) {
  const world = await startJourneyWorld(options);
  const admin = await world.launch(2);
  const { body } = await api(world, admin, 'GET', '/api/v1/admin/contexts');
  const course = body.contexts.find((c: { label: string }) => c.label === 'XXZX2024');
  const school = world.demo.schools[0]?.id;
  const linked = await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course.id}`, {
    programmeInstanceId: world.demo.programmeInstanceId,
    organisationId: school,
  });
  if (linked.status !== 200) throw new Error(`link failed: ${linked.status}`);
  const teacher = await world.launch(4);
  const chosen = await api(world, teacher, 'PUT', '/api/v1/me/selections', { abilities: ['A1', 'A2', 'A5'] });
  if (chosen.status !== 200) throw new Error(`selection failed: ${JSON.stringify(chosen.body)}`);
  return Object.assign(world, { teacher }) as ExtensionWorld;
}

/** Mints a pairing code with a session and exchanges it, as the extension would. */
export async function pairExtension(world: ExtensionWorld, session = world.teacher, deviceName = 'Chromium · 测试') {
  const minted = await api(world, session, 'POST', '/api/v1/me/extension/pairing-codes');
  const paired = await extCall(world, undefined, 'POST', '/ext/v1/pair', { code: minted.body.code, deviceName });
  if (paired.status !== 200) throw new Error(`pair failed: ${JSON.stringify(paired.body)}`);
  // The contract's reply: a missing or mistyped field fails every extension test here.
  return pairReply.parse(paired.body);
}

/** A call to the extension API: the access token (if any) goes in the Authorization header only. */
export function extCall(
  world: Pick<JourneyWorld, 'tool'>,
  accessToken: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return api(world, accessToken ?? '', method, path, body, accessToken ? headers : { authorization: '', ...headers });
}
