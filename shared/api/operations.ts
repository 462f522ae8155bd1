/**
 * What the institution administrator reads about the tool at work: recent grade deliveries, roster syncs and
 * imports with their failures (`GET /api/v1/admin/activity`), and whether each platform can be reached.
 */
import { z } from 'zod';
import { timestamp } from './teacher';

export const GRADE_DELIVERY_STATUSES = ['pending', 'delivered', 'superseded', 'rejected', 'failed'] as const;
export const OPERATION_KINDS = ['roster_sync', 'completion_import', 'org_import'] as const;
export const OPERATION_STATUSES = ['ok', 'partial', 'failed'] as const;

export const activityQuery = z.strictObject({
  /** `1`: only what went wrong (failed, rejected, retrying, partial). */
  failures: z.enum(['0', '1', 'true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const gradeDeliveryView = z.object({
  id: z.string(),
  platformId: z.string(),
  platformName: z.string(),
  personId: z.string().nullable(),
  status: z.enum(GRADE_DELIVERY_STATUSES),
  attempts: z.number(),
  /** The platform's last HTTP status, when it answered. */
  lastStatus: z.number().nullable(),
  /** A short code for the last failure: `token_invalid_client`, `egress_timeout`, `http_503`… */
  errorCode: z.string().nullable(),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
  /** When a pending delivery is tried next. */
  nextAttemptAt: timestamp.nullable(),
});

export const operationRunView = z.object({
  id: z.string(),
  kind: z.enum(OPERATION_KINDS),
  status: z.enum(OPERATION_STATUSES),
  /** The course id (roster sync), the completion source's name or the organisation file's name (imports). */
  target: z.string(),
  platformId: z.string().nullable(),
  errorCode: z.string().nullable(),
  rows: z.number().nullable(),
  counts: z.record(z.string(), z.union([z.number(), z.boolean()])),
  /** The request id: the same id is on every log line of the run. */
  requestId: z.string().nullable(),
  createdAt: timestamp,
});

export const activityReply = z.object({
  deliveries: z.array(gradeDeliveryView),
  runs: z.array(operationRunView),
});

export type ActivityReply = z.infer<typeof activityReply>;
export type GradeDeliveryView = z.infer<typeof gradeDeliveryView>;
export type OperationRunView = z.infer<typeof operationRunView>;

// ---- platform reachability
export const REACHABILITY_STATES = ['reachable', 'unreachable', 'unknown'] as const;
export const reachabilityView = z.object({
  /** `unreachable` when the last contact with the JWKS or token endpoint failed (e.g. the registration was deleted). */
  state: z.enum(REACHABILITY_STATES),
  lastOkAt: timestamp.nullable(),
  lastFailedAt: timestamp.nullable(),
  /** Which endpoint failed last, and why (a short code). */
  failedEndpoint: z.enum(['jwks', 'token']).nullable(),
  reason: z.string().nullable(),
});
export const platformCheckReply = z.object({ id: z.string(), reachability: reachabilityView });
export type ReachabilityView = z.infer<typeof reachabilityView>;
export type PlatformCheckReply = z.infer<typeof platformCheckReply>;
