import express, { type Express } from 'express';
import type { Config } from './config';
import { errorHandler, notFoundHandler } from './http/errors';
import { requestId, securityHeaders } from './http/request-context';
import type { Logger } from './logger';
import { healthRouter } from './routes/health';

/** What the app needs to know about the database at the HTTP edge. */
export interface DatabaseProbe {
  kind: 'pglite' | 'postgres';
  ping(): Promise<void>;
}

export interface AppDeps {
  config: Config;
  logger: Logger;
  database: DatabaseProbe;
  version: string;
}

/**
 * Builds the Express app from its dependencies. No I/O happens here, so tests build as many apps as they like,
 * each on its own database. Middleware order: request id → security headers → body parsing → routers → 404 → errors.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.use(requestId);
  app.use(securityHeaders);
  app.use(express.json({ limit: '1mb', strict: true }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));

  app.use(healthRouter(deps.database, deps.version));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
