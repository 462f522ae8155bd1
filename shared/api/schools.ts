/**
 * `/api/v1/schools/...`: the school dashboard and the county (city, institution) overview. Every figure is read from
 * the engine's maintained per-teacher status (teacher_status); nothing here is a second calculation.
 */
import { z } from 'zod';
import { bilingualText, uuid } from './common';

export const OVERSIGHT_LEVELS = ['school', 'county', 'city', 'tenant'] as const;
export const TEACHER_STATES = [
  'not_started',
  'in_progress',
  'awaiting_review',
  'ready_to_certify',
  'certified',
] as const;
export const teacherState = z.enum(TEACHER_STATES);
const timestamp = z.string();

export const scopeReply = z.object({
  level: z.enum(OVERSIGHT_LEVELS),
  roots: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
  schools: z.number(),
  programme: z.object({ id: z.string(), name: z.string(), deadline: z.string() }),
});
export type ScopeReply = z.infer<typeof scopeReply>;

/** Counts of teachers per engine state. */
export const stateCounts = z.object(
  Object.fromEntries(TEACHER_STATES.map((s) => [s, z.number()])) as Record<
    (typeof TEACHER_STATES)[number],
    z.ZodNumber
  >,
);

/** The figures of one set of teachers (a school, a group, a county, the whole scope). */
export const figures = z.object({
  teachers: z.number(),
  states: stateCounts,
  onlineHours: z.number(),
  practiceHours: z.number(),
  abilitiesChosen: z.number(),
  abilitiesSubmitted: z.number(),
  abilitiesGraded: z.number(),
  /** Teachers the engine says are complete (合格 or better) and 优秀, over all teachers. */
  passed: z.number(),
  excellent: z.number(),
  passRate: z.number(),
  excellentRate: z.number(),
  lastActivityAt: timestamp.nullable(),
});
export type Figures = z.infer<typeof figures>;

export const overviewQuery = z.object({ organisationId: uuid.optional() });

/** School artefacts (plans) with a version the county approved. */
const artefactsApproved = z.number();

export const overviewReply = z.object({
  total: figures.extend({ artefactsApproved }),
  schools: z.array(
    figures.extend({
      artefactsApproved,
      id: z.string(),
      name: z.string(),
      code: z.string().nullable(),
      parentId: z.string().nullable(),
      parentName: z.string().nullable(),
    }),
  ),
  /** Micro-abilities × schools: teachers who chose (counted) and passed each ability. */
  heatmap: z.array(z.object({ schoolId: z.string(), abilityCode: z.string(), chosen: z.number(), passed: z.number() })),
  /** Teachers complete by each date, cumulative, against the deadline. */
  progress: z.object({
    deadline: z.string(),
    teachers: z.number(),
    points: z.array(z.object({ date: z.string(), completed: z.number() })),
  }),
});
export type OverviewReply = z.infer<typeof overviewReply>;

/** `?organisationId=`: the province, city or county to summarise (default: the scope's root, or its roots). */
export const summaryQuery = z.object({ organisationId: uuid.optional() });

const organisationRef = z.object({ id: z.string(), name: z.string(), kind: z.string(), code: z.string().nullable() });

/**
 * One row per organisation one level down (a province's cities, a city's counties, a county's schools), each the
 * GROUP BY of its schools' teacher_status rows: the province and city screens, where a row per school is too many.
 */
export const summaryReply = z.object({
  /** The organisation summarised; null when the scope has several roots and each is a row. */
  organisation: organisationRef.nullable(),
  /** Its ancestors inside the scope, from the top (the breadcrumb back up). */
  path: z.array(organisationRef),
  total: figures.extend({ artefactsApproved, schools: z.number() }),
  rows: z.array(figures.extend({ ...organisationRef.shape, artefactsApproved, schools: z.number() })),
  /** Micro-abilities × rows: teachers who chose (counted) and passed each ability. */
  heatmap: z.array(
    z.object({ organisationId: z.string(), abilityCode: z.string(), chosen: z.number(), passed: z.number() }),
  ),
  progress: overviewReply.shape.progress,
});
export type SummaryReply = z.infer<typeof summaryReply>;

export const schoolParams = z.object({ schoolId: uuid });
export const schoolQuery = z.object({ groupId: uuid.optional() });

export const teacherRow = z.object({
  enrolmentId: z.string(),
  name: z.string(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  subject: z.string().nullable(),
  state: teacherState,
  grade: z.enum(['excellent', 'pass']).nullable(),
  onlineHours: z.number(),
  practiceHours: z.number(),
  abilitiesChosen: z.number(),
  abilitiesSubmitted: z.number(),
  abilitiesPassed: z.number(),
  /** The engine's next actions, in its own words. */
  missing: z.array(bilingualText.extend({ code: z.string(), abilityCode: z.string().nullable() })),
  lastActivityAt: timestamp.nullable(),
});
export type TeacherRow = z.infer<typeof teacherRow>;

export const schoolReply = z.object({
  school: z.object({
    id: z.string(),
    name: z.string(),
    code: z.string().nullable(),
    environment: z.string().nullable(),
  }),
  total: figures,
  groups: z.array(figures.extend({ id: z.string().nullable(), name: z.string().nullable() })),
  abilities: z.array(z.object({ abilityCode: z.string(), chosen: z.number(), passed: z.number() })),
  teachers: z.array(teacherRow),
});
export type SchoolReply = z.infer<typeof schoolReply>;

export const reminderQuery = z.object({
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  groupId: uuid.optional(),
});
