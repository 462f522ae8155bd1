import { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppServer, listen } from './app-server';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function started() {
  const appServer = createAppServer();
  await listen(appServer.server, 0, '127.0.0.1');
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        appServer.server.closeAllConnections();
        appServer.server.close(() => resolve());
      }),
  );
  const url = `http://127.0.0.1:${(appServer.server.address() as AddressInfo).port}`;
  return { ...appServer, url };
}

describe('createAppServer', () => {
  it('hands Express requests and responses that already have its prototypes, and they still are Node’s', async () => {
    const { serve, url } = await started();
    const app = express();
    const seen: Array<Record<string, boolean>> = [];
    app.use(express.json());
    app.post('/echo', (req, res) => {
      seen.push({
        reqProto: Object.getPrototypeOf(req) === app.request,
        resProto: Object.getPrototypeOf(res) === app.response,
        incoming: req instanceof IncomingMessage,
        outgoing: res instanceof ServerResponse,
      });
      res.status(201).json({ got: req.body, header: req.get('x-test') });
    });
    serve(app);
    const reply = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(reply.status).toBe(201);
    expect(await reply.json()).toEqual({ got: { a: 1 }, header: 'yes' });
    expect(seen).toEqual([{ reqProto: true, resProto: true, incoming: true, outgoing: true }]);
    // Express's own 404 still answers what no route handles.
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
  });

  it('answers 503 until the app is served', async () => {
    const { serve, url } = await started();
    expect((await fetch(`${url}/`)).status).toBe(503);
    const app = express();
    app.get('/', (_req, res) => res.send('ok'));
    serve(app);
    const reply = await fetch(`${url}/`);
    expect([reply.status, await reply.text()]).toEqual([200, 'ok']);
  });

  it('rejects when the port is taken', async () => {
    const first = await started();
    const port = (first.server.address() as AddressInfo).port;
    await expect(listen(createAppServer().server, port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
  });
});
