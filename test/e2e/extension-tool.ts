import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { getCatalogue } from '../../shared/domain';
import { createApp } from '../../lti-tool/server/app';
import type { ToolServer } from '../helpers/tool-server';

/**
 * A second HTTP front for the tool over the same database: the extension talks to it, and the test stops and
 * restarts it on the same port (the database stays open, as it would across a tool restart).
 */
export async function restartableTool(tool: ToolServer) {
  const app = createApp({
    config: tool.config,
    logger: tool.logger,
    database: tool.database,
    version: 'e2e',
    toolKeys: tool.toolKeys,
    catalogue: getCatalogue('national-2.0'),
  });
  let server: Server | undefined;
  let port = 0;
  const start = async () => {
    server = createServer(app);
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  const stop = async () => {
    if (!server) return;
    const closing = server;
    server = undefined;
    closing.closeAllConnections();
    await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  await start();
  return { url: () => `http://127.0.0.1:${port}`, start, stop };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
};

/** Saved pages (and PDFs) from the given folders, first match wins, served on loopback like any web site. */
export async function servePages(...dirs: string[]) {
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]?.replace(/^\/+/, '') ?? '';
    if (!/^[a-z0-9-]+\.(html|pdf)$/.test(name)) return res.writeHead(404).end();
    const tryDir = (i: number): Promise<Buffer> =>
      i >= dirs.length
        ? Promise.reject(new Error('not found'))
        : readFile(join(dirs[i]!, name)).catch(() => tryDir(i + 1));
    tryDir(0).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'text/plain' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
