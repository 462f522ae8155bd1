/**
 * The simulator's Express 5 app: Moodle's /mod/lti endpoints plus a request log. Anything else is a 404,
 * including /.well-known/openid-configuration (Moodle has none).
 */
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { handleAuth } from './auth';
import { COURSE_PAGE_PATHS, handleCourseLaunch, handleCoursePage, handleCourseView } from './course-page';
import { PATHS } from './context';
import type { SimContext } from './context';
import { handleContentItemReturn } from './deep-linking';
import { messagePage } from './html';
import { handleRegistration, openidConfiguration } from './registration';
import { handleServices } from './services';
import { handleToken } from './token';
import type { RequestLog } from './types';
import { firstString } from './util';

type Handler = (ctx: SimContext, req: Request, res: Response) => void | Promise<void>;

function route(ctx: SimContext, handler: Handler): RequestHandler {
  return (req, res, next) => {
    Promise.resolve(handler(ctx, req, res)).catch(next);
  };
}

function logRequests(ctx: SimContext): RequestHandler {
  return (req, res, next) => {
    const entry: RequestLog = {
      at: ctx.clock(),
      method: req.method,
      url: req.originalUrl,
      path: req.path,
      headers: { ...req.headers },
      body: undefined,
      status: 0,
    };
    ctx.logs.requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.body = req.body as unknown;
      if (typeof res.locals.note === 'string') entry.note = res.locals.note;
    });
    next();
  };
}

const rawBody = express.text({ type: () => true, limit: '1mb' });
const formBody = express.urlencoded({ extended: false, limit: '1mb' });

export function createApp(ctx: SimContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(logRequests(ctx));

  // PHP's JSON_PRETTY_PRINT indents with four spaces.
  app.get(PATHS.jwks, (_req, res) => {
    res.type('application/json; charset=utf-8').send(JSON.stringify(ctx.keys.jwks(), null, 4));
  });
  app.get(PATHS.openidConfiguration, (_req, res) => {
    res.type('application/json; charset=utf-8').send(JSON.stringify(openidConfiguration(ctx), null, 4));
  });
  app.all(PATHS.auth, route(ctx, handleAuth));
  app.all(PATHS.token, formBody, route(ctx, handleToken));
  app.all(PATHS.registration, rawBody, route(ctx, handleRegistration));
  app.post(PATHS.contentItemReturn, formBody, route(ctx, handleContentItemReturn));
  app.get(PATHS.launchReturn, (req, res) => {
    const error = firstString(req.query.lti_errormsg);
    const message = error ?? firstString(req.query.lti_msg) ?? 'Returned from the tool';
    res.type('html').send(messagePage(error ? 'Error' : 'Returned', message));
  });
  app.use(PATHS.services, rawBody, route(ctx, handleServices));
  app.get(COURSE_PAGE_PATHS.view, route(ctx, handleCourseView));
  app.get(COURSE_PAGE_PATHS.launch, route(ctx, handleCourseLaunch));
  app.get(COURSE_PAGE_PATHS.course, route(ctx, handleCoursePage));

  app.use((req, res) => {
    res
      .status(404)
      .type('html')
      .send(messagePage('Not found', `${req.method} ${req.path}`));
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    res.locals.note = err instanceof Error ? err.message : String(err);
    res
      .status(status)
      .type('html')
      .send(messagePage('Error', String(res.locals.note)));
  });
  return app;
}
