import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Catalogue } from '../../../shared/domain';
import type { Db } from '../db/client';
import { requestLanguage } from '../http/language';
import { signDeepLinkingResponse } from '../lti/deep-linking';
import { sendAutoPost, sendPage } from '../lti/pages';
import type { ToolKeyStore } from '../lti/tool-keys';
import { endSession, findSession } from '../services/sessions';
import { canPlaceContent } from './launch-pages';
import { contentItemFor, parsePlacementKey, type Placement } from './placements';

const respondBody = z.object({
  session: z.string().min(1).max(100),
  items: z.union([z.string().max(64), z.array(z.string().max(64)).max(100)]).optional(),
});

export interface DeepLinkingRouteDeps {
  db: Db;
  keys: ToolKeyStore;
  catalogue: Catalogue;
  launchUrl: string;
}

/**
 * The picker's form posts here with its deep-linking session; we sign the LtiDeepLinkingResponse and post it to
 * the platform's return URL. The session is single use, so a double click cannot create two sets of activities.
 */
export function deepLinkingRouter(deps: DeepLinkingRouteDeps): Router {
  const router = Router();
  router.post('/lti/deep-linking/respond', async (req: Request, res: Response) => {
    let lang = requestLanguage(req);
    const parsed = respondBody.safeParse(req.body ?? {});
    const session = parsed.success ? await findSession(deps.db, parsed.data.session) : undefined;
    const allowed = session !== undefined && canPlaceContent(session.toolRoles);
    const settings = session?.launch.deepLinking;
    if (!parsed.success || !session || session.messageType !== 'LtiDeepLinkingRequest' || !allowed || !settings) {
      return sendPage(res, {
        status: 401,
        lang,
        title: lang === 'en' ? 'Session expired' : '会话已失效',
        body: `<div class="box err" role="alert"><p>${lang === 'en' ? 'This selection has expired or was already sent. Open "Select content" again from the course.' : '本次选择已失效或已提交，请在课程中重新点击“选择内容”。'}</p></div>`,
      });
    }
    lang = session.locale === 'en' ? 'en' : 'zh-CN';
    const frameAncestors = [new URL(session.launch.issuer).origin];
    const keys = parsed.data.items === undefined ? [] : ([] as string[]).concat(parsed.data.items);
    const placements = keys
      .map((k) => parsePlacementKey(k, deps.catalogue))
      .filter((p): p is Placement => p !== undefined);
    if (placements.length === 0 || placements.length !== keys.length) {
      return sendPage(res, {
        status: 422,
        lang,
        frameAncestors,
        title: lang === 'en' ? 'Nothing selected' : '未选择内容',
        body: `<div class="box err" role="alert"><p>${lang === 'en' ? 'Choose at least one item, then add it.' : '请至少选择一项内容后再添加。'}</p></div>`,
      });
    }
    const k = lang === 'en' ? 'en' : 'zh';
    const jwt = await signDeepLinkingResponse({
      key: await deps.keys.signingKey(),
      clientId: session.launch.clientId,
      platformIssuer: session.launch.issuer,
      deploymentId: session.deploymentId,
      settings: {
        deep_link_return_url: settings.returnUrl,
        accept_types: settings.acceptTypes,
        accept_multiple: settings.acceptMultiple,
        data: settings.data,
      },
      items: placements.map((p) => contentItemFor(p, deps.catalogue, deps.launchUrl, k)),
      msg: lang === 'en' ? `Added ${placements.length} item(s)` : `已添加 ${placements.length} 项内容`,
    });
    await endSession(deps.db, parsed.data.session);
    sendAutoPost(res, { action: settings.returnUrl, fields: { JWT: jwt }, lang, frameAncestors });
  });
  return router;
}
