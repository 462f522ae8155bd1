/**
 * The institution administrator's API (`/api/v1/admin/*`): course links, roster sync, LMS platforms and
 * one-time dynamic-registration links.
 */
import { z } from 'zod';
import { DEPLOYMENT_STATUSES, ORGANISATION_KINDS, PLATFORM_STATUSES } from '../domain/ids';
import { uuid } from './common';
import { reachabilityView } from './operations';
import { timestamp } from './teacher';

// ---- course links
export const linkContextBody = z.strictObject({ programmeInstanceId: uuid, organisationId: uuid });
export const contextsReply = z.object({
  contexts: z.array(
    z.object({
      id: z.string(),
      label: z.string().nullable(),
      title: z.string().nullable(),
      programmeInstanceId: z.string().nullable(),
      organisationId: z.string().nullable(),
    }),
  ),
  programmeInstances: z.array(z.object({ id: z.string(), name: z.string(), definitionId: z.string() })),
  organisations: z.array(
    z.object({ id: z.string(), kind: z.enum(ORGANISATION_KINDS), name: z.string(), parentId: z.string().nullable() }),
  ),
});
export const linkContextReply = z.object({
  link: z.object({
    contextId: z.string(),
    programmeInstanceId: z.string(),
    organisationId: z.string(),
    updatedAt: timestamp,
  }),
});

// ---- roster (NRPS)
export const rosterSyncReply = z.object({
  fetched: z.number(),
  created: z.number(),
  updated: z.number(),
  inactive: z.number(),
  teachers: z.number(),
  assessors: z.number(),
  complete: z.boolean(),
});

// ---- platforms
export const platformStatusBody = z.object({ status: z.enum(['active', 'disabled']) });
export const deploymentBody = z.object({
  deploymentId: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x20-\x7e]+$/),
});
export const registrationLinkBody = z.object({ validHours: z.number().int().min(1).max(168).default(24) });
export const platformView = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  status: z.enum(PLATFORM_STATUSES),
  deployments: z.array(z.object({ id: z.string(), status: z.enum(DEPLOYMENT_STATUSES) })),
  reachability: reachabilityView,
});
export const platformsReply = z.object({ platforms: z.array(platformView) });
export const platformStatusReply = z.object({ id: z.string(), status: z.enum(['active', 'disabled']) });
export const deploymentReply = z.object({
  platformId: z.string(),
  deploymentId: z.string(),
  status: z.literal('active'),
});
export const registrationLinkReply = z.object({ url: z.string(), expiresAt: timestamp });

export type ContextsReply = z.infer<typeof contextsReply>;
export type PlatformView = z.infer<typeof platformView>;
