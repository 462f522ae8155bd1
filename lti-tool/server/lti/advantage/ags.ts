import { z } from 'zod';
import { appendPath, nextLink, parseJson, serviceCall, type ServiceContext } from './service-http';
import { failureCode } from './failure-code';

export const AGS_SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;

const LINE_ITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const CONTAINER = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const SCORE = 'application/vnd.ims.lis.v1.score+json';

export const lineItemSchema = z.looseObject({
  id: z.string(),
  label: z.string().optional(),
  scoreMaximum: z.number().optional(),
  resourceLinkId: z.string().optional(),
  resourceId: z.string().optional(),
  tag: z.string().optional(),
});
export type LineItem = z.infer<typeof lineItemSchema>;

export interface LineItemSpec {
  label: string;
  scoreMaximum: number;
  resourceLinkId?: string;
  resourceId?: string;
  tag?: string;
}

/** Finds a line item by resourceId (and link) in the container, following pages; creates it when absent. */
export async function findOrCreateLineItem(
  ctx: ServiceContext,
  lineItemsUrl: string,
  spec: LineItemSpec,
): Promise<LineItem> {
  const query = new URL(lineItemsUrl);
  if (spec.resourceLinkId) query.searchParams.set('resource_link_id', spec.resourceLinkId);
  if (spec.resourceId) query.searchParams.set('resource_id', spec.resourceId);
  let url: string | undefined = query.toString();
  for (let page = 0; url && page < 50; page++) {
    const response = await serviceCall(ctx, [AGS_SCOPE.lineItem], url, { accept: CONTAINER });
    if (response.status !== 200) throw new Error(`line items: platform answered ${response.status}`);
    const items = z.array(lineItemSchema).parse(parseJson(response, 'line items'));
    // Filters are optional for platforms, so match on our side too.
    const match = items.find(
      (i) =>
        (!spec.resourceId || i.resourceId === spec.resourceId) &&
        (!spec.resourceLinkId || i.resourceLinkId === spec.resourceLinkId),
    );
    if (match) return match;
    url = nextLink(response.headers.get('link'));
  }
  const created = await serviceCall(ctx, [AGS_SCOPE.lineItem], lineItemsUrl, {
    method: 'POST',
    accept: LINE_ITEM,
    contentType: LINE_ITEM,
    body: JSON.stringify(spec),
  });
  if (created.status !== 200 && created.status !== 201)
    throw new Error(`create line item: platform answered ${created.status}`);
  return lineItemSchema.parse(parseJson(created, 'line item'));
}

export interface Score {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
  /** ISO 8601 with milliseconds and zone; must grow strictly for one user and line item. */
  timestamp: string;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
}

export type ScoreOutcome =
  | { kind: 'accepted'; status: number }
  /** The platform holds a newer score (Moodle 409): ours is superseded, not failed. */
  | { kind: 'superseded'; status: number; detail: string }
  /** The platform will never accept this score (Moodle 400: user not gradable, bad shape). */
  | { kind: 'rejected'; status: number; detail: string }
  /** Worth retrying later (5xx, 429, network). */
  | { kind: 'retry'; status?: number; detail: string; code: string };

export async function postScore(ctx: ServiceContext, lineItemUrl: string, score: Score): Promise<ScoreOutcome> {
  let response;
  try {
    response = await serviceCall(ctx, [AGS_SCOPE.score], appendPath(lineItemUrl, 'scores'), {
      method: 'POST',
      accept: 'application/json',
      contentType: SCORE,
      body: JSON.stringify(score),
    });
  } catch (err) {
    return { kind: 'retry', detail: err instanceof Error ? err.message : String(err), code: failureCode(err) };
  }
  const detail = response.text.slice(0, 300);
  if (response.status >= 200 && response.status < 300) return { kind: 'accepted', status: response.status };
  if (response.status === 409) return { kind: 'superseded', status: 409, detail };
  if (response.status === 429 || response.status >= 500)
    return { kind: 'retry', status: response.status, detail, code: `http_${response.status}` };
  return { kind: 'rejected', status: response.status, detail };
}

export const resultSchema = z.looseObject({
  id: z.string().optional(),
  userId: z.string(),
  resultScore: z.number().optional(),
  resultMaximum: z.number().optional(),
  comment: z.string().optional(),
  timestamp: z.string().optional(),
});

export async function getResults(ctx: ServiceContext, lineItemUrl: string, userId?: string) {
  const url = new URL(appendPath(lineItemUrl, 'results'));
  if (userId) url.searchParams.set('user_id', userId);
  const response = await serviceCall(ctx, [AGS_SCOPE.resultReadonly], url.toString(), {
    accept: 'application/vnd.ims.lis.v2.resultcontainer+json',
  });
  if (response.status !== 200) throw new Error(`results: platform answered ${response.status}`);
  // A missing resultMaximum means 1 (AGS §3.3).
  return z
    .array(resultSchema)
    .parse(parseJson(response, 'results'))
    .map((r) => ({ ...r, resultMaximum: r.resultMaximum ?? 1 }));
}
