import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../lti-tool/server/http/openapi';
import { createAdminKey } from '../../lti-tool/server/services/admin-keys';
import { createCompletionSource } from '../../lti-tool/server/services/completions/sources';
import { pairExtension, startExtensionWorld, type ExtensionWorld } from '../extension/world';
import { api } from '../journey/world';
import { bodiesOf, withNul, arbitraryOf, type JsonSchema } from './json-schema';

// Every JSON endpoint of the OpenAPI document (generated from shared/api/endpoints), fuzzed through the whole app
// with callers of the right kind: bodies, queries and path parameters generated from the request schemas (mostly
// valid, some near misses, some anything), each answered without a 5xx and with the one error body. Then the edges:
// a charset other than UTF-8 gets 415, a NUL in the query or the body 422. One app on PGlite, fixed seeds, a bounded
// number of runs per endpoint (FUZZ_RUNS) so that it runs in the suite.

const RUNS = Number(process.env.FUZZ_RUNS ?? 6);

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  body?: JsonSchema;
  upload: boolean;
}

const document = openApiDocument('fuzz') as unknown as {
  paths: Record<
    string,
    Record<
      string,
      {
        security?: Operation['security'];
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
};
const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    security: op.security,
    parameters: op.parameters,
    body: op.requestBody?.content['application/json']?.schema,
    upload: !!op.requestBody && !op.requestBody.content['application/json'],
  })),
);

let world: ExtensionWorld;
/** Bearer tokens by security scheme; a caller of the right kind gets past authentication to the validation. */
const callers: Record<string, string[]> = {};
/** Ids that exist (schools, the programme), so some generated paths and bodies reach the services' lookups. */
let ids: string[] = [];

beforeAll(async () => {
  world = await startExtensionWorld({
    env: { API_RATE_LIMIT_PER_MINUTE: '1000000', LTI_RATE_LIMIT_PER_MINUTE: '1000000' },
  });
  const db = world.tool.database.db;
  const admin = await world.launch(2);
  // A school team (user 3) and a county officer (user 6): most of the oversight API answers only them.
  await world.launch(3);
  await world.launch(6, { courseId: 3 });
  for (const [email, role, organisationId] of [
    ['assessor1@example.cn', 'school_team', world.demo.schools[0]!.id],
    ['assessor6@example.cn', 'county_admin', world.demo.countyId],
  ] as const) {
    const granted = await api(world, admin, 'POST', '/api/v1/admin/role-grants', { email, role, organisationId });
    if (granted.status !== 201) throw new Error(`grant failed: ${JSON.stringify(granted.body)}`);
  }
  const team = await world.launch(3);
  const officer = await world.launch(6, { courseId: 3 });
  const device = (await pairExtension(world)).accessToken;
  const { secret } = await createAdminKey(
    db,
    { tenantId: world.tenantId, name: 'fuzz', createdByPersonId: null },
    { actorPersonId: null, actorLabel: 'fuzz', client: 'api', requestId: null },
  );
  const source = await createCompletionSource(db, world.tenantId, {
    name: 'fuzz-api',
    kind: 'api',
    programmeInstanceId: world.demo.programmeInstanceId,
  });
  callers.launchSession = [world.teacher, admin, team, officer];
  callers.adminKey = [secret];
  callers.deviceToken = [device];
  callers.sourceKey = [source.credential!.apiKey];
  ids = [world.demo.programmeInstanceId, world.demo.countyId, ...world.demo.schools.map((s) => s.id)];
}, 120_000);
afterAll(() => world.close());

function tokensOf(op: Operation): string[] {
  const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
  return schemes.flatMap((scheme) => callers[scheme] ?? []);
}

/** Path and query from the parameters' schemas; path values always present, query values when generated. */
function urlOf(op: Operation): fc.Arbitrary<string> {
  const params = op.parameters ?? [];
  const path = fc.record(
    Object.fromEntries(
      params.filter((p) => p.in === 'path').map((p) => [p.name, arbitraryOf(p.schema ?? { type: 'string' }, ids)]),
    ),
  );
  const queryParams = params.filter((p) => p.in === 'query');
  const query = fc.record(
    Object.fromEntries(
      queryParams.map((p) => [p.name, fc.oneof(arbitraryOf(p.schema ?? {}, ids), fc.jsonValue({ maxDepth: 1 }))]),
    ),
    { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) },
  );
  return fc.tuple(path, query).map(([pathValues, queryValues]) => {
    const filled = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
      encodeURIComponent(String(pathValues[name] ?? 'x')),
    );
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(queryValues)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        search.append(name, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
      }
    }
    const qs = search.toString();
    return qs ? `${filled}?${qs}` : filled;
  });
}

interface Outcome {
  status: number;
  contentType: string;
  body: string;
}

async function send(
  method: string,
  url: string,
  token: string | undefined,
  body?: string,
  contentType = 'application/json',
): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = contentType;
  const response = await fetch(`${world.tool.url}${url}`, { method, headers, body });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

/** A refusal is the one error body (code and message); a success is anything the route answers. */
function expectHandled(op: Operation, outcome: Outcome, sent: unknown) {
  const where = `${op.method} ${op.path} → ${outcome.status} ${outcome.body.slice(0, 300)}\nsent ${JSON.stringify(sent)}`;
  expect(outcome.status, where).toBeLessThan(500);
  if (outcome.status >= 400) {
    expect(outcome.contentType, where).toContain('application/json');
    const parsed = JSON.parse(outcome.body) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof parsed.error?.code, where).toBe('string');
    expect(typeof parsed.error?.message, where).toBe('string');
  }
}

const seedOf = (op: Operation) => [...`${op.method} ${op.path}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
const label = (op: Operation) => `${op.method} ${op.path}`;

describe('every JSON endpoint under generated input', () => {
  it('covers the whole OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(100);
  });

  it.each(operations.map((op) => [label(op), op] as const))('%s: no 5xx', async (_label, op) => {
    // The callers this endpoint lets in (a teacher's status answers only the teacher): the runs go past the role
    // check to the validation and the services. Each probe is itself checked.
    const [probeUrl, probeBody] = fc.sample(
      fc.tuple(urlOf(op), op.body ? arbitraryOf(op.body, ids) : fc.constant(undefined)),
      {
        numRuns: 1,
        seed: seedOf(op),
      },
    )[0] ?? [op.path, undefined];
    const tokens: string[] = [];
    for (const token of tokensOf(op)) {
      const payload = probeBody === undefined ? undefined : JSON.stringify(probeBody);
      const outcome = await send(op.method, probeUrl, token, payload);
      expectHandled(op, outcome, { probeUrl, payload });
      if (outcome.status !== 401 && outcome.status !== 403) tokens.push(token);
    }
    if (!tokens.length) tokens.push(...tokensOf(op));
    const caller = tokens.length
      ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...tokens) }, fc.constant(undefined))
      : fc.constant(undefined);
    const body = op.body ? bodiesOf(op.body, ids).map((b) => JSON.stringify(b)) : fc.constant(undefined);
    await fc.assert(
      fc.asyncProperty(urlOf(op), caller, body, async (url, token, payload) => {
        expectHandled(op, await send(op.method, url, token, payload), { url, payload });
      }),
      { numRuns: RUNS, seed: seedOf(op), endOnFailure: true },
    );
  });
});

describe('edges every endpoint shares', () => {
  it.each(operations.map((op) => [label(op), op] as const))('%s: NUL in the query → 422', async (_label, op) => {
    const url = fc.sample(urlOf(op), { numRuns: 1, seed: seedOf(op) })[0] ?? op.path;
    const outcome = await send(op.method, `${url}${url.includes('?') ? '&' : '?'}note=a%00b`, tokensOf(op)[0]);
    expect(outcome.status, outcome.body).toBe(422);
    expect(JSON.parse(outcome.body).error.details.issues[0].path).toBe('query');
  });

  const withBody = operations.filter((op) => op.body);
  it.each(withBody.map((op) => [label(op), op] as const))(
    '%s: charset=latin1 → 415, NUL in the body → 422',
    async (_label, op) => {
      const [url, value] = fc.sample(fc.tuple(urlOf(op), arbitraryOf(op.body ?? {}, ids)), {
        numRuns: 1,
        seed: seedOf(op),
      })[0] ?? [op.path, {}];
      const token = tokensOf(op)[0];
      const latin1 = await send(op.method, url, token, JSON.stringify(value), 'application/json; charset=latin1');
      expect(latin1.status, latin1.body).toBe(415);
      expect(JSON.parse(latin1.body).error.code).toBe('unsupported_media_type');
      const nul = await send(op.method, url, token, JSON.stringify(withNul(value)));
      expect(nul.status, nul.body).toBe(422);
      expect(JSON.parse(nul.body).error.code).toBe('validation_failed');
    },
  );
});
