/** The first-run checklist on the admin home (`GET /api/v1/admin/checklist`): each step done or not, from data. */
import { z } from 'zod';

export const CHECKLIST_STEPS = [
  'register_lms',
  'import_tree',
  'create_programme',
  'map_courses',
  'invite_assessors',
] as const;
export type ChecklistStep = (typeof CHECKLIST_STEPS)[number];

export const checklistReply = z.object({
  steps: z.array(
    z.object({
      id: z.enum(CHECKLIST_STEPS),
      done: z.boolean(),
      /** The figures the step is judged on (platforms, schools, instances, linked courses, mappings, assessors). */
      counts: z.record(z.string(), z.number()),
    }),
  ),
  complete: z.boolean(),
});
export type ChecklistReply = z.infer<typeof checklistReply>;
