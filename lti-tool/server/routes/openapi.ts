import { Router } from 'express';
import { openApiDocument } from '../http/openapi';

/** `/api/v1/openapi.json`: the contract in shared/api as OpenAPI 3.1, generated once per process. */
export function openApiRouter(version: string, publicUrl: string): Router {
  const router = Router();
  let document: string | undefined;
  router.get('/api/v1/openapi.json', (_req, res) => {
    document ??= JSON.stringify(openApiDocument(version, publicUrl));
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(document);
  });
  return router;
}
