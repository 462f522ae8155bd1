/**
 * Shared context of one simulator instance, plus Moodle's endpoint paths and service URL shapes.
 */
import type { PlatformKeys } from './keys';
import type { PlatformState } from './state';
import type { ToolJwksCache } from './tool-jwks';
import type { DeepLinkingResponseLog, IdTokenIssuedLog, RequestLog, ScorePostLog, TokenIssuedLog } from './types';

export const PATHS = {
  auth: '/mod/lti/auth.php',
  token: '/mod/lti/token.php',
  jwks: '/mod/lti/certs.php',
  openidConfiguration: '/mod/lti/openid-configuration.php',
  registration: '/mod/lti/openid-registration.php',
  services: '/mod/lti/services.php',
  contentItemReturn: '/mod/lti/contentitem_return.php',
  launchReturn: '/mod/lti/return.php',
  basicOutcomes: '/mod/lti/service.php',
} as const;

/** `version.php` `$version` without decimals (what `tool_platform.version` carries). */
export const MOODLE_BUILD_VERSION = '2025100603';
export const MOODLE_RELEASE = '5.1.3 (Build: 20260216)';

export interface SimLogs {
  requests: RequestLog[];
  scoresPosted: ScorePostLog[];
  deepLinkingResponses: DeepLinkingResponseLog[];
  tokensIssued: TokenIssuedLog[];
  idTokensIssued: IdTokenIssuedLog[];
}

export interface SimContext {
  /** wwwroot, set once the server listens. */
  issuer: string;
  clock: () => number;
  state: PlatformState;
  keys: PlatformKeys;
  toolJwks: ToolJwksCache;
  logs: SimLogs;
  site: { shortName: string; fullName: string; guid: string };
  agsLinkHeader: 'moodle' | 'rfc8288';
  defaultToolJwksUrl?: string;
}

export function nowSeconds(ctx: SimContext): number {
  return Math.floor(ctx.clock() / 1000);
}

export function endpointUrl(ctx: SimContext, path: string): string {
  return `${ctx.issuer}${path}`;
}

/** `{wwwroot}/mod/lti/services.php/{courseid}/lineitems` (without the `type_id` query). */
export function lineItemsBase(ctx: SimContext, courseId: string): string {
  return `${ctx.issuer}${PATHS.services}/${courseId}/lineitems`;
}

export function lineItemsUrl(ctx: SimContext, courseId: string, typeId: number): string {
  return `${lineItemsBase(ctx, courseId)}?type_id=${typeId}`;
}

/** `{wwwroot}/mod/lti/services.php/{courseid}/lineitems/{itemid}/lineitem` (without the query). */
export function lineItemBase(ctx: SimContext, courseId: string, itemId: number): string {
  return `${lineItemsBase(ctx, courseId)}/${itemId}/lineitem`;
}

export function lineItemUrl(ctx: SimContext, courseId: string, itemId: number, typeId: number): string {
  return `${lineItemBase(ctx, courseId, itemId)}?type_id=${typeId}`;
}

export function membershipsUrl(ctx: SimContext, courseId: string, typeId: number): string {
  return `${ctx.issuer}${PATHS.services}/CourseSection/${courseId}/bindings/${typeId}/memberships`;
}
