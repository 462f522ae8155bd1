import { CLAIM, type CoreClaims, type MessageType } from './claims';
import { normaliseLocale } from './locale';
import { summariseRoles, type RoleSummary } from './roles';

/**
 * One normalised launch, built once from verified claims. Nothing past the LTI module reads raw claims: it reads
 * this (habit borrowed from hypothesis/lms `LTIParams`).
 */
export interface LtiLaunch {
  messageType: MessageType;
  issuer: string;
  clientId: string;
  deploymentId: string;
  userId: string;
  user: {
    name?: string;
    givenName?: string;
    familyName?: string;
    email?: string;
    username?: string;
    /** The LIS person sourcedId (Moodle: the user's idnumber), which schools use as the staff number. */
    sourcedId?: string;
  };
  roles: string[];
  role: RoleSummary;
  context?: { id: string; label?: string; title?: string };
  resourceLink?: { id: string; title?: string; description?: string };
  targetLinkUri: string;
  locale?: string;
  returnUrl?: string;
  documentTarget?: string;
  custom: Record<string, string>;
  ags?: { scopes: string[]; lineItemsUrl?: string; lineItemUrl?: string };
  nrps?: { membershipsUrl: string };
  deepLinking?: {
    returnUrl: string;
    acceptTypes: string[];
    acceptMultiple: boolean;
    data?: string;
  };
  forUser?: { userId: string };
  platform?: { guid?: string; name?: string; productFamilyCode?: string; version?: string };
}

/** Moodle sends its username in a non-standard `ext` claim; custom parameters may carry one too. */
function username(claims: CoreClaims): string | undefined {
  const ext = claims[CLAIM.ext] as { user_username?: unknown } | undefined;
  return typeof ext?.user_username === 'string' ? ext.user_username : undefined;
}

/** `lis.person_sourcedid`, read tolerantly: Moodle sends an empty string when the idnumber is not set. */
function personSourcedId(claims: CoreClaims): string | undefined {
  const lis = claims[CLAIM.lis] as { person_sourcedid?: unknown } | undefined;
  return typeof lis?.person_sourcedid === 'string' ? blankToUndefined(lis.person_sourcedid.trim()) : undefined;
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function toLaunch(claims: CoreClaims, clientId: string): LtiLaunch {
  const context = claims[CLAIM.context];
  const link = claims[CLAIM.resourceLink];
  const presentation = claims[CLAIM.launchPresentation];
  const ags = claims[CLAIM.ags];
  const nrps = claims[CLAIM.nrps];
  const dl = claims[CLAIM.deepLinkingSettings];
  const platform = claims[CLAIM.toolPlatform];
  const roles = claims[CLAIM.roles];
  const forUser = claims[CLAIM.forUser];
  return {
    messageType: claims[CLAIM.messageType],
    issuer: claims.iss,
    clientId,
    deploymentId: claims[CLAIM.deploymentId],
    userId: claims.sub,
    user: {
      name: blankToUndefined(claims.name),
      givenName: blankToUndefined(claims.given_name),
      familyName: blankToUndefined(claims.family_name),
      email: blankToUndefined(claims.email),
      username: username(claims),
      sourcedId: personSourcedId(claims),
    },
    roles,
    role: summariseRoles(roles),
    context: context ? { id: context.id, label: context.label, title: context.title } : undefined,
    resourceLink: link
      ? { id: link.id, title: link.title, description: blankToUndefined(link.description) }
      : undefined,
    targetLinkUri: claims[CLAIM.targetLinkUri],
    locale: normaliseLocale(presentation?.locale),
    returnUrl: presentation?.return_url,
    documentTarget: presentation?.document_target,
    custom: claims[CLAIM.custom] ?? {},
    ags: ags ? { scopes: ags.scope, lineItemsUrl: ags.lineitems, lineItemUrl: ags.lineitem } : undefined,
    nrps: nrps ? { membershipsUrl: nrps.context_memberships_url } : undefined,
    deepLinking: dl
      ? {
          returnUrl: dl.deep_link_return_url,
          acceptTypes: dl.accept_types,
          acceptMultiple: dl.accept_multiple ?? true,
          data: dl.data,
        }
      : undefined,
    forUser: forUser ? { userId: forUser.user_id } : undefined,
    platform: platform
      ? {
          guid: platform.guid,
          name: platform.name,
          productFamilyCode: platform.product_family_code,
          version: platform.version,
        }
      : undefined,
  };
}
