/** The assessor's side (`/api/v1/review/*`): queue, filters, one submission, grades, returns, batch, county. */
import { z } from 'zod';
import { abilityCode, grade, pageQuery, slotId, uuid, version } from './common';
import { abilityGrades, abilityView, itemView, submissionState, timestamp } from './teacher';

const comment = z.string().trim().max(2000).optional();

// ---- requests
export const queueQuery = z
  .object({
    school: uuid.optional(),
    group: uuid.optional(),
    ability: abilityCode.optional(),
    state: submissionState.default('submitted'),
  })
  .extend(pageQuery.shape);
export const itemGrades = z.array(z.strictObject({ slotId, grade, comment })).min(1).max(20);
export const gradeBody = z.strictObject({ version, items: itemGrades });
export const returnBody = z.strictObject({
  version,
  reasons: z
    .array(z.strictObject({ slotId, reason: z.string().trim().min(1).max(2000) }))
    .min(1)
    .max(20),
});
export const batchBody = z.strictObject({
  submissions: z
    .array(z.strictObject({ id: uuid, version }))
    .min(1)
    .max(100),
  comment,
});
export const countyBody = z.discriminatedUnion('decision', [
  z.strictObject({ version, decision: z.literal('confirm'), note: comment }),
  z.strictObject({ version, decision: z.literal('override'), items: itemGrades, note: comment }),
]);

// ---- replies
const named = z.object({ id: z.string(), name: z.string() });
export const queueReply = z.object({
  level: z.enum(['school', 'county']),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      abilityCode: z.string(),
      state: submissionState,
      version: z.number(),
      submittedAt: timestamp.nullable(),
      teacher: named,
      school: named,
      groupName: z.string().nullable(),
    }),
  ),
});
export const filtersReply = z.object({
  schools: z.array(named),
  groups: z.array(named.extend({ schoolId: z.string().nullable() })),
});
export const duplicateFlag = z.object({
  itemId: z.string(),
  kind: z.enum(['same-file', 'same-text', 'similar-text']),
  similarity: z.number(),
  other: z.object({
    itemId: z.string(),
    submissionId: z.string(),
    abilityCode: z.string(),
    teacher: z.string(),
    school: z.string(),
  }),
});
export const gradebookState = z.enum(['none', 'pending', 'delivered', 'rejected', 'failed']);
export const reviewDetailReply = z.object({
  submission: z.object({
    id: z.string(),
    state: submissionState,
    version: z.number(),
    submittedAt: timestamp.nullable(),
    schoolGradedAt: timestamp.nullable(),
    countyReviewedAt: timestamp.nullable(),
  }),
  teacher: named,
  school: named.nullable(),
  group: named.nullable(),
  ability: abilityView.pick({ code: true, name: true, dimension: true, slots: true, rubric: true }),
  items: z.array(itemView.extend({ duplicates: z.array(duplicateFlag) })),
  duplicateCount: z.number(),
  grades: abilityGrades,
  lastReturnReasons: z.record(z.string(), z.string()).nullable(),
  history: z.array(
    z.object({
      kind: z.string(),
      version: z.number(),
      at: timestamp,
      actorPersonId: z.string().nullable(),
      reasons: z.unknown(),
      grade: z.string().nullable(),
      items: z.unknown(),
    }),
  ),
  gradebook: gradebookState,
  canSchoolReview: z.boolean(),
  canCountyReview: z.boolean(),
  countyRefusal: z.enum(['county_review_by_school', 'same_assessor_both_levels']).nullable(),
});
export const transitionReply = z.object({ id: z.string(), state: submissionState, version: z.number() });
export const gradeReply = transitionReply.extend({ grade, gradebook: gradebookState });
export const countyReply = transitionReply.extend({ schoolGrade: grade, countyGrade: grade });
export const batchReply = z.object({
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({ id: z.string(), ok: z.literal(true), state: submissionState, version: z.number(), grade }),
      z.object({ id: z.string(), ok: z.literal(false), error: z.string() }),
    ]),
  ),
});

export type QueueReply = z.infer<typeof queueReply>;
export type FiltersReply = z.infer<typeof filtersReply>;
export type DuplicateFlag = z.infer<typeof duplicateFlag>;
export type ReviewDetailReply = z.infer<typeof reviewDetailReply>;
