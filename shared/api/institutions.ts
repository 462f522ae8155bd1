/**
 * `/api/v1/institutions/performance`: per training institution (承训机构) the completion and pass rates of the
 * teachers it trained, read from the engine's per-teacher status rows. A teacher is attributed to the provider of
 * each mapped course they completed (course mapping `provider`), else to the tenant (the institution running the tool).
 */
import { z } from 'zod';
import { uuid } from './common';

export const institutionsQuery = z.object({ organisationId: uuid.optional() });

export const institutionRow = z.object({
  /** The provider's name as the course mappings give it, or the tenant's name. */
  name: z.string(),
  kind: z.enum(['tenant', 'provider']),
  teachers: z.number(),
  /** Teachers the engine says are complete (ready to certify or certified), and their share in percent. */
  complete: z.number(),
  completionRate: z.number(),
  /** Graded research results (ability grades) and the share that passed (合格 or 优秀), in percent. */
  abilitiesGraded: z.number(),
  abilitiesPassed: z.number(),
  passRate: z.number(),
  excellent: z.number(),
  excellentRate: z.number(),
});
export type InstitutionRow = z.infer<typeof institutionRow>;

export const institutionsReply = z.object({ institutions: z.array(institutionRow) });
export type InstitutionsReply = z.infer<typeof institutionsReply>;
