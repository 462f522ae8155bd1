import { z } from 'zod';

/**
 * id_token claims as real platforms send them. Schemas are loose: unknown claims and extra fields pass (Core §5.4.7),
 * and known variations (Moodle's short `CourseSection` context type, empty `lis` strings) are accepted.
 */
export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  toolPlatform: `${LTI}tool_platform`,
  launchPresentation: `${LTI}launch_presentation`,
  custom: `${LTI}custom`,
  lis: `${LTI}lis`,
  roleScopeMentor: `${LTI}role_scope_mentor`,
  forUser: `${LTI}for_user`,
  ext: `${LTI}ext`,
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
} as const;

export const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest', 'LtiSubmissionReviewRequest'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const nonEmpty = z.string().min(1);

export const resourceLinkClaim = z.looseObject({
  id: nonEmpty.max(255),
  title: z.string().optional(),
  description: z.string().optional(),
});

export const contextClaim = z.looseObject({
  id: nonEmpty.max(255),
  label: z.string().optional(),
  title: z.string().optional(),
  type: z.array(z.string()).optional(),
});

export const launchPresentationClaim = z.looseObject({
  document_target: z.string().optional(),
  return_url: z.string().optional(),
  locale: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
});

export const toolPlatformClaim = z.looseObject({
  guid: z.string().optional(),
  name: z.string().optional(),
  product_family_code: z.string().optional(),
  version: z.string().optional(),
});

export const agsClaim = z.looseObject({
  scope: z.array(z.string()).default([]),
  lineitems: z.url().optional(),
  lineitem: z.url().optional(),
});

export const nrpsClaim = z.looseObject({
  context_memberships_url: z.url(),
  service_versions: z.array(z.string()).optional(),
});

export const deepLinkingSettingsClaim = z.looseObject({
  deep_link_return_url: z.url(),
  accept_types: z.array(z.string()).min(1),
  accept_presentation_document_targets: z.array(z.string()).optional(),
  accept_media_types: z.string().optional(),
  accept_multiple: z.boolean().optional(),
  accept_lineitem: z.boolean().optional(),
  auto_create: z.boolean().optional(),
  title: z.string().optional(),
  text: z.string().optional(),
  data: z.string().optional(),
});

export const forUserClaim = z.looseObject({
  user_id: nonEmpty,
  person_sourcedid: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).optional(),
});

/** Custom parameters are strings by spec; some platforms send numbers or booleans, which we keep as strings. */
export const customClaim = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v)),
);

/** The claims every LTI 1.3 message must carry (Core §5.3), checked after the signature. */
export const coreClaims = z.looseObject({
  iss: nonEmpty,
  sub: nonEmpty.max(255),
  aud: z.union([nonEmpty, z.array(nonEmpty).min(1)]),
  azp: z.string().optional(),
  exp: z.number(),
  iat: z.number(),
  nonce: nonEmpty,
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  [CLAIM.messageType]: z.enum(MESSAGE_TYPES),
  [CLAIM.version]: z.literal('1.3.0'),
  // Core §5.3.3: case-sensitive, at most 255 ASCII characters.
  [CLAIM.deploymentId]: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x20-\x7e]+$/),
  [CLAIM.targetLinkUri]: z.url(),
  [CLAIM.roles]: z.array(z.string()),
  [CLAIM.resourceLink]: resourceLinkClaim.optional(),
  [CLAIM.context]: contextClaim.optional(),
  [CLAIM.launchPresentation]: launchPresentationClaim.optional(),
  [CLAIM.toolPlatform]: toolPlatformClaim.optional(),
  [CLAIM.custom]: customClaim.optional(),
  [CLAIM.ags]: agsClaim.optional(),
  [CLAIM.nrps]: nrpsClaim.optional(),
  [CLAIM.deepLinkingSettings]: deepLinkingSettingsClaim.optional(),
  [CLAIM.forUser]: forUserClaim.optional(),
});
export type CoreClaims = z.infer<typeof coreClaims>;
