/**
 * `/api/v1/schools/:schoolId/activities/...`: 校本研修活动 (date, topic, organiser, 教研组, attendance, minutes and
 * photos). Attendance credits practice hours only where the programme's `practiceCredit.fromActivities` is on.
 */
import { z } from 'zod';
import { uuid } from './common';

export const ACTIVITY_LIMITS = {
  topicMaxChars: 200,
  organiserMaxChars: 100,
  maxHours: 100,
  maxParticipants: 500,
  files: {
    minutes: { extensions: ['pdf', 'doc', 'docx', 'wps', 'txt'], maxBytes: 20 * 1024 * 1024, maxFiles: 5 },
    photo: { extensions: ['jpg', 'jpeg', 'png', 'webp', 'gif'], maxBytes: 10 * 1024 * 1024, maxFiles: 20 },
  },
} as const;

export const activityFileKind = z.enum(['minutes', 'photo']);
export type ActivityFileKind = z.infer<typeof activityFileKind>;

const isoDate = z.iso.date();
const hours = z.number().min(0).max(ACTIVITY_LIMITS.maxHours).multipleOf(0.01);

export const activityParams = z.object({ schoolId: uuid, activityId: uuid });
export const activityFileParams = activityParams.extend({ fileId: uuid });
export const activityFileQuery = z.object({ kind: activityFileKind });

export const activityBody = z.strictObject({
  heldOn: isoDate,
  topic: z.string().trim().min(1).max(ACTIVITY_LIMITS.topicMaxChars),
  organiser: z.string().trim().min(1).max(ACTIVITY_LIMITS.organiserMaxChars),
  /** The 教研组 that held it; absent for a whole-school activity. */
  groupId: uuid.nullable().optional(),
  /** Practice hours attending carries (credited where the programme says so). */
  practiceHours: hours.default(0),
});
export type ActivityBody = z.infer<typeof activityBody>;
export const activityPatchBody = activityBody.partial().strict();
export type ActivityPatchBody = z.infer<typeof activityPatchBody>;

/** The whole attendance list: setting it again is a no-op, a teacher left out is removed (hours reversed). */
export const attendanceBody = z.strictObject({
  enrolmentIds: z.array(uuid).max(ACTIVITY_LIMITS.maxParticipants),
});

export const activityFile = z.object({
  id: z.string(),
  kind: activityFileKind,
  originalName: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int(),
  uploadedAt: z.string(),
});

export const schoolActivity = z.object({
  id: z.string(),
  schoolId: z.string(),
  heldOn: z.string(),
  topic: z.string(),
  organiser: z.string(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  practiceHours: z.number(),
  participants: z.array(
    z.object({
      enrolmentId: z.string(),
      name: z.string(),
      /** Hours this attendance holds in the teacher's ledger now (0 when the programme credits none). */
      creditedHours: z.number(),
    }),
  ),
  files: z.array(activityFile),
});
export type SchoolActivity = z.infer<typeof schoolActivity>;

export const activityReply = schoolActivity.extend({ changed: z.boolean() });

export const schoolActivitiesReply = z.object({
  can: z.object({ edit: z.boolean() }),
  /** The programme's rule, so the screen says whether attendance earns hours. */
  credit: z.object({ fromActivities: z.boolean(), activityMax: z.number().nullable() }),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  items: z.array(schoolActivity),
});
export type SchoolActivitiesReply = z.infer<typeof schoolActivitiesReply>;
