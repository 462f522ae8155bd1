/**
 * AGS scores and results (AGS §3.3–3.4) with Moodle 5.1.3's rules (`scores` / `results` resources,
 * `gradebookservices::save_grade_item`):
 * - 400 "Incorrect score received" when userId, timestamp, activityProgress or gradingProgress is missing,
 *   the timestamp fails Moodle's ISO 8601 regex, scoreGiven/scoreMaximum is not numeric, scoreGiven comes
 *   without scoreMaximum, or the user is not gradable (only students are; teachers and admins are not);
 * - 409 when the stored grade's time (whole seconds) is not older than the score's timestamp;
 * - a score that is not FullyGraded, or has no scoreGiven, clears the grade (its time becomes "now");
 * - success is 200 with an empty body; error bodies are `[]` served as text/html;
 * - the grade is rescaled to the line item maximum (7/10 on a 100-point item reads back as 70/100).
 */
import type { Request } from 'express';
import { SCOPES } from './claims';
import { lineItemBase, nowSeconds } from './context';
import type { SimContext } from './context';
import { findLineItem, pagingLinks } from './ags-lineitems';
import { MEDIA, agsLinkHeader, bearerTool, contentType, intParam, searchParams } from './services-common';
import type { ServiceReply } from './services-common';
import type { GradeRecord, LineItemRecord } from './state';
import { gradeFloat, isNumeric, isSet, parseMoodleTimestamp, phpDateC } from './util';

function logged(ctx: SimContext, req: Request, courseId: string, itemId: string, reply: ServiceReply): ServiceReply {
  ctx.logs.scoresPosted.push({
    at: ctx.clock(),
    courseId,
    lineItemId: itemId,
    status: reply.status,
    contentType: contentType(req),
    body: typeof req.body === 'string' ? req.body : '',
    reason: reply.reason,
  });
  return reply;
}

export function postScore(ctx: SimContext, req: Request, courseId: string, itemId: string): ServiceReply {
  return logged(ctx, req, courseId, itemId, scoreReply(ctx, req, courseId, itemId));
}

function scoreReply(ctx: SimContext, req: Request, courseId: string, itemId: string): ServiceReply {
  const typeId = searchParams(req).get('type_id');
  if (typeId === null) return { status: 403, reason: 'type_id is required' }; // Moodle's LTI 2 branch
  const tool = bearerTool(ctx, req, typeId, [SCOPES.score]);
  if (!tool) return { status: 401 };
  if (contentType(req) !== MEDIA.score) return { status: 400 }; // the container type is refused for POST
  const item = findLineItem(ctx, courseId, itemId, tool);
  if ('status' in item) return item.reason === 'Line item does not exist' ? { status: 403, reason: item.reason } : item;

  const rejected: ServiceReply = { status: 400, reason: 'Incorrect score received', body: '[]' };
  let score: unknown;
  try {
    score = JSON.parse(typeof req.body === 'string' ? req.body : '');
  } catch {
    return rejected;
  }
  if (typeof score !== 'object' || score === null || Array.isArray(score)) return rejected;
  const s = score as Record<string, unknown>;
  const timestamp = parseMoodleTimestamp(s.timestamp);
  const invalid =
    !isSet(s, 'userId') ||
    !isSet(s, 'timestamp') ||
    !isSet(s, 'gradingProgress') ||
    !isSet(s, 'activityProgress') ||
    timestamp === null ||
    (isSet(s, 'scoreGiven') && !isNumeric(s.scoreGiven)) ||
    (isSet(s, 'scoreGiven') && !isSet(s, 'scoreMaximum')) ||
    (isSet(s, 'scoreMaximum') && !isNumeric(s.scoreMaximum)) ||
    !ctx.state.isGradable(courseId, String(s.userId));
  if (invalid || timestamp === null) return rejected;

  const userId = String(s.userId);
  const grades = ctx.state.gradesOf(item.id);
  const previous = grades.get(userId);
  if (previous && previous.timeModified >= timestamp) {
    return {
      status: 409,
      reason: `Refusing score with an earlier timestamp for item ${item.id} and user ${userId}`,
      body: '[]',
    };
  }
  const fullyGraded = s.gradingProgress === 'FullyGraded';
  const given = isSet(s, 'scoreGiven') && fullyGraded ? Number(s.scoreGiven) : null;
  const max = isSet(s, 'scoreMaximum') ? Number(s.scoreMaximum) : 1;
  let finalGrade = given;
  if (given !== null && max !== item.scoreMaximum && max !== 0)
    finalGrade = gradeFloat((given * item.scoreMaximum) / max);
  const grade: GradeRecord = {
    userId,
    finalGrade,
    timeModified: given !== null ? timestamp : nowSeconds(ctx),
    activityProgress: String(s.activityProgress),
    gradingProgress: String(s.gradingProgress),
  };
  if (typeof s.comment === 'string' && s.comment !== '') grade.comment = s.comment;
  grades.set(userId, grade);
  return { status: 200, contentType: MEDIA.score, body: '' };
}

export function resultJson(
  ctx: SimContext,
  item: LineItemRecord,
  grade: GradeRecord,
  typeId: string | null,
): Record<string, unknown> {
  const base = lineItemBase(ctx, item.courseId, item.id);
  const query = typeId === null ? `?user_id=${grade.userId}` : `?type_id=${typeId}&user_id=${grade.userId}`;
  const json: Record<string, unknown> = { id: `${base}/results${query}`, userId: grade.userId };
  if (grade.finalGrade !== null) {
    json.resultScore = grade.finalGrade;
    json.resultMaximum = item.scoreMaximum;
    if (grade.comment) json.comment = grade.comment;
    json.scoreOf = typeId === null ? base : `${base}?type_id=${typeId}`;
    json.timestamp = phpDateC(grade.timeModified);
  }
  return json;
}

export function getResults(ctx: SimContext, req: Request, courseId: string, itemId: string): ServiceReply {
  const params = searchParams(req);
  const typeId = params.get('type_id');
  const tool = bearerTool(ctx, req, typeId, [SCOPES.resultReadonly]);
  if (!tool) return { status: 401 };
  const item = findLineItem(ctx, courseId, itemId, tool);
  if ('status' in item) return item;
  const userFilter = intParam(params, 'user_id');
  const limit = intParam(params, 'limit');
  const from = intParam(params, 'from');
  const all = [...ctx.state.gradesOf(item.id).values()].filter(
    (g) => userFilter <= 0 || g.userId === String(userFilter),
  );
  const page = limit > 0 ? all.slice(Math.max(from, 0), Math.max(from, 0) + limit) : all;
  const headers: Record<string, string> = {};
  if (limit > 0 && all.length > 0) {
    const base: [string, string | number][] = [];
    if (typeId !== null) base.push(['type_id', typeId]);
    base.push(['limit', limit]);
    // No "last" link: Moodle's results resource leaves it unset when type_id is given.
    const links = pagingLinks(`${lineItemBase(ctx, courseId, item.id)}/results`, base, from, limit, all.length, false);
    headers.Link = agsLinkHeader(ctx, links);
  }
  const body = JSON.stringify(page.map((grade) => resultJson(ctx, item, grade, typeId)));
  return { status: 200, contentType: MEDIA.resultContainer, body, headers };
}
