/**
 * Assessor grants (`/api/v1/admin/assessors`): a person of the tenant assesses at a school (学校评定) or confirms
 * for a county (区县复核). People come from launches and roster syncs (`/api/v1/admin/people?q=`).
 */
import { z } from 'zod';
import { uuid } from './common';
import { timestamp } from './teacher';

export const assessorGrantBody = z.strictObject({ personId: uuid, organisationId: uuid });
export const peopleQuery = z.object({ q: z.string().trim().max(100).default('') });

export const assessorGrantView = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  email: z.string().nullable(),
  organisationId: z.string(),
  organisationName: z.string(),
  /** school: 学校评定; county: 区县复核. */
  level: z.enum(['school', 'county']),
  grantedAt: timestamp,
});
export const assessorGrantsReply = z.object({ grants: z.array(assessorGrantView) });
export const assessorGrantReply = z.object({ grant: assessorGrantView, created: z.boolean() });
export const peopleReply = z.object({
  people: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().nullable() })),
});

export type AssessorGrantView = z.infer<typeof assessorGrantView>;
export type AssessorGrantsReply = z.infer<typeof assessorGrantsReply>;
export type AssessorGrantReply = z.infer<typeof assessorGrantReply>;
export type PeopleReply = z.infer<typeof peopleReply>;
