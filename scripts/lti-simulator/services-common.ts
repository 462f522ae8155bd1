/**
 * Plumbing shared by the AGS and NRPS endpoints under /mod/lti/services.php, modelled on Moodle's
 * `services.php` and `mod_lti\local\ltiservice\response`:
 * - routing is by path *and* media type: a GET whose Accept is neither empty, nor contains the match-all
 *   wildcard, nor exactly one of the resource's formats finds no resource (400); a POST/PUT needs an exact
 *   Content-Type (parameters such as `; charset=utf-8` make it miss);
 * - bearer tokens: the `Bearer ` prefix is case-sensitive, the token must be unexpired, belong to the
 *   `type_id` when one is given, and hold at least one of the scopes the resource accepts (else 401);
 * - error replies carry Moodle's JSON body `{status, reason, request: {method, url, accept, contentType}}`
 *   unless the resource set a body of its own, and the reason is also the HTTP status text.
 */
import type { Request, Response } from 'express';
import { nowSeconds } from './context';
import type { SimContext } from './context';
import type { ToolRecord } from './state';

export const MEDIA = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  scoreContainer: 'application/vnd.ims.lis.v1.scorecontainer+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
  nrpsMembership: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
  lisMembership: 'application/vnd.ims.lis.v2.membershipcontainer+json',
} as const;

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

export interface ServiceReply {
  status: number;
  reason?: string;
  /** Media type without parameters; `; charset=utf-8` is appended as Moodle does. */
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
}

export function accept(req: Request): string {
  return req.headers.accept ?? '';
}

export function contentType(req: Request): string {
  return req.headers['content-type'] ?? '';
}

export function searchParams(req: Request): URLSearchParams {
  return new URL(req.originalUrl, 'http://simulator.invalid').searchParams;
}

/** Whether Moodle's dispatcher would route this request to a resource with these formats. */
export function formatMatches(req: Request, formats: readonly string[]): boolean {
  if (req.method === 'GET') {
    const value = accept(req);
    return value === '' || value.includes('*/*') || formats.includes(value);
  }
  if (req.method === 'DELETE') return true;
  return formats.includes(contentType(req));
}

/** PHP `intval()` on a query parameter (absent or garbage → fallback). */
export function intParam(params: URLSearchParams, key: string, fallback = 0): number {
  const value = Number.parseInt(params.get(key) ?? '', 10);
  return Number.isNaN(value) ? fallback : value;
}

/** `get_oauth_key_from_headers()`: the tool behind a valid bearer token holding one of `scopes`. */
export function bearerTool(
  ctx: SimContext,
  req: Request,
  typeIdParam: string | null,
  scopes: readonly string[],
): ToolRecord | undefined {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) return undefined;
  const token = ctx.state.accessTokens.get(header.slice(7).trim());
  if (!token) return undefined;
  if (typeIdParam !== null && Number.parseInt(typeIdParam, 10) !== token.typeId) return undefined;
  if (token.expiresAt <= nowSeconds(ctx)) return undefined;
  if (!scopes.some((scope) => token.scopes.includes(scope))) return undefined;
  return ctx.state.tools.get(token.typeId);
}

/** PHP `rawurlencode()` (used by `moodle_url`). */
function rawUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function buildUrl(base: string, params: [string, string | number][]): string {
  if (params.length === 0) return base;
  return `${base}?${params.map(([k, v]) => `${rawUrlEncode(k)}=${rawUrlEncode(String(v))}`).join('&')}`;
}

/**
 * AGS paging `Link` header. Moodle builds it with `moodle_url::out()` (which HTML-escapes `&` as `&amp;`)
 * and typographic quotes around the rel values; PHP sends those as UTF-8 bytes, which Node must be given
 * as a latin1 string to put the same bytes on the wire.
 */
export function agsLinkHeader(ctx: SimContext, links: { rel: string; url: string }[]): string {
  if (ctx.agsLinkHeader === 'rfc8288') return links.map((l) => `<${l.url}>; rel="${l.rel}"`).join(', ');
  const value = links.map((l) => `<${l.url.replace(/&/g, '&amp;')}>; rel=“${l.rel}”`).join(', ');
  return Buffer.from(value, 'utf8').toString('latin1');
}

/** `response::send()`. */
export function sendServiceReply(req: Request, res: Response, reply: ServiceReply): void {
  const reason = reply.reason || REASONS[reply.status] || REASONS[Math.floor(reply.status / 100) * 100] || '';
  res.status(reply.status);
  res.statusMessage = reason.replace(/[^\x20-\x7e]/g, ' ');
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  const body = reply.body ?? '';
  if (reply.status === 204) {
    res.end();
  } else if ((reply.status >= 200 && reply.status < 300) || body !== '') {
    // Without an explicit content type PHP falls back to its default, text/html.
    res.setHeader(
      'Content-Type',
      reply.contentType ? `${reply.contentType}; charset=utf-8` : 'text/html; charset=UTF-8',
    );
    // A Buffer body makes Node write the headers as latin1 (a string body would re-encode them as UTF-8).
    res.end(Buffer.from(body, 'utf8'));
  } else {
    if (reply.reason) res.locals.note = reply.reason;
    const request: Record<string, string> = { method: req.method, url: req.originalUrl };
    if (req.headers.accept !== undefined) request.accept = req.headers.accept;
    if (req.headers['content-type'] !== undefined) request.contentType = contentType(req).split(';')[0] ?? '';
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ status: reply.status, reason, request }, null, 4));
  }
}
