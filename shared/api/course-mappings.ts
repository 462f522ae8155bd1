/**
 * The course catalogue (`/api/v1/admin/course-mappings`): which programme a platform's course serves and which
 * micro-abilities it teaches, with hours per ability. File imports, xAPI and the API credit through it.
 */
import { z } from 'zod';
import { bilingual, bilingualIssue } from '../i18n';
import { abilityCode, bilingualText, uuid } from './common';

/** A ledger entry holds at most 100 hours (the database's own CHECK). */
export const MAX_COURSE_HOURS = 100;
export const MAX_ABILITIES_PER_COURSE = 10;
export const MAX_COURSES_PER_REQUEST = 5000;

export const courseHours = z
  .number()
  .refine(
    (h) => h > 0 && h <= MAX_COURSE_HOURS,
    bilingual(`学时须大于 0 且不超过 ${MAX_COURSE_HOURS}`, `hours must be more than 0 and at most ${MAX_COURSE_HOURS}`),
  )
  .refine(
    (h) => Math.abs(Math.round(h * 100) - h * 100) < 1e-6,
    bilingual('学时最多两位小数', 'hours take at most two decimals'),
  );

export const courseAbility = z.strictObject({
  abilityCode,
  hours: courseHours,
});
export type CourseAbility = z.infer<typeof courseAbility>;

/**
 * One catalogue course. `abilities` lists what it teaches; the older single form `{ abilityCode, hours }` is
 * still accepted and read as a one-item list.
 */
export const courseMappingInput = z
  .strictObject({
    courseRef: z.string().trim().min(1).max(500),
    title: z.string().trim().min(1).max(500).optional(),
    /** null or absent: the course counts for every programme of the institution. */
    programmeInstanceId: uuid.nullish(),
    /** The training institution (承训机构) providing the course; null or absent: the institution itself. */
    provider: z.string().trim().min(1).max(100).nullish(),
    abilities: z.array(courseAbility).min(1).max(MAX_ABILITIES_PER_COURSE).optional(),
    abilityCode: abilityCode.optional(),
    hours: courseHours.optional(),
  })
  .superRefine((c, ctx) => {
    const single = c.abilityCode !== undefined || c.hours !== undefined;
    if (c.abilities && single) {
      ctx.addIssue(bilingualIssue('请只填写 abilities 列表', 'give the abilities list only', ['abilities']));
    } else if (!c.abilities && (c.abilityCode === undefined || c.hours === undefined)) {
      ctx.addIssue(
        bilingualIssue('至少填写一个能力点及其学时', 'give at least one ability with its hours', ['abilities']),
      );
    } else if (c.abilities) {
      const codes = c.abilities.map((a) => a.abilityCode);
      if (new Set(codes).size !== codes.length) {
        ctx.addIssue(bilingualIssue('同一能力点填写了两次', 'an ability is listed twice', ['abilities']));
      }
    }
  });
export type CourseMappingInput = z.input<typeof courseMappingInput>;

export const putCourseMappingsBody = z.strictObject({
  courses: z.array(courseMappingInput).min(1).max(MAX_COURSES_PER_REQUEST),
});

export const courseMapping = z.object({
  id: uuid,
  courseRef: z.string(),
  title: z.string(),
  programmeInstanceId: uuid.nullable(),
  provider: z.string().nullable(),
  abilities: z.array(z.object({ abilityCode: z.string(), hours: z.number() })),
  /** Sum of the abilities' hours. */
  hours: z.number(),
  updatedAt: z.string(),
});
export type CourseMappingSummary = z.infer<typeof courseMapping>;

/** What the screen needs to offer choices: the programme instances and each one's abilities. */
export const courseMappingProgramme = z.object({
  id: uuid,
  name: z.string(),
  abilities: z.array(z.object({ code: z.string(), name: bilingualText })),
});

export const courseMappingList = z.object({
  courses: z.array(courseMapping),
  programmes: z.array(courseMappingProgramme),
});
export type CourseMappingList = z.infer<typeof courseMappingList>;

export const putCourseMappingsReply = z.object({ written: z.number().int(), courses: z.array(courseMapping) });
export type PutCourseMappingsReply = z.infer<typeof putCourseMappingsReply>;

export const deleteCourseMappingReply = z.object({ deleted: z.literal(true), courseRef: z.string() });
