/**
 * Primitives every API contract is built from. The server's routes parse with these schemas, the web app and the
 * extension infer their types from them: one definition, never a hand copy.
 */
import { z } from 'zod';
import { GRADE_IDS } from '../domain/ids';

export const uuid = z.uuid();
export const abilityCode = z.string().regex(/^[A-Z][A-Z0-9.-]{0,15}$/);
export const slotId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
/** Optimistic concurrency: the version the client last saw. */
export const version = z.number().int().min(0);
export const grade = z.enum(GRADE_IDS);
export const idParams = z.object({ id: uuid });
/** Page numbers and sizes for every list endpoint. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
/** A text in both languages, as the server sends messages the client shows as they are. */
export const bilingualText = z.object({ zh: z.string(), en: z.string() });

/** The one error body every endpoint answers with (shared/errors.ts holds the codes). */
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
export type ErrorReply = z.infer<typeof errorBody>;
