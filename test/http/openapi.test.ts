import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../shared/api/endpoints';
import { openApiPath } from '../../lti-tool/server/http/openapi';
import { startToolServer, type ToolServer } from '../helpers/tool-server';

let tool: ToolServer;
beforeAll(async () => {
  tool = await startToolServer();
});
afterAll(() => tool.close());

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
};

/** `router.get('/path'` and `router.put(\`${base}/x\`` in the server's routers, with `base` resolved per file. */
async function declaredRoutes(): Promise<Set<string>> {
  const roots = ['lti-tool/server/routes', 'lti-tool/server/launch', 'lti-tool/server/lti'];
  const found = new Set<string>();
  for (const root of roots) {
    for (const entry of await readdir(root, { recursive: true })) {
      if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) continue;
      const source = await readFile(join(root, entry), 'utf8');
      const base = /const base = '([^']+)'/.exec(source)?.[1] ?? '';
      for (const m of source.matchAll(/router\.(get|post|put|patch|delete)\(\s*(?:['`]([^'`]+)['`]|(base)\b)/g)) {
        found.add(`${m[1]} ${(m[2] ?? base).replace('${base}', base)}`);
      }
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is served at /api/v1/openapi.json as OpenAPI 3.1 with every endpoint of shared/api', async () => {
    const response = await fetch(`${tool.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await response.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    for (const row of endpoints) {
      const operation = doc.paths[openApiPath(row.path)]?.[row.method];
      expect(operation, `${row.method} ${row.path}`).toBeDefined();
      const pathParams = (operation!.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(pathParams.sort()).toEqual([...row.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort());
      if (row.body || row.upload) expect(operation!.requestBody, `${row.method} ${row.path}`).toBeDefined();
    }
  });

  it('documents only routes the server really declares', async () => {
    const declared = await declaredRoutes();
    const stale = endpoints.filter((row) => !declared.has(`${row.method} ${row.path}`));
    expect(stale.map((row) => `${row.method} ${row.path}`)).toEqual([]);
  });

  it('describes every JSON API route the server declares (new routes get a row in shared/api/endpoints)', async () => {
    const documented = new Set(endpoints.map((row) => `${row.method} ${row.path}`));
    const undocumented = [...(await declaredRoutes())]
      .filter((route) => /^\w+ \/(api|ext)\/v1\//.test(route) && !documented.has(route))
      .filter((route) => route !== 'get /api/v1/openapi.json');
    expect(undocumented).toEqual([]);
  });

  it('describes request bodies from the same zod schemas the routes parse', async () => {
    const doc = (await (await fetch(`${tool.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    };
    const schema = doc.paths['/api/v1/me/selections']?.put?.requestBody?.content['application/json']?.schema;
    expect(schema).toMatchObject({
      type: 'object',
      properties: { abilities: { type: 'array', maxItems: 30 } },
      required: ['abilities'],
      additionalProperties: false,
    });
  });
});
