/**
 * id_token payloads in Moodle 5.1.3's shape and member order (see the recorded fixtures):
 * `lti_build_request()` + `lti_build_standard_message()` + the services' launch parameters.
 */
import { MOODLE_BUILD_VERSION, PATHS, endpointUrl, lineItemUrl, lineItemsUrl, membershipsUrl } from './context';
import type { SimContext } from './context';
import type { CourseRecord, LinkRecord, ToolRecord, UserRecord } from './state';
import { randomPhpInt, sha256Hex } from './util';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
export const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
export const BO_CLAIM = 'https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome';
export const DL_SETTINGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
export const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

export const SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  toolSetting: 'https://purl.imsglobal.org/spec/lti-ts/scope/toolsetting',
  basicOutcome: 'https://purl.imsglobal.org/spec/lti-bo/scope/basicoutcome',
} as const;

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
export const ROLES = {
  instructor: `${LIS}membership#Instructor`,
  learner: `${LIS}membership#Learner`,
  institutionAdmin: `${LIS}institution/person#Administrator`,
  systemAdmin: `${LIS}system/person#Administrator`,
} as const;

/** Scopes a tool may be granted, in the order Moodle's services list them. */
export function permittedScopes(tool: ToolRecord): string[] {
  const scopes: string[] = [];
  if (tool.ags > 0) scopes.push(SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score);
  if (tool.ags === 2) scopes.push(SCOPES.lineItem);
  if (tool.nrps) scopes.push(SCOPES.nrps);
  if (tool.toolSettings) scopes.push(SCOPES.toolSetting);
  if (tool.acceptGrades) scopes.push(SCOPES.basicOutcome);
  return scopes;
}

/** Launch roles as full URIs, sorted: course role (admins count as Instructor) plus admin roles. */
export function launchRoles(ctx: SimContext, courseId: string, userId: string): string[] {
  const admin = ctx.state.admins.has(userId);
  const roles: string[] = [ctx.state.canManage(courseId, userId) ? ROLES.instructor : ROLES.learner];
  if (admin) roles.push(ROLES.institutionAdmin, ROLES.systemAdmin);
  return roles.sort();
}

export interface LaunchContext {
  tool: ToolRecord;
  user: UserRecord;
  course: CourseRecord;
  link?: LinkRecord;
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  nonce: string;
  targetLinkUri: string;
  iat: number;
  title?: string;
  text?: string;
}

/** Moodle's `lti_map_keyname()`: lower case, anything but [a-z0-9] becomes `_`. */
function mapKeyName(key: string): string {
  return key
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '_');
}

/**
 * Custom parameters after substitution. Only a whole value starting with `$` is a variable; a leading `\`
 * escapes it. Unknown variables stay literal; known ones withheld by privacy settings become "".
 */
function customParameters(ctx: SimContext, lc: LaunchContext, roles: string[]): Record<string, string> {
  const { tool, user, course, link } = lc;
  const vars: Record<string, string | undefined> = {
    'User.id': user.id,
    'User.username': user.username,
    'Person.sourcedId': user.idnumber,
    'Person.name.full': tool.shareName ? user.name : '',
    'Person.name.given': tool.shareName ? user.given_name : '',
    'Person.name.family': tool.shareName ? user.family_name : '',
    'Person.email.primary': tool.shareEmail ? user.email : '',
    'Context.id': course.id,
    'Context.title': course.title,
    'Context.label': course.label,
    'Context.sourcedId': course.idnumber,
    'CourseSection.title': course.title,
    'CourseSection.label': course.label,
    'CourseSection.sourcedId': course.idnumber,
    'ResourceLink.id': link?.id,
    'ResourceLink.title': link?.title,
    'ResourceLink.description': link?.description,
    'Membership.role': roles.join(','),
    'LineItems.url': tool.ags > 0 ? lineItemsUrl(ctx, course.id, tool.typeId) : undefined,
  };
  const resolve = (value: string): string => {
    if (value.startsWith('\\')) return value.slice(1);
    if (!value.startsWith('$')) return value;
    return vars[value.slice(1)] ?? value;
  };
  const split = (params: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) {
      const resolved = resolve(value);
      out[mapKeyName(key)] = resolved;
      if (mapKeyName(key) !== key) out[key] = resolved; // LTI 1.3: the original key is sent too
    }
    return out;
  };
  // Activity parameters first, then the tool's (which win on a clash): array_merge(instructor, tool).
  const custom = { ...(link ? split(link.custom) : {}), ...split(tool.customParameters) };
  const services = `${ctx.issuer}${PATHS.services}`;
  if (tool.nrps && usedInCourse(ctx, tool, course.id)) {
    custom.context_memberships_url = membershipsUrl(ctx, course.id, tool.typeId);
  }
  if (tool.toolSettings) {
    custom.system_setting_url = `${services}/tool/${tool.typeId}/custom`;
    custom.context_setting_url = `${services}/CourseSection/${course.id}/bindings/tool/${tool.typeId}/custom`;
    if (link) custom.link_setting_url = `${services}/links/{link_id}/custom`; // literal {link_id}, as Moodle
  }
  return custom;
}

/** NRPS is only offered once the tool is used in the course (`is_used_in_context`: an activity exists). */
function usedInCourse(ctx: SimContext, tool: ToolRecord, courseId: string): boolean {
  return ctx.state.linksOf(courseId, tool.typeId).length > 0;
}

export function buildLaunchPayload(ctx: SimContext, lc: LaunchContext): Record<string, unknown> {
  const { tool, user, course, link } = lc;
  const deepLinking = lc.messageType === 'LtiDeepLinkingRequest';
  const roles = launchRoles(ctx, course.id, user.id);
  const sesskey = ctx.state.sesskeyFor(user.id);
  const p: Record<string, unknown> = {
    nonce: lc.nonce,
    iat: lc.iat,
    exp: lc.iat + 60,
    iss: ctx.issuer,
    aud: tool.clientId,
    [`${LTI}deployment_id`]: tool.deploymentId,
    [`${LTI}target_link_uri`]: lc.targetLinkUri,
    sub: user.id,
    [`${LTI}lis`]: { person_sourcedid: user.idnumber, course_section_sourcedid: course.idnumber },
    [`${LTI}roles`]: roles,
    [`${LTI}context`]: { id: course.id, label: course.label, title: course.title, type: ['CourseSection'] },
    [`${LTI}message_type`]: lc.messageType,
  };
  const lineItem = link ? ctx.state.launchLineItem(link) : undefined;
  if (link && !deepLinking) {
    p[`${LTI}resource_link`] = { title: link.title, description: link.description, id: link.id };
    if (tool.acceptGrades && lineItem) {
      const data = { instanceid: link.id, userid: user.id, typeid: String(tool.typeId), launchid: randomPhpInt() };
      const hash = sha256Hex(JSON.stringify(data) + link.serviceSalt);
      p[BO_CLAIM] = {
        lis_result_sourcedid: JSON.stringify({ data, hash }),
        lis_outcome_service_url: endpointUrl(ctx, PATHS.basicOutcomes),
      };
    }
  }
  if (tool.shareName) Object.assign(p, { given_name: user.given_name, family_name: user.family_name, name: user.name });
  p[`${LTI}ext`] = tool.shareName ? { user_username: user.username, lms: 'moodle-2' } : { lms: 'moodle-2' };
  if (tool.shareEmail) p.email = user.email;
  if (deepLinking) {
    p[`${LTI}launch_presentation`] = { locale: user.lang };
  } else {
    const container = tool.launchContainer === 'window' ? 4 : 3;
    const returnUrl =
      `${endpointUrl(ctx, PATHS.launchReturn)}?course=${course.id}&launch_container=${container}` +
      `&instanceid=${link?.id ?? ''}&sesskey=${sesskey}`;
    p[`${LTI}launch_presentation`] = {
      locale: user.lang,
      document_target: tool.launchContainer === 'window' ? 'window' : 'iframe',
      return_url: returnUrl,
    };
  }
  p[`${LTI}tool_platform`] = {
    product_family_code: 'moodle',
    version: MOODLE_BUILD_VERSION,
    guid: ctx.site.guid,
    name: ctx.site.shortName,
    description: ctx.site.fullName,
  };
  p[`${LTI}version`] = '1.3.0';
  const custom = customParameters(ctx, lc, roles);
  if (Object.keys(custom).length > 0) p[`${LTI}custom`] = custom;
  if (tool.ags > 0) {
    const scope = permittedScopes(tool)
      .filter((s) => s.includes('/lti-ags/'))
      .sort();
    const ags: Record<string, unknown> = { scope, lineitems: lineItemsUrl(ctx, course.id, tool.typeId) };
    if (lineItem && !deepLinking) ags.lineitem = lineItemUrl(ctx, course.id, lineItem.id, tool.typeId);
    p[AGS_CLAIM] = ags;
  }
  if (tool.nrps && usedInCourse(ctx, tool, course.id)) {
    p[NRPS_CLAIM] = {
      context_memberships_url: membershipsUrl(ctx, course.id, tool.typeId),
      service_versions: ['1.0', '2.0'],
    };
  }
  if (deepLinking) {
    p[DL_SETTINGS_CLAIM] = {
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['frame', 'iframe', 'window'],
      accept_copy_advice: false,
      accept_multiple: true,
      accept_unsigned: false,
      auto_create: false,
      can_confirm: false,
      deep_link_return_url:
        `${endpointUrl(ctx, PATHS.contentItemReturn)}?course=${course.id}&id=${tool.typeId}` + `&sesskey=${sesskey}`,
      title: lc.title ?? tool.name,
      text: lc.text ?? '',
    };
  }
  return p;
}
