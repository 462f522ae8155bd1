import { z } from 'zod';

/**
 * What the server hands the in-LMS app in the launched page (`<script type="application/json" id="app-config">`).
 * Validated on both sides, so a page from an older server fails clearly instead of half-working.
 */
export const PLACEMENTS = [
  'teacher-home',
  'ability',
  'review-queue',
  'school-dashboard',
  'county-dashboard',
  'admin',
] as const;
export type PlacementKind = (typeof PLACEMENTS)[number];

export const TOOL_ROLES = ['teacher', 'assessor', 'institution_admin'] as const;

export const appConfigSchema = z.object({
  apiBase: z.string().min(1),
  sessionToken: z.string().min(20),
  lang: z.enum(['zh-CN', 'en']),
  placement: z.enum(PLACEMENTS).catch('teacher-home'),
  abilityCode: z.string().max(16).optional(),
  roles: z.array(z.enum(TOOL_ROLES)),
  /** School team, county, city or institution oversight granted to the person (issue 11), else null. */
  oversight: z.enum(['school', 'county', 'city', 'tenant']).nullable().catch(null).default(null),
  user: z.object({ name: z.string() }),
  context: z.object({ title: z.string().optional() }),
});
export type AppConfig = z.infer<typeof appConfigSchema>;
