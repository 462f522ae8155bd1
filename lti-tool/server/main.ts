import cluster from 'node:cluster';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createApp, egressPolicy } from './app';
import { ConfigError, loadConfig, redactDatabaseUrl, type Config } from './config';
import { openDatabase } from './db/client';
import { migrate } from './db/migrate';
import { getCatalogue } from '../../shared/domain';
import { createLogger, type Logger } from './logger';
import { platformContactRecorder, reprobeQuietPlatforms } from './services/platform-reachability';
import { PlatformKeyCache } from './lti/platform-keys';
import { deliverDueScores } from './jobs/grade-delivery';
import { startJobs } from './jobs/runner';
import { runScheduledAndDueExports } from './jobs/exports';
import { releaseAbandonedImportJobs, runDueImportJobs } from './jobs/import-jobs';
import { backfillTeacherStatus } from './services/teacher-status/backfill';
import { ServiceTokenClient } from './lti/advantage/service-token';
import { createLtiStore } from './lti/store';
import { ToolKeyStore } from './lti/tool-keys';
import { purgeExpiredSessions } from './services/sessions';
import { keyEncryptionSecret } from './secrets';
import { startupBanner } from './urls';
import { loadWebAssets } from './web-assets';
import { startDemoPlatform, type DemoPlatform } from './demo/demo-platform';
import { createBlobStore } from './storage';
import { applyServerTimeouts } from './http/server-timeouts';
import { createAppServer, listen } from './http/app-server';
import { sweepTemporaryJob } from './jobs/sweep-temporary';

/** A platform nothing has contacted for six hours is probed by the hourly job. */
const PLATFORM_QUIET_MS = 6 * 60 * 60_000;

/**
 * Start-up: config → database → migrations → tool keys → HTTP. With WORKERS > 1 (PostgreSQL only) this process
 * migrates and creates the keys once, then forks the workers, which share the port (node:cluster hands connections
 * round-robin) and keep all state in the database. Shutdown closes the server first, then the database.
 */
async function main(): Promise<void> {
  // A local .env fills in what the environment leaves unset (variables already set win).
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) return supervise(config, logger);
  return serve(config, logger);
}

/** The primary of several workers: prepares the database, forks, replaces a worker that dies, stops them all. */
async function supervise(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrate(database.db);
    if (applied.length > 0) logger.info('migrations applied', { migrations: applied });
    await new ToolKeyStore(database.db, await keyEncryptionSecret(config)).ensure();
  } finally {
    await database.close();
  }
  let closing = false;
  const listening = new Set<number>();
  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (listening.size === config.workers) {
      const label = `PostgreSQL ${redactDatabaseUrl(config.databaseUrl ?? '')} · ${config.workers} workers（进程）`;
      console.log(startupBanner(config.publicUrl, label));
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (closing) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that never listened failed at start-up (port taken, bad database): restarting would only loop.
    if (!listening.has(worker.id)) {
      logger.error('worker failed to start; stopping', { pid: worker.process.pid, code, signal });
      process.exit(1);
    }
    logger.error('worker exited; starting another', { pid: worker.process.pid, code, signal });
    cluster.fork();
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info('shutting down workers', { signal });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** One process serving HTTP and running the background jobs (alone, or as one of the cluster's workers). */
async function serve(initialConfig: Config, logger: Logger): Promise<void> {
  let config = initialConfig;
  const version = (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;

  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    pgliteThread: config.pgliteThread,
    // The embedded database's thread died: nothing in this process can bring it back, so answer what is in flight
    // (503) and exit non-zero for the supervisor (systemd, docker) to start the tool again on the same data.
    onPgliteWorkerDeath: (err) => {
      logger.error('embedded database thread stopped; exiting to be restarted', { err });
      setTimeout(() => process.exit(1), 1_000);
    },
  });
  if (cluster.isPrimary) {
    // A cluster's primary has already migrated before forking.
    const applied = await migrate(database.db);
    if (applied.length > 0) logger.info('migrations applied', { migrations: applied });
  }

  const toolKeys = new ToolKeyStore(database.db, await keyEncryptionSecret(config));
  await toolKeys.ensure();

  let demo: DemoPlatform | undefined;
  if (config.demo) {
    // The demo platform runs on this machine: let the tool reach it (keys, grades) over plain http, and nothing else.
    const demoHost = new URL(config.publicUrl).hostname === '127.0.0.1' ? '127.0.0.1' : 'localhost';
    config = {
      ...config,
      egress: { allowedPrivateHosts: [...config.egress.allowedPrivateHosts, demoHost], allowHttp: true },
    };
    demo = await startDemoPlatform({ db: database.db, config, storage: createBlobStore(config), logger });
  }

  // Shared by the app and the grade job; it records each platform's token endpoint reachability as it goes.
  const serviceTokens = new ServiceTokenClient({
    policy: egressPolicy(config),
    onContact: platformContactRecorder(database.db).token,
  });
  // The job runner starts after the server listens; an import queued before that waits for its first tick.
  let nudgeImports = (): void => undefined;
  const webAssets = loadWebAssets();
  if (!webAssets) logger.warn('web app not built: run `npm run build` (launches show a summary page only)');
  const app = createApp({
    config,
    logger,
    database,
    version,
    toolKeys,
    catalogue: getCatalogue('national-2.0'),
    webAssets,
    demo,
    serviceTokens,
    onImportQueued: () => nudgeImports(),
  });
  const appServer = createAppServer();
  appServer.serve(app);
  const server: Server = await listen(appServer.server, config.port, config.host);
  applyServerTimeouts(server, config.requestTimeoutSeconds);

  const databaseLabel =
    database.kind === 'pglite'
      ? `PGlite（内嵌 embedded${config.pgliteThread === 'worker' ? '，工作线程 worker thread' : ''}） ${config.dataDir}`
      : `PostgreSQL ${redactDatabaseUrl(config.databaseUrl ?? '')}`;
  if (cluster.isPrimary) console.log(startupBanner(config.publicUrl, databaseLabel));
  if (demo) console.log(`  演示 Demo（本机体验，生产环境禁用 · local only）: ${config.publicUrl}/\n`);

  const policy = egressPolicy(config);
  const ltiStore = createLtiStore(database.db);
  const reprobe = {
    keys: new PlatformKeyCache({ policy, onContact: platformContactRecorder(database.db).jwks }),
    tokens: serviceTokens,
    toolKeys,
  };
  if (database.kind === 'pglite') await releaseAbandonedImportJobs(database.db);
  const jobs = startJobs(
    [
      {
        name: 'grade-delivery',
        intervalMs: config.jobPollMs,
        run: () =>
          deliverDueScores({ db: database.db, store: ltiStore, keys: toolKeys, tokens: serviceTokens, policy, logger }),
      },
      {
        name: 'exports',
        intervalMs: Math.min(3_000, config.jobPollMs),
        run: () =>
          runScheduledAndDueExports({ db: database.db, storage: createBlobStore(config), publicUrl: config.publicUrl }),
      },
      {
        // Status rows missing or computed by older programme data; a no-op query once caught up.
        name: 'teacher-status-backfill',
        intervalMs: 10 * 60_000,
        run: () => backfillTeacherStatus(database.db),
      },
      {
        // Large completion imports, queued by their upload (which nudges this job) or abandoned by a restart.
        name: 'completion-import-jobs',
        intervalMs: Math.min(3_000, config.jobPollMs),
        run: () => runDueImportJobs({ db: database.db, storage: createBlobStore(config), logger }),
      },
      sweepTemporaryJob(() => createBlobStore(config), logger),
      {
        // A registration deleted in the LMS shows as unreachable without an administrator clicking 检查连接.
        name: 'reprobe-platforms',
        intervalMs: 60 * 60_000,
        run: async () => {
          const probed = await reprobeQuietPlatforms(database.db, reprobe, { quietMs: PLATFORM_QUIET_MS });
          for (const { platformId, reachability } of probed) {
            if (reachability.state === 'unreachable')
              logger.warn('platform unreachable', {
                platformId,
                endpoint: reachability.failedEndpoint,
                code: reachability.reason,
              });
          }
        },
      },
      {
        name: 'purge-expired',
        intervalMs: 10 * 60_000,
        run: async () => {
          await ltiStore.purgeExpiredStates();
          await purgeExpiredSessions(database.db);
        },
      },
    ],
    logger,
  );
  jobs.nudge('teacher-status-backfill');
  jobs.nudge('sweep-temporary-uploads');
  jobs.nudge('completion-import-jobs');
  nudgeImports = () => jobs.nudge('completion-import-jobs');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info('shutting down', { signal });
    server.close(() => {
      jobs
        .stop()
        .then(() => demo?.close())
        .then(() => database.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    // Keep-alive connections could hold the server open; do not wait for ever.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error('启动失败 / failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
