import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { errorBody } from '../../../shared/api';
import { endpoints, type Endpoint, type EndpointAuth } from '../../../shared/api/endpoints';

type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const SECURITY: Record<Exclude<EndpointAuth, 'none'>, Array<Record<string, string[]>>> = {
  session: [{ launchSession: [] }],
  // Admin routes take an administrator's launch session or an admin key, both as a bearer token.
  admin: [{ launchSession: [] }, { adminKey: [] }],
  device: [{ deviceToken: [] }],
  source: [{ sourceKey: [] }],
};

/** `/a/:id/b` → `/a/{id}/b`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function routeOf(row: Endpoint): RouteConfig {
  const status = String(row.status ?? 200);
  const reply = row.file
    ? { description: 'File', content: { [row.file]: { schema: { type: 'string' as const, format: 'binary' } } } }
    : row.reply
      ? { description: 'OK', content: { 'application/json': { schema: row.reply } } }
      : { description: 'OK (reply not yet described in shared/api)' };
  const error = {
    description: '错误 · Error (shared/errors.ts)',
    content: { 'application/json': { schema: errorBody } },
  };
  const request: RouteConfig['request'] = {};
  if (row.params) request.params = row.params;
  if (row.query) request.query = row.query;
  if (row.body) request.body = { content: { 'application/json': { schema: row.body } } };
  if (row.upload) {
    const binary = { schema: { type: 'string' as const, format: 'binary' } };
    request.body = { content: Object.fromEntries(row.upload.map((type) => [type, binary])) };
  }
  return {
    method: row.method,
    path: openApiPath(row.path),
    tags: [row.tag],
    summary: row.summary,
    ...(row.auth === 'none' ? {} : { security: SECURITY[row.auth] }),
    request,
    responses: { [status]: reply, '4XX': error },
  };
}

/** The OpenAPI 3.1 document of every endpoint in shared/api/endpoints, generated from the same zod schemas. */
export function openApiDocument(version: string, serverUrl?: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'launchSession', {
    type: 'http',
    scheme: 'bearer',
    description: 'The token the app page receives from an LTI launch.',
  });
  registry.registerComponent('securitySchemes', 'adminKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An institution admin key (lak_…).',
  });
  registry.registerComponent('securitySchemes', 'deviceToken', {
    type: 'http',
    scheme: 'bearer',
    description: "A paired browser extension's access token.",
  });
  registry.registerComponent('securitySchemes', 'sourceKey', {
    type: 'http',
    scheme: 'bearer',
    description: "A completion source's API key (cs_<id>.<secret>), for a platform's server.",
  });
  for (const row of endpoints) registry.registerPath(routeOf(row));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '能力提升工程2.0 LTI 工具 API · Ability programme 2.0 LTI tool API',
      version,
      description: 'Errors: one body for every endpoint (`error.code`, `error.message` in the request language).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
  });
}
