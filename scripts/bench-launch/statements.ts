// Statements, round trips and commits per launch step, counted on the tool's own PostgreSQL connections: the app runs
// in this process (the same createApp as `npm start`) on a node-postgres pool whose clients count every query they
// send. Used by scripts/bench-launch.ts before its timed rounds; nothing here runs while they are timed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { getCatalogue } from '../../shared/domain';
import { createApp } from '../../lti-tool/server/app';
import { loadConfig } from '../../lti-tool/server/config';
import { postgresDatabase } from '../../lti-tool/server/db/drivers';
import { migrate } from '../../lti-tool/server/db/migrate';
import { createLogger } from '../../lti-tool/server/logger';
import { ToolKeyStore } from '../../lti-tool/server/lti/tool-keys';
import { registerPlatform } from '../../lti-tool/server/services/platform-admin';
import type { PlatformSimulator } from '../lti-simulator';
import { CookieJar, pageJson, send } from './http';

export interface StepCount {
  /** Queries sent (each one round trip), BEGIN and COMMIT included. */
  statements: number;
  /** Commits: explicit COMMITs plus statements sent outside a transaction (each commits on its own). */
  commits: number;
  /** Statements sent as node-postgres named (prepared) queries. */
  prepared: number;
}

export type StepName = 'login' | 'launch' | 'api' | 'background';
export type StatementCounts = Record<StepName, StepCount> & { launches: number };

const empty = (): StepCount => ({ statements: 0, commits: 0, prepared: 0 });

/**
 * Launches `launches` returning users (each launched once before, as nearly all are on a deadline evening) one after
 * another and counts what each step sends. `background` is what timers sent meanwhile (e.g. rate-limit flushes).
 */
export async function countToolStatements(input: {
  sim: PlatformSimulator;
  databaseUrl: string;
  courseId: number;
  userIds: number[];
}): Promise<StatementCounts> {
  const counts: StatementCounts = {
    login: empty(),
    launch: empty(),
    api: empty(),
    background: empty(),
    launches: 0,
  };
  let step: StepName = 'background';
  let counting = false;
  const pool = new pg.Pool({ connectionString: input.databaseUrl, max: 4 });
  pool.on('connect', (client) => {
    let inTransaction = false;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string; name?: string };
      const text = (typeof first === 'string' ? first : (first.text ?? '')).trim().toLowerCase();
      if (counting) {
        const c = counts[step];
        c.statements++;
        if (typeof first === 'object' && first.name) c.prepared++;
        if (text === 'commit' || (!inTransaction && !text.startsWith('begin') && text !== 'rollback')) c.commits++;
      }
      if (text.startsWith('begin')) inTransaction = true;
      if (text === 'commit' || text === 'rollback') inTransaction = false;
      return query(...args);
    };
  });
  const database = postgresDatabase(pool);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await migrate(database.db);
    const { clientId, deploymentId } = input.sim.registerTool({
      name: 'tool (statement count)',
      loginUrl: `${url}/lti/login`,
      redirectUris: [`${url}/lti/launch`],
      jwksUrl: `${url}/.well-known/jwks.json`,
      targetLinkUri: `${url}/lti/launch`,
    });
    const link = input.sim.addResourceLink({
      courseId: input.courseId,
      clientId,
      id: 900,
      title: '计数',
      gradeMax: 100,
    });
    await registerPlatform(database.db, {
      tenant: 'bench',
      name: 'bench platform',
      issuer: input.sim.issuer,
      clientId,
      authLoginUrl: input.sim.endpoints.auth,
      accessTokenUrl: input.sim.endpoints.token,
      jwksUrl: input.sim.endpoints.jwks,
      deploymentIds: [deploymentId],
    });
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: url,
      DATABASE_URL: input.databaseUrl,
      KEY_ENCRYPTION_SECRET: 'bench-launch-key-encryption-secret',
      EGRESS_ALLOW_HOSTS: '127.0.0.1',
      EGRESS_ALLOW_HTTP: '1',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      LTI_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    const toolKeys = new ToolKeyStore(database.db, 'bench-launch-key-encryption-secret');
    await toolKeys.ensure();
    server.on(
      'request',
      createApp({
        config,
        logger: createLogger('warn'),
        database,
        version: 'bench',
        toolKeys,
        catalogue: getCatalogue('national-2.0'),
      }),
    );
    const launch = async (userId: number) => {
      const jar = new CookieJar();
      const init = input.sim.loginInitiation({ clientId, courseId: input.courseId, resourceLinkId: link.id, userId });
      step = 'login';
      const login = await send(init.url, { form: init.form, jar });
      if (login.status !== 200) throw new Error(`login ${login.status}: ${login.body.slice(0, 200)}`);
      step = 'background';
      const auth = await input.sim.authorize(
        new URL(pageJson<{ auth: string }>(login.body, 'lti-login').auth).searchParams,
      );
      if (!auth.ok) throw new Error(`platform refused: ${auth.fields.error}`);
      step = 'launch';
      const page = await send(auth.action, { form: auth.fields, jar });
      if (page.status !== 200) throw new Error(`launch ${page.status}: ${page.body.slice(0, 200)}`);
      step = 'api';
      const { sessionToken } = pageJson<{ sessionToken: string }>(page.body, 'app-config');
      const me = await send(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${sessionToken}` } });
      if (me.status !== 200) throw new Error(`/api/v1/me ${me.status}`);
      step = 'background';
    };
    // First launches create the people (and fetch the platform's keys); the count is of returning users.
    for (const userId of input.userIds) await launch(userId);
    counting = true;
    for (const userId of input.userIds) await launch(userId);
    // Let timers (a rate-limit flush) run once, so what they send is counted with the launches they serve.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    counting = false;
    counts.launches = input.userIds.length;
    return counts;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
  }
}

/** Per launch, as `statements (commits)` for one step. */
export function perLaunch(counts: StatementCounts, stepName: StepName): string {
  const c = counts[stepName];
  const n = Math.max(counts.launches, 1);
  return `${(c.statements / n).toFixed(1)} (${(c.commits / n).toFixed(1)} commits, ${(c.prepared / n).toFixed(1)} prepared)`;
}
