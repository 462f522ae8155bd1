import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Language } from '../../../shared/errors';
import type { Db } from '../db/client';
import { escapeHtml, jsonForScript } from '../http/html';
import { requestLanguage } from '../http/language';
import type { Logger } from '../logger';
import {
  fetchOpenidConfiguration,
  registerWithPlatform,
  RegistrationError,
  toolRegistrationRequest,
} from '../lti/registration/dynamic';
import { sendPage } from '../lti/pages';
import type { ToolEndpoints } from '../lti/tool-endpoints';
import type { EgressPolicy } from '../net/address-policy';
import {
  claimRegistrationTicket,
  releaseRegistrationTicket,
  saveRegisteredPlatform,
} from '../services/platform-registration';

const query = z.object({
  openid_configuration: z.url().max(2048),
  registration_token: z.string().max(8192).optional(),
});

export interface RegistrationRouteDeps {
  db: Db;
  endpoints: ToolEndpoints;
  policy: EgressPolicy;
  logger: Logger;
  clientName: string;
}

const MESSAGES = {
  done: {
    zh: '注册成功。请在学习平台的“管理工具”中启用本工具。',
    en: 'Registered. Activate the tool in the platform’s tool management page.',
  },
  ticket: {
    zh: '注册链接无效、已使用或已过期，请让管理员重新生成。',
    en: 'This registration link is invalid, used or expired. Ask an administrator for a new one.',
  },
  request: {
    zh: '注册请求缺少 openid_configuration 参数。',
    en: 'The registration request has no openid_configuration.',
  },
  failed: { zh: '注册失败：', en: 'Registration failed: ' },
  duplicate: { zh: '该平台注册已存在。', en: 'This platform registration already exists.' },
} as const;

function page(res: Response, lang: Language, status: number, text: string, frameAncestors: string[], closeTo?: string) {
  const ok = status === 200;
  sendPage(res, {
    status,
    lang,
    title: lang === 'en' ? 'Tool registration' : '工具注册',
    frameAncestors,
    body: `<div class="box${ok ? '' : ' err'}" role="${ok ? 'status' : 'alert'}"><p>${escapeHtml(text)}</p></div>${
      closeTo ? `<script type="application/json" id="close">${jsonForScript({ origin: closeTo })}</script>` : ''
    }`,
    // DR §3.6: tell the platform we are done, addressed to its origin only, never '*'.
    script: closeTo
      ? `var o=JSON.parse(document.getElementById('close').textContent).origin;(window.opener||window.parent).postMessage({subject:'org.imsglobal.lti.close'},o);`
      : undefined,
  });
}

export function registrationRouter(deps: RegistrationRouteDeps): Router {
  const router = Router();
  router.get('/lti/register/:ticket', async (req: Request<{ ticket: string }>, res: Response) => {
    const lang = requestLanguage(req);
    const k = lang === 'en' ? 'en' : 'zh';
    const params = query.safeParse(req.query);
    if (!params.success) return page(res, lang, 400, MESSAGES.request[k], []);
    const configOrigin = new URL(params.data.openid_configuration).origin;
    const ticket = await claimRegistrationTicket(deps.db, req.params.ticket);
    if (!ticket) return page(res, lang, 403, MESSAGES.ticket[k], [configOrigin]);
    try {
      const config = await fetchOpenidConfiguration(params.data.openid_configuration, deps.policy);
      const request = toolRegistrationRequest(deps.endpoints, config, deps.clientName);
      const registered = await registerWithPlatform(config, params.data.registration_token, request, deps.policy);
      await saveRegisteredPlatform(deps.db, ticket, {
        name:
          config['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code ??
          new URL(config.issuer).host,
        issuer: config.issuer.replace(/\/+$/, ''),
        clientId: registered.clientId,
        authLoginUrl: config.authorization_endpoint,
        accessTokenUrl: config.token_endpoint,
        jwksUrl: config.jwks_uri,
        authorizationServer: config.authorization_server ?? null,
        deploymentId: registered.deploymentId,
      });
      deps.logger.info('platform registered dynamically', {
        issuer: config.issuer,
        deploymentId: registered.deploymentId,
      });
      page(res, lang, 200, MESSAGES.done[k], [new URL(config.issuer).origin], new URL(config.issuer).origin);
    } catch (err) {
      await releaseRegistrationTicket(deps.db, ticket.id);
      const duplicate =
        (err as { code?: string }).code === '23505' || /unique|duplicate/i.test(String((err as Error).message));
      if (!(err instanceof RegistrationError) && !duplicate) throw err;
      deps.logger.warn('dynamic registration failed', {
        reason: err instanceof RegistrationError ? err.reason : 'duplicate',
        message: (err as Error).message,
      });
      page(
        res,
        lang,
        err instanceof RegistrationError ? 502 : 409,
        duplicate ? MESSAGES.duplicate[k] : `${MESSAGES.failed[k]}${(err as Error).message}`,
        [configOrigin],
      );
    }
  });
  return router;
}
