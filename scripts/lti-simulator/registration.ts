/**
 * LTI Dynamic Registration 1.0 as Moodle 5.1.3 runs it (fixture `dynamic-registration.json`):
 * - /mod/lti/openid-configuration.php: the platform configuration (issuer = wwwroot; no .well-known URL);
 * - the registration URL Moodle opens in its iframe carries `openid_configuration` and `registration_token`,
 *   an RS256 JWT from the platform key `{sub: <new client id>, scope: "reg", iat, exp: iat + 3600}`;
 * - POST /mod/lti/openid-registration.php with `Authorization: Bearer <token>` registers the tool as
 *   **pending** and answers **200** with Moodle's registration response (slashes escaped by PHP's
 *   json_encode); errors are plain-text codes (`domain_targetlinkuri_mismatch`, …) with 400 or 401.
 * Updating an existing registration (`reg-update`) is not simulated.
 */
import type { Request, Response } from 'express';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { SCOPES } from './claims';
import { MOODLE_RELEASE, PATHS, endpointUrl, nowSeconds } from './context';
import type { SimContext } from './context';
import type { ToolRecord } from './state';
import type { AgsMode } from './types';
import { phpJsonEncode, randomAlnum } from './util';

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

const VARIABLES = [
  'basic-lti-launch-request', 'ContentItemSelectionRequest', 'ToolProxyRegistrationRequest', 'Context.id',
  'Context.title', 'Context.label', 'Context.id.history', 'Context.sourcedId', 'Context.longDescription',
  'Context.timeFrame.begin', 'CourseSection.title', 'CourseSection.label', 'CourseSection.sourcedId',
  'CourseSection.longDescription', 'CourseSection.timeFrame.begin', 'CourseSection.timeFrame.end',
  'ResourceLink.id', 'ResourceLink.title', 'ResourceLink.description', 'User.id', 'User.username',
  'Person.name.full', 'Person.name.given', 'Person.name.family', 'Person.email.primary', 'Person.sourcedId',
  'Person.name.middle', 'Person.address.street1', 'Person.address.locality', 'Person.address.country',
  'Person.address.timezone', 'Person.phone.primary', 'Person.phone.mobile', 'Person.webaddress',
  'Membership.role', 'Result.sourcedId', 'Result.autocreate', 'BasicOutcome.sourcedId', 'BasicOutcome.url',
  'Moodle.Person.userGroupIds',
]; // prettier-ignore

export function openidConfiguration(ctx: SimContext): Record<string, unknown> {
  return {
    issuer: ctx.issuer,
    token_endpoint: endpointUrl(ctx, PATHS.token),
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    jwks_uri: endpointUrl(ctx, PATHS.jwks),
    authorization_endpoint: endpointUrl(ctx, PATHS.auth),
    registration_endpoint: endpointUrl(ctx, PATHS.registration),
    scopes_supported: [
      SCOPES.basicOutcome, SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score, SCOPES.lineItem,
      SCOPES.nrps, SCOPES.toolSetting, 'openid',
    ], // prettier-ignore
    response_types_supported: ['id_token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
    'https://purl.imsglobal.org/spec/lti-platform-configuration': {
      product_family_code: 'moodle',
      version: MOODLE_RELEASE,
      messages_supported: [
        { type: 'LtiResourceLinkRequest' },
        { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] },
      ],
      variables: VARIABLES,
    },
  };
}

/** The URL Moodle loads in its registration iframe, with a fresh single-use registration token. */
export async function startDynamicRegistration(ctx: SimContext, toolRegistrationUrl: string): Promise<string> {
  const iat = nowSeconds(ctx);
  const token = await ctx.keys.sign({ sub: randomAlnum(15), scope: 'reg', iat, exp: iat + 3600 });
  const url = new URL(toolRegistrationUrl);
  url.searchParams.set('openid_configuration', endpointUrl(ctx, PATHS.openidConfiguration));
  url.searchParams.set('registration_token', token);
  return url.toString();
}

class RegistrationError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** `lti_get_domain_from_url()`: host[:port] without scheme, path or a leading `www.`. */
function domainOf(url: string): string | undefined {
  return /(?:https?:\/\/)?(?:www\.)?([^/]+)(?:\/|$)/i.exec(url)?.[1];
}

async function clientIdFromToken(ctx: SimContext, req: Request): Promise<string> {
  const header = req.headers.authorization ?? '';
  if (!header) throw new RegistrationError('missing_registration_token', 401);
  let sub: unknown;
  let scope: unknown;
  try {
    const { payload } = await jwtVerify(header.replace(/^Bearer\s+/i, ''), createLocalJWKSet(ctx.keys.jwks()), {
      algorithms: ['RS256'],
      currentDate: new Date(ctx.clock()),
    });
    ({ sub, scope } = payload);
  } catch {
    throw new RegistrationError('invalid_registration_token', 401);
  }
  if (scope !== 'reg' || typeof sub !== 'string') throw new RegistrationError('invalid_registration_token', 401);
  if (ctx.state.toolByClientId(sub)) throw new RegistrationError('token_already_used', 401);
  return sub;
}

function required(payload: Record<string, unknown>, key: string): unknown {
  const value = payload[key];
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    throw new RegistrationError(`missing required attribute ${key}`, 400);
  }
  return value;
}

/** `registration_to_config()`, then the tool is saved pending. */
function registerFromPayload(ctx: SimContext, clientId: string, payload: Record<string, unknown>): ToolRecord {
  const responseTypes = required(payload, 'response_types');
  const loginUrl = String(required(payload, 'initiate_login_uri'));
  const redirectUris = required(payload, 'redirect_uris');
  const name = String(required(payload, 'client_name'));
  const jwksUrl = String(required(payload, 'jwks_uri'));
  const authMethod = required(payload, 'token_endpoint_auth_method');
  const config = required(payload, TOOL_CONFIG) as Record<string, unknown>;
  const domain = String(required(config, 'domain'));
  const targetLinkUri = typeof config.target_link_uri === 'string' ? config.target_link_uri : '';
  if (!Array.isArray(responseTypes) || !responseTypes.includes('id_token'))
    throw new RegistrationError('invalid_response_types', 400);
  if (!Array.isArray(redirectUris)) throw new RegistrationError('invalid_redirect_uris', 400);
  if (authMethod !== 'private_key_jwt') throw new RegistrationError('invalid_token_endpoint_auth_method', 400);
  if (payload.application_type !== undefined && payload.application_type !== 'web')
    throw new RegistrationError('invalid_application_type', 400);
  if (targetLinkUri && domainOf(targetLinkUri)?.toLowerCase() !== domainOf(domain)?.toLowerCase()) {
    throw new RegistrationError('domain_targetlinkuri_mismatch', 400);
  }

  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  const agsScopes: string[] = [SCOPES.score, SCOPES.resultReadonly, SCOPES.lineItemReadonly];
  const ags: AgsMode = scopes.includes(SCOPES.lineItem) ? 2 : scopes.some((s) => agsScopes.includes(s)) ? 1 : 0;
  const claims = Array.isArray(config.claims) ? (config.claims as unknown[]) : [];
  const messages = Array.isArray(config.messages) ? (config.messages as Record<string, unknown>[]) : [];
  const deepLinking = messages.find((m) => m.type === 'LtiDeepLinkingRequest');
  const custom =
    typeof config.custom_parameters === 'object' && config.custom_parameters !== null ? config.custom_parameters : {};
  const typeId = ctx.state.nextTypeId();
  const tool: ToolRecord = {
    typeId,
    deploymentId: String(typeId),
    clientId,
    name,
    description: typeof config.description === 'string' ? config.description : '',
    loginUrl,
    redirectUris: redirectUris.map(String),
    jwksUrl,
    targetLinkUri,
    deepLinkingUrl: deepLinking ? String(deepLinking.target_link_uri ?? '') || targetLinkUri : undefined,
    customParameters: Object.fromEntries(Object.entries(custom).map(([k, v]) => [k, String(v)])),
    ags,
    nrps: scopes.includes(SCOPES.nrps),
    toolSettings: scopes.includes(SCOPES.toolSetting),
    acceptGrades: ags > 0, // "delegate to teacher"; the simulator treats it as accepted
    shareName: ['name', 'given_name', 'family_name'].some((c) => claims.includes(c)),
    shareEmail: claims.includes('email'),
    launchContainer: 'embed',
    status: 'pending',
    domain,
  };
  ctx.state.tools.set(typeId, tool);
  return tool;
}

/** `config_to_registration()` in the 5.1.3 shape of the recorded response. */
export function registrationResponse(tool: ToolRecord): Record<string, unknown> {
  const scope: string[] = [];
  if (tool.ags > 0) scope.push(SCOPES.score, SCOPES.resultReadonly, SCOPES.lineItemReadonly);
  if (tool.ags === 2) scope.push(SCOPES.lineItem);
  if (tool.nrps) scope.push(SCOPES.nrps);
  if (tool.toolSettings) scope.push(SCOPES.toolSetting);
  const claims = ['sub', 'iss'];
  if (tool.shareName) claims.push('name', 'family_name', 'given_name');
  if (tool.shareEmail) claims.push('email');
  const config: Record<string, unknown> = {
    version: '1.3.0',
    deployment_id: tool.deploymentId,
    target_link_uri: tool.targetLinkUri,
    domain: tool.domain ?? '',
    description: tool.description,
  };
  if (tool.deepLinkingUrl) config.messages = [{ type: 'LtiDeepLinkingRequest', target_link_uri: tool.deepLinkingUrl }];
  if (Object.keys(tool.customParameters).length > 0) config.custom_parameters = tool.customParameters;
  config.claims = claims;
  return {
    client_id: tool.clientId,
    response_types: ['id_token'],
    jwks_uri: tool.jwksUrl,
    initiate_login_uri: tool.loginUrl,
    grant_types: ['client_credentials', 'implicit'],
    redirect_uris: tool.redirectUris,
    application_type: 'web',
    token_endpoint_auth_method: 'private_key_jwt',
    client_name: tool.name,
    logo_uri: '',
    scope: scope.join(' '),
    [TOOL_CONFIG]: config,
  };
}

export async function handleRegistration(ctx: SimContext, req: Request, res: Response): Promise<void> {
  try {
    if (req.method !== 'POST') throw new RegistrationError('unsupported_method', 400);
    const clientId = await clientIdFromToken(ctx, req);
    let payload: unknown;
    try {
      payload = JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch {
      throw new RegistrationError('invalid_registration_request', 400);
    }
    if (typeof payload !== 'object' || payload === null)
      throw new RegistrationError('invalid_registration_request', 400);
    const tool = registerFromPayload(ctx, clientId, payload as Record<string, unknown>);
    res
      .status(200)
      .type('application/json; charset=utf-8')
      .send(phpJsonEncode(registrationResponse(tool)));
  } catch (err) {
    if (!(err instanceof RegistrationError)) throw err;
    res.locals.note = err.message;
    res.status(err.status).type('text/html; charset=utf-8').send(err.message);
  }
}
