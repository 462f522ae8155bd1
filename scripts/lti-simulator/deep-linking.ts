/**
 * Deep Linking 2.0 return, POST /mod/lti/contentitem_return.php?course=…&id={typeId}&sesskey=… with form
 * field `JWT` (DL §4.5). Moodle verifies the tool's signature through its keyset URL and `iss` = client id;
 * the simulator also checks what the spec requires (aud = issuer, exp, nonce, message_type, version,
 * deployment_id) and that the session key belongs to a user who may add activities to the course.
 *
 * Where Moodle fills the add-activity form and the teacher saves it, the simulator saves at once: each
 * `ltiResourceLink` becomes an activity (new instance id, title → name, text → description, url → launch
 * URL, custom → activity parameters); a `lineItem` becomes its coupled grade column with the **item title**
 * as label (not `lineItem.label`), and `scoreMaximum`, `resourceId`, `tag` from the line item.
 * Item types other than ltiResourceLink (the only accepted type) are refused with a 400 page.
 */
import type { Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { DL, LTI } from './claims';
import type { SimContext } from './context';
import { messagePage } from './html';
import { searchParams } from './services-common';
import type { LinkRecord, ToolRecord } from './state';
import { describeJwtError } from './tool-jwks';
import type { ResourceLinkCreated } from './types';
import { coursePageUrl } from './course-page';
import { escapeHtml, firstString, isNumeric, randomAlnum } from './util';

class DeepLinkError extends Error {}

type Item = Record<string, unknown>;

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function checkItems(items: unknown): Item[] {
  if (!Array.isArray(items)) throw new DeepLinkError('content_items must be an array');
  for (const item of items as unknown[]) {
    if (typeof item !== 'object' || item === null) throw new DeepLinkError('content item is not an object');
    const { type, lineItem } = item as Item;
    if (type !== 'ltiResourceLink') throw new DeepLinkError(`content item type ${String(type)} not accepted`);
    if (lineItem !== undefined) {
      const max = (lineItem as Item | null)?.scoreMaximum;
      if (!isNumeric(max) || Number(max) <= 0)
        throw new DeepLinkError('lineItem.scoreMaximum must be a positive number');
    }
  }
  return items as Item[];
}

/** Saves one content item as an activity, as the add-activity form would. */
export function createActivity(ctx: SimContext, tool: ToolRecord, courseId: string, item: Item): ResourceLinkCreated {
  const { state } = ctx;
  const cmid = state.nextCmid();
  const link: LinkRecord = {
    id: state.nextInstanceId(),
    cmid,
    courseId,
    typeId: tool.typeId,
    title: typeof item.title === 'string' && item.title !== '' ? item.title : tool.name,
    description: typeof item.text === 'string' ? item.text : '',
    custom: stringRecord(item.custom),
    url: typeof item.url === 'string' && item.url !== '' ? item.url : undefined,
    serviceSalt: randomAlnum(12),
  };
  state.links.set(link.id, link);
  const created: ResourceLinkCreated = { id: link.id, cmid };
  const lineItem = item.lineItem as Item | undefined;
  if (lineItem) {
    const id = state.nextGradeItemId();
    state.lineItems.set(id, {
      id,
      courseId,
      typeId: tool.typeId,
      label: link.title,
      scoreMaximum: Number(lineItem.scoreMaximum),
      resourceId: typeof lineItem.resourceId === 'string' ? lineItem.resourceId : '',
      tag: typeof lineItem.tag === 'string' ? lineItem.tag : '',
      resourceLinkId: link.id,
      coupled: true,
    });
    created.lineItemId = id;
  }
  return created;
}

interface ReturnResult {
  message: string;
  created: ResourceLinkCreated[];
  /** Where Moodle sends the teacher afterwards: the course page. */
  courseUrl: string;
}

async function processReturn(ctx: SimContext, req: Request): Promise<ReturnResult> {
  const params = searchParams(req);
  const courseId = params.get('course') ?? '';
  const tool = ctx.state.tools.get(Number(params.get('id')));
  const jwt = firstString((req.body as Record<string, unknown> | undefined)?.JWT) ?? '';
  if (!jwt) throw new DeepLinkError('JWT form field missing');
  if (!tool) throw new DeepLinkError('errortooltypenotfound');
  if (!ctx.state.courses.has(courseId)) throw new DeepLinkError(`no course ${courseId}`);
  const userId = ctx.state.userBySesskey(params.get('sesskey') ?? '');
  if (!userId || !ctx.state.canManage(courseId, userId))
    throw new DeepLinkError('invalid sesskey or not allowed to add activities');

  let unverified: Record<string, unknown>;
  try {
    unverified = decodeJwt(jwt);
  } catch {
    throw new DeepLinkError('JWT is not a signed token');
  }
  if (unverified.iss !== tool.clientId) throw new DeepLinkError('errorincorrectconsumerkey: iss must be the client id');
  let payload: Record<string, unknown>;
  try {
    payload = await ctx.toolJwks.verify(jwt, tool.jwksUrl, {
      audience: ctx.issuer,
      currentDate: new Date(ctx.clock()),
      requiredClaims: ['exp', 'iat', 'nonce'],
    });
  } catch (err) {
    throw new DeepLinkError(`JWT verification failed: ${describeJwtError(err)}`);
  }
  if (payload[`${LTI}message_type`] !== 'LtiDeepLinkingResponse') throw new DeepLinkError('wrong message_type');
  if (payload[`${LTI}version`] !== '1.3.0') throw new DeepLinkError('wrong version');
  if (payload[`${LTI}deployment_id`] !== tool.deploymentId) throw new DeepLinkError('wrong deployment_id');
  const nonce = String(payload.nonce);
  if (ctx.state.usedDeepLinkNonces.has(nonce)) throw new DeepLinkError('nonce already used');
  const items = checkItems(payload[`${DL}content_items`] ?? []);
  ctx.state.usedDeepLinkNonces.add(nonce);

  const errorMessage = payload[`${DL}errormsg`];
  const created =
    typeof errorMessage === 'string' && errorMessage !== ''
      ? []
      : items.map((item) => createActivity(ctx, tool, courseId, item));
  ctx.logs.deepLinkingResponses.push({
    at: ctx.clock(),
    courseId,
    clientId: tool.clientId,
    payload,
    contentItems: items,
    created,
  });
  const msg = payload[`${DL}msg`];
  const courseUrl = coursePageUrl(courseId, tool.clientId, userId);
  if (typeof errorMessage === 'string' && errorMessage !== '') return { message: errorMessage, created, courseUrl };
  return {
    message: typeof msg === 'string' && msg !== '' ? msg : 'Successfully fetched tool configuration from content',
    created,
    courseUrl,
  };
}

/**
 * Moodle answers the return inside the tool's frame with a page that sends the whole window back to the course
 * page, where the new activities are listed; without scripts the link does the same.
 */
function backToCoursePage(message: string, courseUrl: string): string {
  const url = escapeHtml(courseUrl);
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Content selected</title></head><body>
<p id="message">${escapeHtml(message)}</p>
<p><a id="course-link" href="${url}" target="_top">Back to the course</a></p>
<script>(window.top || window).location.href = ${JSON.stringify(courseUrl)};</script>
</body></html>
`;
}

export async function handleContentItemReturn(ctx: SimContext, req: Request, res: Response): Promise<void> {
  try {
    const { message, courseUrl } = await processReturn(ctx, req);
    res.status(200).type('html').send(backToCoursePage(message, courseUrl));
  } catch (err) {
    if (!(err instanceof DeepLinkError)) throw err;
    res.locals.note = err.message;
    res.status(400).type('html').send(messagePage('Error', err.message));
  }
}
