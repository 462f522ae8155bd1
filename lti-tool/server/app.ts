import express, { type Express } from 'express';
import type { Catalogue } from '../../shared/domain';
import type { Config } from './config';
import type { Database } from './db/client';
import { errorHandler, notFoundHandler } from './http/errors';
import { requestContext } from './http/request-context';
import { refuseNulBytes } from './http/nul-bytes';
import { deepLinkingRouter } from './launch/deep-linking-route';
import { onLaunch } from './launch/on-launch';
import type { Logger } from './logger';
import type { EgressPolicy } from './net/address-policy';
import { PlatformKeyCache } from './lti/platform-keys';
import { ltiRouter } from './lti/router';
import { registrationRouter } from './routes/registration';
import { createLtiStore } from './lti/store';
import { toolEndpoints } from './lti/tool-endpoints';
import type { ToolKeyStore } from './lti/tool-keys';
import type { VerifyOptions } from './lti/verify-id-token';
import { createBlobStore } from './storage';
import { webAssetsRouter, type WebAssets } from './web-assets';
import { completionsRouter } from './routes/completions';
import { completionsAdminRouter } from './routes/completions/admin';
import { exportsRouter } from './routes/exports';
import { certificatesRouter } from './routes/certificates';
import { dbRateLimiter, memoryRateLimiter } from './services/rate-limits';
import { apiRateLimit } from './http/rate-limit';
import { hoursRegistrationsRouter } from './routes/hours-registrations';
import { extensionRouter } from './routes/extension';
import { healthRouter } from './routes/health';
import { openApiRouter } from './routes/openapi';
import { adminContextsRouter } from './routes/admin-contexts';
import { reviewRouter } from './routes/review';
import { teacherRouter } from './routes/teacher';
import { meRouter } from './routes/me';
import { platformsAdminRouter } from './routes/platforms-admin';
import { rosterRouter } from './routes/roster';
import { ServiceTokenClient } from './lti/advantage/service-token';
import { setupRouter } from './routes/setup';
import { homeRouter } from './routes/home';
import { adminKeysRouter } from './routes/admin-keys';
import { organisationsRouter } from './routes/organisations';
import { programmeInstancesRouter } from './routes/programme-instances';
import { abilityCatalogueRouter } from './routes/ability-catalogue';
import { setupChecklistRouter } from './routes/setup-checklist';
import { assessorsRouter } from './routes/assessors';
import { requireAdmin } from './http/admin-auth';
import type { DemoPlatform } from './demo/demo-platform';
import { xapiRouter } from './routes/completions/xapi';
import { roleGrantsRouter } from './routes/role-grants';
import { schoolsRouter } from './routes/schools';
import { incentivesRouter } from './routes/incentives';
import { platformContactRecorder } from './services/platform-reachability';
import { activityRouter } from './routes/activity';
import { schoolArtefactsRouter } from './routes/school-artefacts';
import { schoolActivitiesRouter } from './routes/school-activities';
import { schoolProfileRouter } from './routes/school-profile';
import { schoolRosterRouter } from './routes/school-roster';

export function egressPolicy(config: Config): EgressPolicy {
  return { allowedPrivateHosts: new Set(config.egress.allowedPrivateHosts), allowHttp: config.egress.allowHttp };
}

/** What the app needs to know about the database at the HTTP edge. */
export type DatabaseProbe = Pick<Database, 'kind' | 'ping'>;

export interface AppDeps {
  config: Config;
  logger: Logger;
  database: Database;
  version: string;
  toolKeys: ToolKeyStore;
  catalogue: Catalogue;
  /** The built web app, when there is one (`npm run build`); the launch page falls back to a summary. */
  webAssets?: WebAssets;
  /** One cache of platform service tokens for the process (the grade job shares it); a new one when absent. */
  serviceTokens?: ServiceTokenClient;
  /** The local demo platform, when it runs (listed on the home page). */
  demo?: DemoPlatform;
  /** Called when a completion import job was queued (main.ts nudges its job runner). */
  onImportQueued?: () => void;
  /** Tests pin the clock for recorded tokens. */
  verify?: Pick<VerifyOptions, 'now' | 'clockSkewSeconds' | 'maxAgeSeconds'>;
  /** Tests hold the rate-limit windows still, so a slow run never sees a window end mid-test. */
  rateLimitClock?: () => number;
}

/**
 * Builds the Express app from its dependencies. No I/O happens here, so tests build as many apps as they like,
 * each on its own database. Middleware order: request id and security headers → body parsing → routers → 404 → errors.
 * The routers a launch's three requests reach come first (LTI, then the API's limit and `/api/v1/me`): every router
 * mounted before them is a layer each of those requests walks through. Their paths overlap none of the others'.
 */
export function createApp(deps: AppDeps): Express {
  const { config, database } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext(deps.logger));
  app.use(express.json({ limit: '1mb', strict: true }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));
  app.use(refuseNulBytes);

  const endpoints = toolEndpoints(config.publicUrl);
  const policy = {
    allowedPrivateHosts: new Set(config.egress.allowedPrivateHosts),
    allowHttp: config.egress.allowHttp,
  };
  // One key cache and one token client for the app: both record each platform's reachability as they contact it.
  const contacts = platformContactRecorder(database.db);
  const platformKeys = new PlatformKeyCache({ policy, onContact: contacts.jwks });
  const serviceTokens = deps.serviceTokens ?? new ServiceTokenClient({ policy, onContact: contacts.token });
  // On PostgreSQL several processes serve one deployment: limits are counted in the database so they hold across
  // them. The embedded database has one process, whose memory is enough (and spares a write per login and launch).
  const limiter =
    database.kind === 'postgres'
      ? dbRateLimiter(database.db, deps.rateLimitClock)
      : memoryRateLimiter(deps.rateLimitClock);
  app.use(
    ltiRouter({
      limiter,
      rateLimitPerMinute: config.ltiRateLimitPerMinute,
      store: createLtiStore(database.db),
      keys: deps.toolKeys,
      platformKeys,
      cookies: { secure: config.publicUrl.startsWith('https:') },
      publicUrl: config.publicUrl,
      logger: deps.logger,
      verify: deps.verify,
      onLaunch: onLaunch({
        db: database.db,
        catalogue: deps.catalogue,
        publicUrl: config.publicUrl,
        assets: deps.webAssets,
      }),
    }),
  );
  // Before the API's limit, as it always was: the description is public.
  app.use(openApiRouter(deps.version, config.publicUrl));
  // The signed-in API is limited per platform and user (a school shares one address), not per address.
  app.use(
    '/api/v1',
    apiRateLimit({
      db: database.db,
      limiter,
      perUserPerMinute: config.apiRateLimitPerMinute,
      failedPerAddressPerMinute: config.ltiRateLimitPerMinute,
    }),
  );
  // The app's first call after every launch, before the other routers' layers (issue 14: 53 layers were tried first).
  app.use(meRouter(database.db));
  app.use(healthRouter(database, deps.version));
  app.use(webAssetsRouter());
  app.use(
    deepLinkingRouter({
      db: database.db,
      keys: deps.toolKeys,
      catalogue: deps.catalogue,
      launchUrl: endpoints.launchUrl,
    }),
  );
  app.use(
    registrationRouter({
      db: database.db,
      endpoints,
      policy,
      logger: deps.logger,
      clientName: '能力提升工程2.0 · Ability programme 2.0',
    }),
  );
  // Every admin route: an institution administrator's launch session or an admin key (lak_…), nothing else.
  app.use('/api/v1/admin', requireAdmin(database.db));
  app.use(adminKeysRouter(database.db));
  app.use(organisationsRouter(database.db));
  app.use(programmeInstancesRouter(database.db));
  app.use(abilityCatalogueRouter());
  app.use(completionsAdminRouter(database.db));
  app.use(setupChecklistRouter(database.db));
  app.use(assessorsRouter(database.db));
  app.use(adminContextsRouter(database.db));
  app.use(teacherRouter({ db: database.db, storage: createBlobStore(config) }));
  app.use(reviewRouter(database.db));
  app.use(setupRouter(config.publicUrl));
  app.use(homeRouter(deps.demo));
  app.use(
    platformsAdminRouter(database.db, config, { keys: platformKeys, tokens: serviceTokens, toolKeys: deps.toolKeys }),
  );
  app.use(
    rosterRouter({
      db: database.db,
      keys: deps.toolKeys,
      tokens: serviceTokens,
      policy,
    }),
  );
  app.use(activityRouter(database.db));
  app.use(roleGrantsRouter(database.db));
  app.use(schoolArtefactsRouter({ db: database.db, storage: createBlobStore(config) }));
  app.use(schoolActivitiesRouter({ db: database.db, storage: createBlobStore(config) }));
  app.use(schoolProfileRouter(database.db));
  app.use(schoolRosterRouter(database.db, { keys: deps.toolKeys, tokens: serviceTokens, policy }));
  app.use(schoolsRouter(database.db));
  app.use(incentivesRouter(database.db));
  app.use(
    completionsRouter(database.db, {
      storage: createBlobStore(config),
      importJobFromBytes: config.importJobFromBytes,
      onImportQueued: deps.onImportQueued,
    }),
  );
  app.use(xapiRouter(database.db));
  app.use(exportsRouter({ db: database.db, storage: createBlobStore(config) }));
  app.use(certificatesRouter({ db: database.db, publicUrl: config.publicUrl, limiter }));
  app.use(hoursRegistrationsRouter(database.db));
  app.use(
    extensionRouter({
      db: database.db,
      publicUrl: config.publicUrl,
      storage: createBlobStore(config),
      limiter,
      perUserPerMinute: config.apiRateLimitPerMinute,
      // Refresh and revoke carry no session: per address, as generous as login and launch.
      tokenPerAddressPerMinute: config.ltiRateLimitPerMinute,
    }),
  );

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
