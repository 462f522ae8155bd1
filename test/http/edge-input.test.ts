import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../lti-tool/server/http/errors';
import { createLogger } from '../../lti-tool/server/logger';
import { startToolServer, type ToolServer } from '../helpers/tool-server';

let tool: ToolServer;
beforeAll(async () => {
  tool = await startToolServer();
});
afterAll(() => tool.close());

const postRaw = (path: string, body: string, contentType: string) =>
  fetch(`${tool.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('input the database could not take', () => {
  it('refuses a JSON body in a charset other than UTF-8 with 415, in Chinese and English', async () => {
    const response = await postRaw('/xapi/statements', '{"a":"b"}', 'application/json; charset=latin1');
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unsupported_media_type');
  });

  it('refuses a NUL byte in the query string with 422 naming the query', async () => {
    const response = await fetch(`${tool.url}/xapi/statements?statementId=a%00b`);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.issues[0]?.path).toBe('query');
  });

  it('refuses a NUL byte inside a JSON body (a void request) with 422 naming the field', async () => {
    const response = await postRaw(
      '/api/v1/completions/void',
      JSON.stringify({ externalId: 'x\u0000y', reason: '撤回' }),
      'application/json',
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { details: { issues: { path: string }[] } } };
    expect(body.error.details.issues[0]?.path).toBe('externalId');
  });

  it('still accepts ordinary UTF-8 JSON', async () => {
    const response = await postRaw('/xapi/statements', '{"a":"中文"}', 'application/json; charset=utf-8');
    expect(response.status).not.toBe(415);
    expect(response.status).toBeLessThan(500);
  });
});

describe('a database that is away', () => {
  it('answers 503 database_unavailable with Retry-After instead of 500', async () => {
    const app = express();
    app.get('/write', () => {
      throw new Error('Failed query: insert …', {
        cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      });
    });
    app.use(errorHandler(createLogger('silent')));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/write`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe('database_unavailable');
    } finally {
      server.close();
    }
  });
});
