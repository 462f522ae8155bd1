import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getCatalogue } from '../../shared/domain';
import { createApp, type AppDeps } from '../../lti-tool/server/app';
import { createAppServer } from '../../lti-tool/server/http/app-server';
import { loadConfig, type Config } from '../../lti-tool/server/config';
import type { Database } from '../../lti-tool/server/db/client';
import { createLogger, type Logger } from '../../lti-tool/server/logger';
import { ToolKeyStore } from '../../lti-tool/server/lti/tool-keys';
import { createTestDatabase } from './db';
import { reusedKeyPairs } from './key-pairs';

export interface ToolServer {
  url: string;
  config: Config;
  database: Database;
  toolKeys: ToolKeyStore;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * The whole tool on 127.0.0.1 with a fresh migrated database. It listens before the app is built, so PUBLIC_URL can
 * name the real port. Outbound calls may reach loopback over http (the simulator lives there).
 */
export async function startToolServer(
  overrides: Partial<Pick<AppDeps, 'verify' | 'webAssets' | 'logger' | 'rateLimitClock'>> & {
    env?: NodeJS.ProcessEnv;
    /** A database prepared by the caller (the seeded demo); a fresh migrated one otherwise. Closed with the server. */
    database?: Database;
  } = {},
): Promise<ToolServer> {
  // The server `npm start` runs (requests born with the app's prototypes), so every test goes through it.
  const appServer = createAppServer();
  const server: Server = appServer.server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: url,
    EGRESS_ALLOW_HOSTS: '127.0.0.1',
    EGRESS_ALLOW_HTTP: '1',
    LOG_LEVEL: 'silent',
    ...overrides.env,
  });
  const database = overrides.database ?? (await createTestDatabase());
  const toolKeys = new ToolKeyStore(database.db, 'test-key-encryption-secret', reusedKeyPairs('tool'));
  await toolKeys.ensure();
  // Tests that read the log pass a logger writing to an array.
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const app = createApp({
    config,
    logger,
    database,
    version: 'test',
    toolKeys,
    catalogue: getCatalogue('national-2.0'),
    verify: overrides.verify,
    webAssets: overrides.webAssets,
    rateLimitClock: overrides.rateLimitClock,
  });
  appServer.serve(app);
  return {
    url,
    config,
    database,
    toolKeys,
    logger,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
