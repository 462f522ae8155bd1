/** Institution administrators' API keys: `/api/v1/admin/api-keys`. */
import { z } from 'zod';

export const createAdminKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
});

export const adminKeySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the key, to tell keys apart. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type AdminKeySummary = z.infer<typeof adminKeySummary>;

export const adminKeyList = z.object({ keys: z.array(adminKeySummary) });
export type AdminKeyList = z.infer<typeof adminKeyList>;

/** The reply to a creation: the only time the secret is ever shown. */
export const createdAdminKey = z.object({ key: adminKeySummary, secret: z.string() });
export type CreatedAdminKey = z.infer<typeof createdAdminKey>;
