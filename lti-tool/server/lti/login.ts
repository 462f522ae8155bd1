import { createHash } from 'node:crypto';
import { pooledRandomBytes } from '../random-pool';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { CookiePolicy } from '../http/cookies';
import { setFrameCookie } from '../http/cookies';
import { escapeHtml, jsonForScript } from '../http/html';
import { requestLanguage } from '../http/language';
import { LtiError } from './errors';
import { sendLtiError, sendPage } from './pages';
import { sealState } from './oidc-state';
import { PLATFORM_STORAGE_SCRIPT, storageKey } from './platform-storage';
import { refusalFrameForIssuer } from './refusal-frame';
import type { LtiStore, PlatformRecord } from './store';
import type { Logger } from '../logger';

/** Login initiation parameters (Sec §5.1.1.1, Core §4.1), by GET or POST. */
const loginParams = z.object({
  iss: z.string().min(1).max(1024),
  login_hint: z.string().min(1).max(2048),
  target_link_uri: z.string().min(1).max(2048),
  lti_message_hint: z.string().max(4096).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
  client_id: z.string().min(1).max(255).optional(),
  lti_storage_target: z.string().max(64).optional(),
});

export const STATE_TTL_SECONDS = 600;
export const CHECK_COOKIE = 'lti_check';
export const bindingCookie = (stateId: string) => `lti_b_${stateId}`;
export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export interface LoginDeps {
  store: LtiStore;
  /** The HMAC key of the signed login state (ToolKeyStore.stateKey). */
  stateKey: Buffer;
  logger?: Logger;
  publicUrl: string;
  cookies: CookiePolicy;
}

function choosePlatform(platforms: PlatformRecord[], clientId: string | undefined): PlatformRecord {
  const candidates = clientId ? platforms.filter((p) => p.clientId === clientId) : platforms;
  if (candidates.length === 0) throw new LtiError('unregistered_platform');
  if (candidates.length > 1) throw new LtiError('ambiguous_client');
  const platform = candidates[0] as PlatformRecord;
  if (platform.status !== 'active') throw new LtiError('platform_disabled');
  return platform;
}

/** Our own URLs only: a login may not send the browser anywhere else (open redirect). */
function isOwnUrl(url: string, publicUrl: string): boolean {
  try {
    const target = new URL(url);
    const own = new URL(`${publicUrl}/`);
    return target.origin === own.origin && target.pathname.startsWith(own.pathname);
  } catch {
    return false;
  }
}

/**
 * Third-party initiated login. Signs the state with its nonce (nothing is stored), binds it to this browser with a cookie
 * named after it (several tabs can launch at once), then sends the browser to the platform's auth endpoint with GET.
 * The continue page first checks that the browser kept our cookie inside the LMS frame; if not, it offers to open
 * the tool in a new window, where the same login runs first-party (the platform's one-time message hint is still
 * unused at that point).
 */
export function loginHandler(deps: LoginDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const lang = requestLanguage(req);
    const log = deps.logger?.child({ requestId: res.locals.requestId });
    const source = req.method === 'POST' ? req.body : req.query;
    const parsed = loginParams.safeParse(source ?? {});
    if (!parsed.success) {
      log?.warn('lti login refused', {
        outcome: 'refused',
        code: 'invalid_login_request',
        fields: parsed.error.issues.map((i) => i.path.join('.')),
      });
      // A registered issuer with a broken request still sees the message inside its own frame.
      const frame = await refusalFrameForIssuer(deps.store, (source as { iss?: unknown } | undefined)?.iss, lang);
      sendLtiError(
        res,
        new LtiError('invalid_login_request', parsed.error.issues.map((i) => i.path.join('.')).join(', ')),
        frame.lang,
        frame.frameAncestors,
      );
      return;
    }
    const params = parsed.data;
    // One draw from the CSPRNG for the three secrets of a login (issue 14: fewer calls on the hot path).
    const random = pooledRandomBytes(73);
    const nonce = random.subarray(0, 32).toString('base64url');
    const stateId = random.subarray(32, 41).toString('base64url');
    const binding = random.subarray(41, 73).toString('base64url');
    let platform: PlatformRecord;
    try {
      const candidates = await deps.store.findPlatformsForLogin(params.iss, params.client_id, params.lti_deployment_id);
      const chosen = choosePlatform(candidates, params.client_id) as (typeof candidates)[number];
      platform = chosen;
      if (params.lti_deployment_id && chosen.deploymentStatus !== 'active')
        throw new LtiError('unknown_deployment', params.lti_deployment_id);
      // A target elsewhere is refused after the registration's own refusals (the old order).
      if (!isOwnUrl(params.target_link_uri, deps.publicUrl)) throw new LtiError('target_not_allowed');
    } catch (err) {
      if (!(err instanceof LtiError)) throw err;
      log?.warn('lti login refused', {
        outcome: 'refused',
        code: err.code,
        issuer: params.iss,
        clientId: params.client_id,
        deploymentId: params.lti_deployment_id,
      });
      // Disabled platform, unknown deployment…: the registered issuer frames the message, an unknown one cannot.
      const frame = await refusalFrameForIssuer(deps.store, params.iss, lang);
      return sendLtiError(res, err, frame.lang, frame.frameAncestors);
    }

    log?.info('lti login', {
      outcome: 'ok',
      issuer: platform.issuer,
      platformId: platform.id,
      tenantId: platform.tenantId,
      deploymentId: params.lti_deployment_id,
    });
    // The state is signed, not stored: the login writes nothing (oidc-state.ts).
    const state = sealState(deps.stateKey, {
      platformId: platform.id,
      stateId,
      bindingHash: sha256(binding),
      nonce,
      targetLinkUri: params.target_link_uri,
      deploymentId: params.lti_deployment_id,
      storageTarget: params.lti_storage_target,
      expiresAt: new Date(Date.now() + STATE_TTL_SECONDS * 1000),
    });
    const auth = new URL(platform.authEndpoint);
    const query: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${deps.publicUrl}/lti/launch`,
      login_hint: params.login_hint,
      state,
      nonce,
    };
    if (params.lti_message_hint !== undefined) query.lti_message_hint = params.lti_message_hint;
    // The query built once (each searchParams.set re-serialises the whole URL), keeping any the endpoint has.
    const authQuery = new URLSearchParams(auth.search);
    for (const [k, v] of Object.entries(query)) authQuery.set(k, v);
    auth.search = authQuery.toString();
    const authHref = auth.toString();

    setFrameCookie(res, deps.cookies, bindingCookie(stateId), binding, {
      maxAgeSeconds: STATE_TTL_SECONDS,
      httpOnly: true,
    });
    setFrameCookie(res, deps.cookies, CHECK_COOKIE, '1', { maxAgeSeconds: STATE_TTL_SECONDS, httpOnly: false });

    const retryQuery = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
      if (v !== undefined && k !== 'lti_storage_target') retryQuery.set(k, v);
    const retry = `${deps.publicUrl}/lti/login?${retryQuery.toString()}`;
    const en = lang === 'en';
    sendPage(res, {
      lang,
      title: en ? 'Opening the tool…' : '正在打开…',
      frameAncestors: [new URL(platform.issuer).origin, auth.origin],
      body: `<p id="wait">${en ? 'Opening the tool…' : '正在打开本工具…'}</p>
<div id="blocked" class="box" hidden><p>${en ? 'Your browser does not let the tool keep its login inside this page.' : '您的浏览器不允许本工具在课程页面中保持登录。'}</p>
<p><a class="btn" id="new-window" href="${escapeHtml(retry)}" target="_blank" rel="noopener">${en ? 'Open in a new window' : '在新窗口中打开'}</a></p></div>
<noscript><a id="continue" href="${escapeHtml(authHref)}">${en ? 'Continue' : '继续'}</a></noscript>
<script type="application/json" id="lti-login">${jsonForScript({
        auth: authHref,
        check: CHECK_COOKIE,
        storage: params.lti_storage_target
          ? { target: params.lti_storage_target, origin: auth.origin, key: storageKey(stateId), value: binding }
          : undefined,
      })}</script>`,
      // Cookie kept → go. Cookie blocked but the platform offers storage → keep the state there, then go.
      // Neither → offer a new window, where the same login runs first-party.
      script: `${PLATFORM_STORAGE_SCRIPT}
var c=JSON.parse(document.getElementById('lti-login').textContent);
function blocked(){document.getElementById('wait').hidden=true;document.getElementById('blocked').hidden=false;}
if(document.cookie.split(';').some(function(p){return p.trim().replace(/^__Host-/,'').indexOf(c.check+'=')===0;})){location.replace(c.auth);}
else if(c.storage){ltiStorage(c.storage,{subject:'lti.put_data',key:c.storage.key,value:c.storage.value},function(a){if(a)location.replace(c.auth);else blocked();});}
else{blocked();}`,
    });
  };
}
