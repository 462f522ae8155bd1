/**
 * OIDC third-party login (what Moodle's launch page posts to the tool) and the authorization endpoint
 * /mod/lti/auth.php, following Moodle 5.1.3's auth.php:
 * - the pending launch is found through `lti_message_hint.launchid` and consumed on first use;
 * - without a pending launch, or when `redirect_uri` is not registered, the redirect cannot be trusted and
 *   the answer is an HTML error page (400);
 * - any other failure is posted back to `redirect_uri` as `error`, `error_description`, `state`
 *   (Sec §5.1.1.5), through the same auto-submitting form as a success.
 */
import type { Request, Response } from 'express';
import { buildLaunchPayload } from './claims';
import { nowSeconds } from './context';
import type { SimContext } from './context';
import { autoPostForm, messagePage } from './html';
import { SimulatorSetupError } from './state';
import type { PendingLaunch } from './state';
import type { AuthQuery, AuthorizeResult, LoginInitiation, LoginInitiationInput } from './types';
import { randomPhpInt } from './util';

/** The request cannot be answered through redirect_uri: the platform shows an error page instead. */
export class AuthPageError extends Error {
  readonly status = 400;
}

export function createLoginInitiation(ctx: SimContext, input: LoginInitiationInput): LoginInitiation {
  const { state } = ctx;
  const tool = state.requireTool(input.clientId);
  if (tool.status !== 'active') throw new SimulatorSetupError(`tool ${tool.clientId} is pending: activateTool() first`);
  const userId = String(input.userId);
  const courseId = String(input.courseId);
  state.requireUser(userId);
  state.requireCourse(courseId);
  if (!state.role(courseId, userId) && !state.admins.has(userId)) {
    throw new SimulatorSetupError(`user ${userId} is not enrolled in course ${courseId}`);
  }

  let pending: PendingLaunch;
  let hint: Record<string, unknown>;
  if (input.deepLinking) {
    if (!tool.deepLinkingUrl) throw new SimulatorSetupError(`tool ${tool.clientId} has no deep linking URL`);
    if (!state.canManage(courseId, userId)) throw new SimulatorSetupError(`user ${userId} cannot add activities`);
    const launchId = `ltilaunch_ContentItemSelectionRequest${randomPhpInt()}`;
    pending = {
      launchId,
      typeId: tool.typeId,
      userId,
      courseId,
      messageType: 'LtiDeepLinkingRequest',
      targetLinkUri: input.targetLinkUri ?? tool.deepLinkingUrl,
      title: input.title,
      text: input.text,
    };
    hint = { launchid: launchId };
  } else {
    if (input.resourceLinkId === undefined) throw new SimulatorSetupError('resourceLinkId or deepLinking required');
    const link = state.links.get(String(input.resourceLinkId));
    if (!link || link.courseId !== courseId || link.typeId !== tool.typeId) {
      throw new SimulatorSetupError(`no resource link ${input.resourceLinkId} of this tool in course ${courseId}`);
    }
    const launchId = `ltilaunch${link.id}_${randomPhpInt()}`;
    pending = {
      launchId,
      typeId: tool.typeId,
      userId,
      courseId,
      messageType: 'LtiResourceLinkRequest',
      resourceLinkId: link.id,
      targetLinkUri: input.targetLinkUri ?? link.url ?? tool.targetLinkUri,
    };
    hint = { cmid: link.cmid, launchid: launchId };
  }
  if (!pending.targetLinkUri) throw new SimulatorSetupError('no target_link_uri (tool URL) for this launch');
  state.pendingLaunches.set(pending.launchId, pending);
  return {
    url: tool.loginUrl,
    method: 'POST',
    form: {
      iss: ctx.issuer,
      target_link_uri: pending.targetLinkUri,
      login_hint: userId,
      lti_message_hint: JSON.stringify(hint),
      client_id: tool.clientId,
      lti_deployment_id: tool.deploymentId,
    },
  };
}

function toParams(query: AuthQuery): URLSearchParams {
  if (query instanceof URLSearchParams) return query;
  if (query instanceof URL) return query.searchParams;
  if (typeof query === 'string') {
    return /^https?:/i.test(query) ? new URL(query).searchParams : new URLSearchParams(query.replace(/^\?/, ''));
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  return params;
}

function pendingFromHint(ctx: SimContext, hint: string): PendingLaunch | undefined {
  let launchId: unknown;
  try {
    launchId = (JSON.parse(hint) as { launchid?: unknown } | null)?.launchid;
  } catch {
    return undefined;
  }
  return typeof launchId === 'string' ? ctx.state.pendingLaunches.get(launchId) : undefined;
}

/** Runs auth.php on a query string (or the tool's full redirect URL) and returns what Moodle would post. */
export async function authorize(ctx: SimContext, query: AuthQuery): Promise<AuthorizeResult> {
  const q = toParams(query);
  const get = (key: string): string => q.get(key) ?? '';
  const pending = pendingFromHint(ctx, get('lti_message_hint'));
  if (!pending) throw new AuthPageError('lti_message_hint is missing, unknown or already used');
  ctx.state.pendingLaunches.delete(pending.launchId); // Moodle unsets the launch before any other check
  const tool = ctx.state.tools.get(pending.typeId);
  const redirectUri = get('redirect_uri');
  if (!tool || !tool.redirectUris.includes(redirectUri)) {
    throw new AuthPageError('redirect_uri is not one of the registered redirection URIs (exact match)');
  }

  const stateParam = get('state');
  const fail = (error: string, description?: string): AuthorizeResult => ({
    ok: false,
    action: redirectUri,
    fields: { error, ...(description ? { error_description: description } : {}), state: stateParam },
  });
  const required = ['scope', 'response_type', 'client_id', 'redirect_uri', 'login_hint', 'nonce'];
  const missing = required.filter((key) => get(key) === '');
  if (missing.length > 0) return fail('invalid_request', `Missing ${missing.join(', ')}`);
  if (stateParam === '') return fail('invalid_request', 'Missing state');
  if (get('scope') !== 'openid') return fail('invalid_scope');
  if (get('response_type') !== 'id_token') return fail('unsupported_response_type');
  if (get('client_id') !== tool.clientId) return fail('unauthorized_client');
  if (get('login_hint') !== pending.userId) return fail('access_denied');
  if (get('response_mode') !== 'form_post') return fail('invalid_request', 'Invalid response_mode');
  if (get('prompt') !== '' && get('prompt') !== 'none') return fail('invalid_request', 'Invalid prompt');
  if (tool.status !== 'active') return fail('unauthorized_client', 'Tool is pending');

  const payload = buildLaunchPayload(ctx, {
    tool,
    user: ctx.state.requireUser(pending.userId),
    course: ctx.state.requireCourse(pending.courseId),
    link: pending.resourceLinkId ? ctx.state.links.get(pending.resourceLinkId) : undefined,
    messageType: pending.messageType,
    nonce: get('nonce'),
    targetLinkUri: pending.targetLinkUri,
    iat: nowSeconds(ctx),
    title: pending.title,
    text: pending.text,
  });
  const idToken = await ctx.keys.sign(payload);
  ctx.logs.idTokensIssued.push({
    at: ctx.clock(),
    clientId: tool.clientId,
    redirectUri,
    id_token: idToken,
    payload,
  });
  return { ok: true, action: redirectUri, fields: { id_token: idToken, state: stateParam } };
}

export async function handleAuth(ctx: SimContext, req: Request, res: Response): Promise<void> {
  if (req.method !== 'GET') {
    // Moodle's session cookie is SameSite=Lax: a cross-site POST arrives without it (lti.md §2.5 quirk 1).
    res.locals.note = 'auth request must be a GET redirect';
    res.status(400).type('html').send(messagePage('Error', 'The authentication request must be a GET redirect.'));
    return;
  }
  try {
    const result = await authorize(ctx, new URL(req.originalUrl, ctx.issuer).searchParams);
    if (!result.ok) res.locals.note = `${result.fields.error} ${result.fields.error_description ?? ''}`.trim();
    res.status(200).type('html').send(autoPostForm(result.action, result.fields));
  } catch (err) {
    if (!(err instanceof AuthPageError)) throw err;
    res.locals.note = err.message;
    res.status(err.status).type('html').send(messagePage('Invalid request', err.message));
  }
}
