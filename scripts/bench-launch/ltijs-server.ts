// The baseline of scripts/bench-launch.ts: ltijs (the certified Node LTI library) on PostgreSQL through
// ltijs-sequelize, doing the same launch as the tool: login → id_token launch → app page → the app's first API call.
// ltijs is not a dependency of this repository: it is loaded from LTIJS_DIR (a scratch `npm install --prefix`).
// Env: LTIJS_DIR, PORT, PG_HOST, PG_PORT, PG_DATABASE, PG_USER, ISSUER, CLIENT_ID, AUTH_URL, TOKEN_URL, JWKS_URL.
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface LtijsProvider {
  setup(key: string, database: { plugin: unknown }, options: Record<string, unknown>): void;
  whitelist(...routes: string[]): void;
  onConnect(handler: (token: unknown, req: unknown, res: { send(body: string): void }) => void): void;
  deploy(options: { serverless: boolean; silent: boolean }): Promise<void>;
  registerPlatform(platform: Record<string, unknown>): Promise<unknown>;
  app: {
    get(
      path: string,
      handler: (req: unknown, res: { locals: { token: unknown }; json(body: unknown): void }) => void,
    ): void;
    listen(port: number, host: string, callback: () => void): void;
  };
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`ltijs-server: ${name} is not set`);
  return value;
};

const require = createRequire(join(env('LTIJS_DIR'), 'package.json'));
const lti = (require('ltijs') as { Provider: LtijsProvider }).Provider;
const Database = require('ltijs-sequelize') as new (
  database: string,
  user: string,
  password: string,
  options: Record<string, unknown>,
) => unknown;

let statements = 0;
const db = new Database(env('PG_DATABASE'), env('PG_USER'), process.env.PG_PASSWORD ?? '', {
  host: env('PG_HOST'),
  port: Number(env('PG_PORT')),
  dialect: 'postgres',
  // Counts the statements Sequelize sends (BEGIN and COMMIT included), for the benchmark's statements per launch.
  logging: () => void statements++,
});
// Plain http on loopback, as the README of ltijs-sequelize shows for local platforms.
lti.setup('bench-launch-ltijs-key', { plugin: db }, { cookies: { secure: false, sameSite: '' }, devMode: false });
// The same answer shape as our app shell would need: a small HTML page.
lti.onConnect((_token, _req, res) => res.send('<!doctype html><title>ltijs</title><div id="app"></div>'));
// The app's first API call: who am I, from the launch (ltik in the Authorization header).
lti.app.get('/me', (_req, res) => res.json(res.locals.token));
// Outside ltijs's launch (no ltik): how many statements so far, read by the driver before and after each round.
lti.whitelist('/__bench/statements');
lti.app.get('/__bench/statements', (_req, res) => res.json(statements));

await lti.deploy({ serverless: true, silent: true });
await lti.registerPlatform({
  url: env('ISSUER'),
  name: 'bench platform',
  clientId: env('CLIENT_ID'),
  authenticationEndpoint: env('AUTH_URL'),
  accesstokenEndpoint: env('TOKEN_URL'),
  authConfig: { method: 'JWK_SET', key: env('JWKS_URL') },
});
// ltijs's own deploy() listens on every interface; serverless mode lets us keep it on loopback.
lti.app.listen(Number(env('PORT')), '127.0.0.1', () => console.log('ready'));
