/**
 * Site administration on the simulated Moodle: tools (Manage tools), activities, the gradebook view and
 * launch payloads for crafted tokens.
 */
import { SCOPES, buildLaunchPayload } from './claims';
import { lineItemUrl, nowSeconds } from './context';
import type { SimContext } from './context';
import { SimulatorSetupError } from './state';
import type { ToolRecord } from './state';
import type {
  GradebookLineItem,
  LaunchClaimsInput,
  RegisterToolInput,
  RegisteredTool,
  ResourceLinkCreated,
  ResourceLinkInput,
} from './types';
import { phpDateC, randomAlnum, randomHex } from './util';

/** What the recorded tool had: AGS with column management, NRPS and Tool Settings. */
const DEFAULT_SCOPES = [
  SCOPES.lineItem,
  SCOPES.lineItemReadonly,
  SCOPES.resultReadonly,
  SCOPES.score,
  SCOPES.nrps,
  SCOPES.toolSetting,
];

export function registerTool(ctx: SimContext, input: RegisterToolInput): RegisteredTool {
  const clientId = input.clientId ?? randomAlnum(15);
  if (ctx.state.toolByClientId(clientId)) throw new SimulatorSetupError(`client id ${clientId} already registered`);
  const jwksUrl = input.jwksUrl ?? ctx.defaultToolJwksUrl;
  if (!jwksUrl) throw new SimulatorSetupError('jwksUrl (or the toolJwksUrl option) is required');
  const scopes = input.scopes ?? DEFAULT_SCOPES;
  const agsScopes: string[] = [SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score];
  const typeId = ctx.state.nextTypeId();
  const tool: ToolRecord = {
    typeId,
    deploymentId: input.deploymentId ?? String(typeId),
    clientId,
    name: input.name ?? 'Simulated LTI 1.3 tool',
    description: input.description ?? '',
    loginUrl: input.loginUrl,
    redirectUris: [...input.redirectUris],
    jwksUrl,
    targetLinkUri: input.targetLinkUri,
    deepLinkingUrl: input.deepLinkingUrl,
    customParameters: { ...input.customParameters },
    ags: scopes.includes(SCOPES.lineItem) ? 2 : scopes.some((s) => agsScopes.includes(s)) ? 1 : 0,
    nrps: scopes.includes(SCOPES.nrps),
    toolSettings: scopes.includes(SCOPES.toolSetting),
    acceptGrades: input.acceptGrades ?? true,
    shareName: input.shareName ?? true,
    shareEmail: input.shareEmail ?? true,
    launchContainer: input.launchContainer ?? 'window',
    status: 'active',
  };
  ctx.state.tools.set(typeId, tool);
  return { clientId, deploymentId: tool.deploymentId };
}

export function addResourceLink(ctx: SimContext, input: ResourceLinkInput): ResourceLinkCreated {
  const { state } = ctx;
  const courseId = String(input.courseId);
  const id = String(input.id);
  state.requireCourse(courseId);
  const tool = state.requireTool(input.clientId);
  if (state.links.has(id)) throw new SimulatorSetupError(`lti instance ${id} exists`);
  const cmid = state.nextCmid();
  state.links.set(id, {
    id,
    cmid,
    courseId,
    typeId: tool.typeId,
    title: input.title,
    description: input.description ?? '',
    custom: { ...input.custom },
    url: input.url,
    serviceSalt: randomAlnum(12),
  });
  if (input.gradeMax === undefined) return { id, cmid };
  const lineItemId = state.nextGradeItemId();
  state.lineItems.set(lineItemId, {
    id: lineItemId,
    courseId,
    typeId: tool.typeId,
    label: input.title,
    scoreMaximum: input.gradeMax,
    resourceId: '',
    tag: '',
    resourceLinkId: id,
    coupled: true,
  });
  return { id, cmid, lineItemId };
}

export function gradebook(ctx: SimContext, courseId: string): GradebookLineItem[] {
  return [...ctx.state.lineItems.values()]
    .filter((li) => li.courseId === courseId)
    .sort((a, b) => a.id - b.id)
    .map((li) => {
      const tool = ctx.state.tools.get(li.typeId);
      const results = [...ctx.state.gradesOf(li.id).values()].map((g) => ({
        userId: g.userId,
        resultScore: g.finalGrade,
        resultMaximum: li.scoreMaximum,
        ...(g.comment ? { comment: g.comment } : {}),
        timestamp: phpDateC(g.timeModified),
        activityProgress: g.activityProgress,
        gradingProgress: g.gradingProgress,
      }));
      return {
        id: li.id,
        url: lineItemUrl(ctx, li.courseId, li.id, li.typeId),
        label: li.label,
        scoreMaximum: li.scoreMaximum,
        resourceId: li.resourceId,
        tag: li.tag,
        ...(li.resourceLinkId !== undefined ? { resourceLinkId: li.resourceLinkId } : {}),
        clientId: tool?.clientId ?? '',
        coupled: li.coupled,
        results,
      };
    });
}

export function launchClaims(ctx: SimContext, input: LaunchClaimsInput): Record<string, unknown> {
  const tool = ctx.state.requireTool(input.clientId);
  const link = input.resourceLinkId === undefined ? undefined : ctx.state.links.get(String(input.resourceLinkId));
  if (!input.deepLinking && !link)
    throw new SimulatorSetupError('resourceLinkId of an existing link or deepLinking required');
  const targetLinkUri =
    input.targetLinkUri ?? (input.deepLinking ? tool.deepLinkingUrl : link?.url) ?? tool.targetLinkUri;
  return buildLaunchPayload(ctx, {
    tool,
    user: ctx.state.requireUser(String(input.userId)),
    course: ctx.state.requireCourse(String(input.courseId)),
    link: input.deepLinking ? undefined : link,
    messageType: input.deepLinking ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
    nonce: input.nonce ?? randomHex(16),
    targetLinkUri,
    iat: nowSeconds(ctx),
  });
}
