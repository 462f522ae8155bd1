/**
 * `/api/v1/schools/:schoolId/profile`, `/team`, `/principal` and `/groups`: the school profile its IT management team
 * (the principal leads) and the institution admin keep: the diagnosed teaching environment, the micro-ability
 * shortlist, the team and the 教研组 with their members. A county, city or another school reads at most.
 */
import { z } from 'zod';
import { abilityCode, bilingualText, uuid } from './common';

export const PROFILE_LIMITS = {
  basisMaxChars: 500,
  shortlistMax: 30,
  groupNameMaxChars: 50,
  groupsMax: 50,
  membersMax: 500,
} as const;

export const TEACHING_ENVIRONMENTS = ['multimedia', 'blended', 'smart'] as const;
export const teachingEnvironment = z.enum(TEACHING_ENVIRONMENTS);

const isoDate = z.iso.date();

export const groupParams = z.object({ schoolId: uuid, groupId: uuid });
export const teamMemberParams = z.object({ schoolId: uuid, personId: uuid });

/** A partial change: only the sections sent are set; the same values again change nothing. */
export const profilePatchBody = z
  .strictObject({
    environment: z
      .strictObject({
        value: teachingEnvironment,
        /** The day of the diagnosis (学校信息化环境诊断), not in the future. */
        diagnosedOn: isoDate,
        /** What it rests on: a survey, an inspection, the county's list… */
        basis: z.string().trim().min(1).max(PROFILE_LIMITS.basisMaxChars),
      })
      .optional(),
    /** The school's micro-abilities teachers choose from; null (or an empty list) removes the shortlist. */
    abilityShortlist: z.array(abilityCode).max(PROFILE_LIMITS.shortlistMax).nullable().optional(),
  })
  .refine((b) => b.environment !== undefined || b.abilityShortlist !== undefined, {
    message: '请填写教学环境或能力点清单 / give environment or abilityShortlist',
    path: ['environment'],
  });
export type ProfilePatchBody = z.infer<typeof profilePatchBody>;

/** Add a member to the management team by person id (the screen) or e-mail. */
export const teamMemberBody = z
  .strictObject({ personId: uuid.optional(), email: z.email().max(254).optional() })
  .refine((b) => b.personId || b.email, { message: '请填写人员或邮箱 / give personId or email', path: ['email'] });
export type TeamMemberBody = z.infer<typeof teamMemberBody>;

export const principalBody = z.strictObject({ personId: uuid });

export const groupBody = z.strictObject({
  name: z.string().trim().min(1).max(PROFILE_LIMITS.groupNameMaxChars),
});
export type GroupBody = z.infer<typeof groupBody>;

/** The whole member list of a 教研组: sending it again changes nothing; a teacher listed moves here from another. */
export const groupMembersBody = z.strictObject({
  enrolmentIds: z.array(uuid).max(PROFILE_LIMITS.membersMax),
});

const teacher = z.object({
  enrolmentId: z.string(),
  name: z.string(),
  subject: z.string().nullable(),
  groupId: z.string().nullable(),
});

export const schoolProfile = z.object({
  school: z.object({ id: z.string(), name: z.string(), code: z.string().nullable() }),
  /** edit: environment, shortlist, groups; manageTeam: add or remove members and hand over the principal's mark. */
  can: z.object({ edit: z.boolean(), manageTeam: z.boolean() }),
  environment: z.object({
    value: teachingEnvironment.nullable(),
    diagnosedOn: z.string().nullable(),
    basis: z.string().nullable(),
  }),
  abilityShortlist: z.array(z.string()).nullable(),
  /** The abilities the school's environment allows (what a shortlist may hold), in catalogue order. */
  abilityOptions: z.array(z.object({ code: z.string(), name: bilingualText, environment: z.string() })),
  researchTheme: z.string().nullable(),
  team: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      principal: z.boolean(),
    }),
  ),
  groups: z.array(z.object({ id: z.string(), name: z.string(), code: z.string().nullable(), members: z.number() })),
  /** The school's teachers in the programme, with their group. */
  teachers: z.array(teacher),
  updatedAt: z.string(),
});
export type SchoolProfile = z.infer<typeof schoolProfile>;

export const schoolProfileReply = schoolProfile.extend({ changed: z.boolean() });
export type SchoolProfileReply = z.infer<typeof schoolProfileReply>;

/** A 教研组 opened (or found on a retry): the profile and the group's id. */
export const groupCreatedReply = schoolProfileReply.extend({ groupId: z.string() });
