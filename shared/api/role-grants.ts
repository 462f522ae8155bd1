/** `/api/v1/admin/role-grants` and `/api/v1/admin/role-mappings`: who holds a school team, county or city role. */
import { z } from 'zod';
import { bilingualText, uuid } from './common';

export const GRANTABLE_ROLES = ['school_team', 'county_admin', 'city_admin'] as const;
export const grantableRole = z.enum(GRANTABLE_ROLES);

export const roleGrant = z.object({
  id: z.string(),
  role: grantableRole,
  source: z.enum(['lti', 'admin', 'roster']),
  grantedAt: z.string(),
  personId: z.string(),
  personName: z.string(),
  email: z.string().nullable(),
  organisationId: z.string(),
  organisationName: z.string(),
  organisationCode: z.string().nullable(),
});
export const roleGrantList = z.object({ items: z.array(roleGrant) });
export type RoleGrant = z.infer<typeof roleGrant>;

/** Grant by person id (the screen) or by email (scripts). */
export const createRoleGrantBody = z
  .object({
    personId: uuid.optional(),
    email: z.email().max(254).optional(),
    role: grantableRole,
    organisationId: uuid,
  })
  .refine((b) => b.personId || b.email, { message: '请填写人员或邮箱 / give personId or email', path: ['personId'] });
export const createRoleGrantReply = z.object({ id: z.string(), changed: z.boolean() });

export const roleMappingsBody = z.object({
  mappings: z.array(z.object({ ltiRole: z.string().trim().min(1).max(255), role: grantableRole })).max(20),
});
export const roleMappingsReply = roleMappingsBody;

export const rosterImportBody = z.object({
  csv: z.string().max(256 * 1024, '名单最多 256 KB / at most 256 KB'),
  dryRun: z.boolean().default(true),
});
export const rosterImportReply = z.object({
  rows: z.array(
    z.object({
      row: z.number(),
      email: z.string(),
      role: z.string(),
      organisationCode: z.string(),
      outcome: z.enum(['granted', 'unchanged', 'rejected', 'would_grant']),
      reason: bilingualText.nullable(),
    }),
  ),
  summary: z.object({ granted: z.number(), unchanged: z.number(), rejected: z.number() }),
});
export type RosterImportReply = z.infer<typeof rosterImportReply>;
