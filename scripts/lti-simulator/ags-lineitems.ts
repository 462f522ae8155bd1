/**
 * AGS line items (AGS §3.2) as Moodle's `lineitems` and `lineitem` resources serve them:
 * - the container is a bare JSON array of `{id, label, scoreMaximum, resourceId, tag, resourceLinkId,
 *   ltiLinkId}` (empty strings when unset; the link ids only when bound);
 * - a container GET must ask for the container type or nothing: a wildcard Accept (fetch's default) is a 400;
 * - POST answers 201 with the request's own JSON plus `id`; PUT answers 200 the same way (no content type);
 * - a PUT without `tag` clears it; changing the tag without re-sending `resourceLinkId` unbinds the link
 *   (Moodle rewrites the binding row from the request).
 * Deleting an activity's own (coupled) grade item is refused with 403 here.
 */
import type { Request } from 'express';
import { SCOPES } from './claims';
import { lineItemBase, lineItemUrl, lineItemsBase } from './context';
import type { SimContext } from './context';
import type { LineItemRecord, ToolRecord } from './state';
import {
  MEDIA,
  accept,
  agsLinkHeader,
  bearerTool,
  buildUrl,
  contentType,
  intParam,
  searchParams,
} from './services-common';
import type { ServiceReply } from './services-common';
import { gradeFloat, isNumeric, isSet, parseJsonObject } from './util';

export function lineItemJson(ctx: SimContext, item: LineItemRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: lineItemUrl(ctx, item.courseId, item.id, item.typeId),
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    resourceId: item.resourceId,
    tag: item.tag,
  };
  if (item.resourceLinkId !== undefined) {
    Object.assign(json, { resourceLinkId: item.resourceLinkId, ltiLinkId: item.resourceLinkId });
  }
  return json;
}

/** `check_lti_1x_id`: the link must be an activity of this tool in this course. */
function linkOfTool(ctx: SimContext, linkId: unknown, courseId: string, tool: ToolRecord): boolean {
  const link = ctx.state.links.get(String(linkId));
  return link !== undefined && link.courseId === courseId && link.typeId === tool.typeId;
}

export function lineItemsContainer(ctx: SimContext, req: Request, courseId: string): ServiceReply {
  const params = searchParams(req);
  const isGet = req.method === 'GET';
  const tool = bearerTool(
    ctx,
    req,
    params.get('type_id'),
    isGet ? [SCOPES.lineItem, SCOPES.lineItemReadonly] : [SCOPES.lineItem],
  );
  if (!tool) return { status: 401 };
  const media = isGet ? accept(req) : contentType(req);
  const container = media === '' || media === MEDIA.lineItemContainer;
  if (
    container !== isGet ||
    (media !== '' && !([MEDIA.lineItemContainer, MEDIA.lineItem] as string[]).includes(media))
  ) {
    return { status: 400, reason: 'No context or unsupported content type' };
  }
  if (!ctx.state.courses.has(courseId)) return { status: 404, reason: `Not Found: Course ${courseId} doesn't exist` };
  return isGet ? listLineItems(ctx, params, courseId, tool) : createLineItem(ctx, req.body, courseId, tool);
}

function listLineItems(ctx: SimContext, params: URLSearchParams, courseId: string, tool: ToolRecord): ServiceReply {
  const resourceId = params.get('resource_id');
  const linkId = params.get('resource_link_id') ?? params.get('lti_link_id');
  const tag = params.get('tag');
  const limit = intParam(params, 'limit');
  const from = intParam(params, 'from');
  const all = ctx.state
    .lineItemsOf(courseId, tool.typeId)
    .filter(
      (li) =>
        (tag === null || li.tag === tag) &&
        (linkId === null || li.resourceLinkId === linkId) &&
        (resourceId === null || li.resourceId === resourceId),
    );
  const page = limit > 0 ? all.slice(Math.max(from, 0), Math.max(from, 0) + limit) : all;
  const headers: Record<string, string> = {};
  if (limit > 0) {
    const base: [string, string | number][] = [];
    if (resourceId !== null) base.push(['resource_id', resourceId]);
    if (linkId !== null) base.push(['resource_link_id', linkId]);
    if (tag !== null) base.push(['tag', tag]);
    base.push(['type_id', tool.typeId], ['limit', limit]);
    headers.Link = agsLinkHeader(ctx, pagingLinks(lineItemsBase(ctx, courseId), base, from, limit, all.length, true));
  }
  return {
    status: 200,
    contentType: MEDIA.lineItemContainer,
    body: JSON.stringify(page.map((li) => lineItemJson(ctx, li))),
    headers,
  };
}

/** Moodle's paging links: first, prev, canonical, next, last (last = total - limit + 1, as Moodle computes). */
export function pagingLinks(
  endpoint: string,
  base: [string, string | number][],
  from: number,
  limit: number,
  total: number,
  withLast: boolean,
): { rel: string; url: string }[] {
  const outOfRange = from >= total || from < 0;
  const at = (value: number): string => buildUrl(endpoint, [...base, ['from', value]]);
  const links = [{ rel: 'first', url: at(0) }];
  if (from > 0 && !outOfRange) links.push({ rel: 'prev', url: at(Math.max(from - limit, 0)) });
  links.push({ rel: 'canonical', url: at(from) });
  if (from + limit <= total - 1 && !outOfRange) links.push({ rel: 'next', url: at(from + limit) });
  if (withLast) links.push({ rel: 'last', url: at(Math.max(total - limit + 1, 0)) });
  return links;
}

function createLineItem(ctx: SimContext, body: unknown, courseId: string, tool: ToolRecord): ServiceReply {
  const json = parseJsonObject(body);
  if (!json || !isSet(json, 'scoreMaximum') || !isSet(json, 'label')) {
    return { status: 400, reason: 'No label or Score Maximum' };
  }
  if (!isNumeric(json.scoreMaximum)) return { status: 400 };
  const linkId = json.resourceLinkId ?? json.ltiLinkId ?? null;
  if (linkId !== null && !linkOfTool(ctx, linkId, courseId, tool)) return { status: 403 };
  const item: LineItemRecord = {
    id: ctx.state.nextGradeItemId(),
    courseId,
    typeId: tool.typeId,
    label: String(json.label),
    scoreMaximum: Number(json.scoreMaximum),
    resourceId: isSet(json, 'resourceId') ? String(json.resourceId) : '',
    tag: isSet(json, 'tag') ? String(json.tag) : '',
    resourceLinkId: linkId === null ? undefined : String(linkId),
    coupled: false,
  };
  ctx.state.lineItems.set(item.id, item);
  const echoed = { ...json, id: lineItemUrl(ctx, courseId, item.id, tool.typeId) };
  return { status: 201, contentType: MEDIA.lineItem, body: JSON.stringify(echoed) };
}

/** Resolves the tool and item for the item, scores and results resources (Moodle's shared checks). */
export function findLineItem(
  ctx: SimContext,
  courseId: string,
  itemId: string,
  tool: ToolRecord,
): LineItemRecord | ServiceReply {
  if (!ctx.state.courses.has(courseId)) return { status: 404, reason: `Not Found: Course ${courseId} doesn't exist` };
  const item = ctx.state.lineItems.get(Number(itemId));
  if (!item || !/^\d+$/.test(itemId)) return { status: 404, reason: `Not Found: Grade item ${itemId} doesn't exist` };
  if (item.typeId !== tool.typeId || item.courseId !== courseId)
    return { status: 404, reason: 'Line item does not exist' };
  return item;
}

export function lineItemResource(ctx: SimContext, req: Request, courseId: string, itemId: string): ServiceReply {
  const params = searchParams(req);
  const isGet = req.method === 'GET';
  const tool = bearerTool(
    ctx,
    req,
    params.get('type_id'),
    isGet ? [SCOPES.lineItem, SCOPES.lineItemReadonly] : [SCOPES.lineItem],
  );
  if (!tool) return { status: 401 };
  const item = findLineItem(ctx, courseId, itemId, tool);
  if ('status' in item) return item;
  if (isGet) return { status: 200, contentType: MEDIA.lineItem, body: JSON.stringify(lineItemJson(ctx, item)) };
  if (req.method === 'DELETE') {
    if (item.coupled) return { status: 403, reason: "The activity's own grade item cannot be deleted" };
    ctx.state.lineItems.delete(item.id);
    ctx.state.grades.delete(item.id);
    return { status: 204 };
  }
  return updateLineItem(ctx, req.body, item, tool);
}

function updateLineItem(ctx: SimContext, body: unknown, item: LineItemRecord, tool: ToolRecord): ServiceReply {
  const json = parseJsonObject(body);
  if (!json || !isSet(json, 'scoreMaximum') || !isSet(json, 'label')) return { status: 400 };
  if (!isNumeric(json.scoreMaximum)) return { status: 400 };
  const linkField = isSet(json, 'resourceLinkId') ? 'resourceLinkId' : isSet(json, 'ltiLinkId') ? 'ltiLinkId' : null;
  const linkId = linkField === null ? null : json[linkField];
  if (linkId !== null && !isNumeric(linkId)) return { status: 400 };
  if (linkId !== null && !linkOfTool(ctx, String(linkId), item.courseId, tool)) return { status: 403 };

  const newMax = Number(json.scoreMaximum);
  if (newMax !== item.scoreMaximum && item.scoreMaximum !== 0) {
    // rescale_grades_keep_percentage()
    for (const grade of ctx.state.gradesOf(item.id).values()) {
      if (grade.finalGrade !== null) grade.finalGrade = gradeFloat((grade.finalGrade * newMax) / item.scoreMaximum);
    }
  }
  const tag = isSet(json, 'tag') ? String(json.tag) : '';
  const linkChanged = linkId !== null && String(linkId) !== item.resourceLinkId;
  if (tag !== item.tag || linkChanged) item.resourceLinkId = linkId === null ? undefined : String(linkId);
  item.label = String(json.label);
  item.scoreMaximum = newMax;
  item.resourceId = isSet(json, 'resourceId') ? String(json.resourceId) : '';
  item.tag = tag;
  const echoed = { ...json, id: `${lineItemBase(ctx, item.courseId, item.id)}?type_id=${tool.typeId}` };
  return { status: 200, body: JSON.stringify(echoed) };
}
