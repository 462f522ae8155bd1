/**
 * Names and Role Provisioning 2.0 at /mod/lti/services.php/CourseSection/{course}/bindings/{type}/memberships,
 * as Moodle's `memberships::users_to_json()` answers:
 * - members ordered by last name, first name, id; roles are short names (`Learner`, `Instructor`; an
 *   enrolled admin also gets `…/person#Administrator`); status always `Active`;
 * - name fields (and `ext_user_username`) and email follow the tool's privacy settings;
 * - `role` accepts a short name or a membership URI: Instructor = teachers, Learner = everyone else,
 *   any other role filters nothing;
 * - paging with `limit`/`from`; `Link: <…?limit=N&from=M>; rel="next"` only when more members follow.
 *   Moodle drops the `role` filter from that URL (it keeps `rlid`), and so does the simulator.
 */
import type { Request } from 'express';
import { BO_CLAIM, LTI, SCOPES } from './claims';
import { PATHS, endpointUrl, membershipsUrl } from './context';
import type { SimContext } from './context';
import { MEDIA, bearerTool, intParam, searchParams } from './services-common';
import type { ServiceReply } from './services-common';
import type { LinkRecord, ToolRecord, UserRecord } from './state';
import { sha256Hex } from './util';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

function memberRoles(ctx: SimContext, courseId: string, userId: string): string[] {
  // lti_get_ims_role(): admins lose Learner and gain the (LTI 2 style) person#Administrator role.
  if (ctx.state.admins.has(userId))
    return ['Instructor', 'http://purl.imsglobal.org/vocab/lis/v2/person#Administrator'];
  return [ctx.state.canManage(courseId, userId) ? 'Instructor' : 'Learner'];
}

function memberJson(
  ctx: SimContext,
  tool: ToolRecord,
  courseId: string,
  user: UserRecord,
  link?: LinkRecord,
): Record<string, unknown> {
  const member: Record<string, unknown> = { status: 'Active', roles: memberRoles(ctx, courseId, user.id) };
  if (link) {
    const message: Record<string, unknown> = { [`${LTI}message_type`]: 'LtiResourceLinkRequest' };
    if (ctx.state.launchLineItem(link)) {
      const data = { instanceid: link.id, userid: user.id, typeid: String(tool.typeId), launchid: 0 };
      message[BO_CLAIM] = {
        lis_result_sourcedid: JSON.stringify({ data, hash: sha256Hex(JSON.stringify(data) + link.serviceSalt) }),
        lis_outcome_service_url: endpointUrl(ctx, PATHS.basicOutcomes),
      };
    }
    member.message = [message];
  }
  member.user_id = user.id;
  member.lis_person_sourcedid = user.idnumber;
  if (tool.shareName)
    Object.assign(member, { name: user.name, given_name: user.given_name, family_name: user.family_name });
  if (tool.shareEmail) member.email = user.email;
  if (tool.shareName) member.ext_user_username = user.username;
  return member;
}

export function getMemberships(ctx: SimContext, req: Request, courseId: string, toolCode: string): ServiceReply {
  const params = searchParams(req);
  let role = params.get('role') ?? '';
  const limit = intParam(params, 'limit');
  const from = limit > 0 ? intParam(params, 'from') : 0;
  const rlid = params.get('rlid') ?? '';

  const course = ctx.state.courses.get(courseId);
  const tool = ctx.state.tools.get(Number(toolCode));
  if (!course || !tool || !/^\d+$/.test(toolCode)) return { status: 404 };
  const link = rlid ? ctx.state.links.get(rlid) : undefined;
  if (rlid && !link) return { status: 404 };
  if (bearerTool(ctx, req, toolCode, [SCOPES.nrps])?.typeId !== tool.typeId) return { status: 401 };

  if (role !== '' && !/^https?:\/\//.test(role)) role = MEMBERSHIP + role;
  const users = ctx.state.enrolledUsers(courseId).filter((user) => {
    const manager = ctx.state.canManage(courseId, user.id);
    if (role === `${MEMBERSHIP}Instructor`) return manager;
    if (role === `${MEMBERSHIP}Learner`) return !manager;
    return true;
  });
  const members: Record<string, unknown>[] = [];
  let more = false;
  users.forEach((user, index) => {
    if (more || (limit > 0 && index < from)) return;
    if (limit > 0 && members.length >= limit) {
      more = true;
      return;
    }
    members.push(memberJson(ctx, tool, courseId, user, link));
  });

  const endpoint = membershipsUrl(ctx, courseId, tool.typeId);
  const headers: Record<string, string> = {};
  if (more) {
    const next = `${endpoint}?limit=${limit}&from=${from + limit}${link ? `&rlid=${link.id}` : ''}`;
    headers.Link = `<${next}>; rel="next"`;
  }
  const body = { id: endpoint, context: { id: course.id, label: course.label, title: course.title }, members };
  return { status: 200, contentType: MEDIA.nrpsMembership, body: JSON.stringify(body), headers };
}
