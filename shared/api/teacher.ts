/**
 * The teacher's own record (`/api/v1/me/enrolment`, `/me/school`, `/me/status`, `/catalogue`, `/me/selections`,
 * `/me/abilities/:code` and its evidence items): request and reply schemas.
 */
import { z } from 'zod';
import type { AbilityStatus, TeacherStatus } from '../domain/engine/types';
import { EVIDENCE_KINDS, REVIEW_LEVELS, SUBMISSION_WORKFLOW_STATES } from '../domain/ids';
import { evidenceSlotSchema, rubricSchema } from '../domain/schemas/catalogue';
import { localizedTextSchema } from '../domain/schemas/common';
import { abilityCode, bilingualText, grade, slotId, uuid, version } from './common';

/** The longest text a text evidence slot holds (typed, clipped or clips gathered together). */
export const EVIDENCE_TEXT_MAX = 20_000;

/** Timestamps travel as ISO strings (a Date on the server serialises to one). */
export const timestamp = z.string();
export const submissionState = z.enum(SUBMISSION_WORKFLOW_STATES);

// ---- requests
export const chooseSchoolBody = z.strictObject({ schoolId: uuid, groupId: uuid.optional() });
export const selectionsBody = z.strictObject({ abilities: z.array(abilityCode).max(30) });
export const abilityParams = z.object({ code: abilityCode });
export const itemParams = z.object({ code: abilityCode, slotId });
export const itemBody = z.union([
  // At most EVIDENCE_TEXT_MAX characters: checked by the service, which names the slot in its 422
  // (evidence_text_too_long); the JSON body limit (1 MB) bounds it before that.
  z.strictObject({ text: z.string().trim().min(1), version: version.optional() }),
  z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(2000), version: version.optional() }),
]);
export const versionBody = z.strictObject({ version });
export const optionalVersionBody = z.strictObject({ version: version.optional() }).optional();

// ---- replies
export const programmeRef = z.object({ id: z.string(), name: z.string(), definitionId: z.string() });
export const enrolledView = z.object({
  state: z.literal('enrolled'),
  programme: programmeRef,
  enrolment: z.object({ id: z.string(), status: z.string(), groupId: z.string().nullable() }),
  school: z.object({ id: z.string(), name: z.string(), environment: z.string().nullable() }),
});
export const enrolmentReply = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unlinked'), message: bilingualText }),
  z.object({
    state: z.literal('needs_school'),
    programme: programmeRef,
    schools: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  enrolledView,
]);
/** The engine's explained status (shared/domain/engine/types.ts), passed through as the engine returns it. */
export const teacherStatus = z
  .custom<TeacherStatus>()
  .meta({ type: 'object', description: "The engine's TeacherStatus (shared/domain/engine/types.ts)" });
export const abilityStatus = z
  .custom<AbilityStatus>()
  .meta({ type: 'object', description: "The engine's AbilityStatus (shared/domain/engine/types.ts)" });
export const statusReply = z.object({ enrolment: enrolledView, status: teacherStatus });

export const catalogueReply = z.object({
  environment: z.string(),
  shortlist: z.array(z.string()).nullable(),
  rules: z.object({ minAbilities: z.number().nullable(), minDimensions: z.number().nullable() }),
  dimensions: z.array(z.object({ id: z.string(), name: localizedTextSchema })),
  abilities: z.array(
    z.object({
      code: z.string(),
      name: localizedTextSchema,
      environment: z.string(),
      dimension: z.string(),
      allowed: z.boolean(),
      reason: z.object({ code: z.string(), message: localizedTextSchema }).nullable(),
      selected: z.boolean(),
    }),
  ),
});

export const itemGradeView = z.object({ grade, comment: z.string().nullable() });
export const itemView = z.object({
  id: z.string(),
  slotId: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  text: z.string().nullable(),
  url: z.string().nullable(),
  file: z
    .object({
      name: z.string().nullable(),
      sizeBytes: z.number(),
      mime: z.string(),
      sha256: z.string(),
      downloadUrl: z.string(),
    })
    .nullable(),
  videoDurationSeconds: z.number().nullable(),
  grades: z.partialRecord(z.enum(REVIEW_LEVELS), itemGradeView),
  returnReason: z.string().nullable().optional(),
});
export const abilityGrades = z.object({ school: grade.nullable(), county: grade.nullable() });
export const abilityView = z.object({
  code: z.string(),
  name: localizedTextSchema,
  environment: z.string(),
  dimension: z.string(),
  note: localizedTextSchema.nullable(),
  slots: z.array(evidenceSlotSchema),
  rubric: rubricSchema,
});
export const abilityPageReply = z.object({
  ability: abilityView,
  selected: z.boolean(),
  submission: z
    .object({
      id: z.string(),
      state: submissionState,
      version: z.number(),
      submittedAt: timestamp.nullable(),
      items: z.array(itemView),
      returnReasons: z.record(z.string(), z.string()).nullable(),
      history: z.array(
        z.object({
          kind: z.string(),
          version: z.number(),
          at: timestamp,
          reasons: z.unknown(),
          grade: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
  grades: abilityGrades,
  status: abilityStatus.nullable(),
});
export const submissionRef = z.object({ id: z.string(), state: submissionState, version: z.number() });
export const itemSavedReply = z.object({ submission: submissionRef, item: itemView });
export const itemRemovedReply = z.object({ submission: submissionRef });
export const submitReply = submissionRef.extend({ submittedAt: timestamp.nullable() });

export type EnrolmentView = z.infer<typeof enrolmentReply>;
export type StatusReply = z.infer<typeof statusReply>;
export type CatalogueReply = z.infer<typeof catalogueReply>;
export type ItemView = z.infer<typeof itemView>;
export type AbilityPageReply = z.infer<typeof abilityPageReply>;
