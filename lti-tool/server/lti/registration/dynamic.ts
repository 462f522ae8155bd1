import { z } from 'zod';
import type { EgressPolicy } from '../../net/address-policy';
import { safeFetch } from '../../net/safe-fetch';
import { AGS_SCOPE } from '../advantage/ags';
import { NRPS_SCOPE } from '../advantage/nrps';
import type { ToolEndpoints } from '../tool-endpoints';

/** LTI Dynamic Registration 1.0 (DR §3.3–3.6), the tool's side of the exchange. */
export const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

export const openidConfigurationSchema = z.looseObject({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  registration_endpoint: z.url(),
  authorization_server: z.string().optional(),
  scopes_supported: z.array(z.string()).default([]),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIGURATION]: z
    .looseObject({
      product_family_code: z.string().optional(),
      version: z.string().optional(),
      messages_supported: z.array(z.looseObject({ type: z.string() })).optional(),
    })
    .optional(),
});
export type OpenidConfiguration = z.infer<typeof openidConfigurationSchema>;

export const registrationResponseSchema = z.looseObject({
  client_id: z.string().min(1),
  scope: z.string().optional(),
  [TOOL_CONFIGURATION]: z.looseObject({ deployment_id: z.string().min(1).max(255).optional() }).optional(),
});

export class RegistrationError extends Error {
  constructor(
    readonly reason: 'configuration' | 'issuer_mismatch' | 'platform_refused' | 'unreachable',
    message: string,
  ) {
    super(message);
    this.name = 'RegistrationError';
  }
}

/**
 * DR §3.5.1: the issuer must be a prefix of the configuration URL. Moodle publishes it at
 * `{wwwroot}/mod/lti/openid-configuration.php`, not under `.well-known`, so the rule is origin + path prefix.
 */
export function issuerMatchesConfigurationUrl(issuer: string, configurationUrl: string): boolean {
  const i = new URL(issuer);
  const c = new URL(configurationUrl);
  if (i.origin !== c.origin) return false;
  const prefix = i.pathname.replace(/\/+$/, '');
  return c.pathname === prefix || c.pathname.startsWith(`${prefix}/`);
}

export async function fetchOpenidConfiguration(url: string, policy: EgressPolicy): Promise<OpenidConfiguration> {
  let text: string;
  try {
    const response = await safeFetch(url, { policy, headers: { accept: 'application/json' }, maxBytes: 512 * 1024 });
    if (response.status !== 200)
      throw new RegistrationError('unreachable', `configuration answered ${response.status}`);
    text = response.text;
  } catch (err) {
    if (err instanceof RegistrationError) throw err;
    throw new RegistrationError('unreachable', err instanceof Error ? err.message : String(err));
  }
  let parsed;
  try {
    parsed = openidConfigurationSchema.safeParse(JSON.parse(text));
  } catch {
    throw new RegistrationError('configuration', 'the openid configuration is not JSON');
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RegistrationError('configuration', `openid configuration: ${issue?.path.join('.')} ${issue?.message}`);
  }
  if (!issuerMatchesConfigurationUrl(parsed.data.issuer, url)) {
    throw new RegistrationError('issuer_mismatch', `issuer ${parsed.data.issuer} does not match ${url}`);
  }
  return parsed.data;
}

/** The registration request we send (DR §3.5.2), asking only for scopes the platform offers. */
export function toolRegistrationRequest(tool: ToolEndpoints, platform: OpenidConfiguration, clientName: string) {
  const wanted = [
    AGS_SCOPE.lineItem,
    AGS_SCOPE.lineItemReadonly,
    AGS_SCOPE.resultReadonly,
    AGS_SCOPE.score,
    NRPS_SCOPE,
  ];
  const offered = new Set(platform.scopes_supported);
  const scope = wanted.filter((s) => offered.size === 0 || offered.has(s)).join(' ');
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: tool.loginUrl,
    redirect_uris: [tool.launchUrl],
    client_name: clientName,
    jwks_uri: tool.jwksUrl,
    token_endpoint_auth_method: 'private_key_jwt',
    scope,
    [TOOL_CONFIGURATION]: {
      domain: new URL(tool.launchUrl).host,
      target_link_uri: tool.launchUrl,
      description: '中小学教师信息技术应用能力提升工程2.0 · Teachers’ IT Application Ability Programme 2.0',
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: tool.launchUrl, label: '添加能力提升工程活动' }],
    },
  };
}

export async function registerWithPlatform(
  platform: OpenidConfiguration,
  registrationToken: string | undefined,
  request: ReturnType<typeof toolRegistrationRequest>,
  policy: EgressPolicy,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (registrationToken) headers.authorization = `Bearer ${registrationToken}`;
  let response;
  try {
    response = await safeFetch(platform.registration_endpoint, {
      policy,
      method: 'POST',
      headers,
      body: JSON.stringify(request),
      maxBytes: 512 * 1024,
      timeoutMs: 10_000,
    });
  } catch (err) {
    throw new RegistrationError('unreachable', err instanceof Error ? err.message : String(err));
  }
  // Moodle answers 200 where the spec says 201; accept both.
  if (response.status !== 200 && response.status !== 201) {
    throw new RegistrationError(
      'platform_refused',
      `platform answered ${response.status}: ${response.text.slice(0, 300)}`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    throw new RegistrationError('platform_refused', 'the registration response is not JSON');
  }
  const parsed = registrationResponseSchema.safeParse(body);
  if (!parsed.success) throw new RegistrationError('platform_refused', 'the registration response has no client_id');
  return {
    clientId: parsed.data.client_id,
    deploymentId: parsed.data[TOOL_CONFIGURATION]?.deployment_id,
    grantedScopes: parsed.data.scope?.split(/\s+/).filter(Boolean) ?? [],
  };
}
