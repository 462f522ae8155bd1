/**
 * Dispatcher for /mod/lti/services.php/…: matches the path and the media type (see services-common.ts),
 * then hands over to the resource. Unlike Moodle's unanchored templates, the patterns are anchored, so a
 * `/scores` URL can never be served by the line item resource.
 */
import type { Request, Response } from 'express';
import { getResults, postScore } from './ags-scores';
import { lineItemResource, lineItemsContainer } from './ags-lineitems';
import type { SimContext } from './context';
import { getMemberships } from './nrps';
import { MEDIA, formatMatches, sendServiceReply } from './services-common';
import type { ServiceReply } from './services-common';

interface Route {
  pattern: RegExp;
  formats: readonly string[];
  methods: readonly string[];
  handle: (ctx: SimContext, req: Request, a: string, b: string) => ServiceReply;
}

const ROUTES: Route[] = [
  {
    pattern: /^\/CourseSection\/([^/]+)\/bindings\/([^/]+)\/memberships$/,
    formats: [MEDIA.lisMembership, MEDIA.nrpsMembership],
    methods: ['GET'],
    handle: getMemberships,
  },
  {
    pattern: /^\/([^/]+)\/lineitems\/([^/]+)\/lineitem\/scores$/,
    formats: [MEDIA.scoreContainer, MEDIA.score],
    methods: ['POST'],
    handle: postScore,
  },
  {
    pattern: /^\/([^/]+)\/lineitems\/([^/]+)\/lineitem\/results$/,
    formats: [MEDIA.resultContainer],
    methods: ['GET'],
    handle: getResults,
  },
  {
    pattern: /^\/([^/]+)\/lineitems\/([^/]+)\/lineitem$/,
    formats: [MEDIA.lineItem],
    methods: ['GET', 'PUT', 'DELETE'],
    handle: lineItemResource,
  },
  {
    pattern: /^\/([^/]+)\/lineitems$/,
    formats: [MEDIA.lineItemContainer, MEDIA.lineItem],
    methods: ['GET', 'POST'],
    handle: (ctx, req, courseId) => lineItemsContainer(ctx, req, courseId),
  },
];

function decode(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
}

/** Mounted at PATHS.services: `req.path` is the part after `services.php`. */
export function handleServices(ctx: SimContext, req: Request, res: Response): void {
  let reply: ServiceReply = { status: 400, reason: 'No resource matches the path and media type' };
  for (const route of ROUTES) {
    const match = route.pattern.exec(req.path);
    if (!match || !formatMatches(req, route.formats)) continue;
    reply = route.methods.includes(req.method)
      ? route.handle(ctx, req, decode(match[1]), decode(match[2]))
      : { status: 405 };
    break;
  }
  sendServiceReply(req, res, reply);
}
