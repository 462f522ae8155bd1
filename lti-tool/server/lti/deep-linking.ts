import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { deepLinkingSettingsClaim } from './claims';
import { CLAIM } from './claims';
import type { SigningKey } from './tool-keys';

/** A content item of type `ltiResourceLink` (DL §3.1–3.2), the only type Moodle accepts. */
export const ltiResourceLinkItem = z.object({
  type: z.literal('ltiResourceLink'),
  url: z.url().optional(),
  title: z.string().max(255).optional(),
  text: z.string().max(2000).optional(),
  custom: z.record(z.string(), z.string()).optional(),
  lineItem: z
    .object({
      label: z.string().min(1).max(255).optional(),
      scoreMaximum: z.number().positive(),
      resourceId: z.string().max(255).optional(),
      tag: z.string().max(255).optional(),
      gradesReleased: z.boolean().optional(),
    })
    .optional(),
  window: z.object({ targetName: z.string().optional() }).optional(),
  iframe: z.object({ width: z.number().optional(), height: z.number().optional() }).optional(),
});
export type LtiResourceLinkItem = z.infer<typeof ltiResourceLinkItem>;

export interface DeepLinkingResponseInput {
  key: SigningKey;
  clientId: string;
  platformIssuer: string;
  deploymentId: string;
  settings: z.infer<typeof deepLinkingSettingsClaim>;
  items: LtiResourceLinkItem[];
  msg?: string;
  errormsg?: string;
  now?: Date;
}

export class DeepLinkingError extends Error {}

/**
 * Signs the LtiDeepLinkingResponse (DL §4.5, Sec §5.2.2): `iss` is our client id, `aud` the platform issuer, a fresh
 * nonce, a short expiry, and the request's `data` echoed verbatim. Items are checked against what the platform
 * accepts, so a platform never has to reject our response.
 */
export async function signDeepLinkingResponse(input: DeepLinkingResponseInput): Promise<string> {
  const { settings, items } = input;
  for (const item of items) {
    if (!settings.accept_types.includes(item.type)) throw new DeepLinkingError(`platform does not accept ${item.type}`);
  }
  if (items.length > 1 && settings.accept_multiple === false) {
    throw new DeepLinkingError('platform accepts a single item');
  }
  const payload: Record<string, unknown> = {
    nonce: randomUUID(),
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: input.deploymentId,
    'https://purl.imsglobal.org/spec/lti-dl/claim/content_items': items.map((i) => ltiResourceLinkItem.parse(i)),
  };
  if (settings.data !== undefined) payload['https://purl.imsglobal.org/spec/lti-dl/claim/data'] = settings.data;
  if (input.msg) payload['https://purl.imsglobal.org/spec/lti-dl/claim/msg'] = input.msg;
  if (input.errormsg) payload['https://purl.imsglobal.org/spec/lti-dl/claim/errormsg'] = input.errormsg;
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: input.key.kid, typ: 'JWT' })
    .setIssuer(input.clientId)
    .setAudience(input.platformIssuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(input.key.privateKey);
}
