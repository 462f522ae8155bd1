/** `GET /api/v1/me`: who the app is talking to (person, tool roles, launch context). */
import { z } from 'zod';
import { timestamp } from './teacher';

export const meReply = z.object({
  person: z.object({ id: z.string(), displayName: z.string(), email: z.string().nullable() }),
  roles: z.array(z.string()),
  locale: z.string(),
  context: z.object({ title: z.string().nullable() }),
  resourceLink: z.object({ title: z.string().nullable(), custom: z.record(z.string(), z.string()) }),
  expiresAt: timestamp,
});
export type MeReply = z.infer<typeof meReply>;
