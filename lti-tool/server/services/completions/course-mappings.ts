import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { courseMappings, MAX_HOURS_PER_ENTRY } from '../../db/schema';

/** Trimmed, inner white space collapsed: how course refs are stored and looked up. */
export function normaliseCourseRef(ref: string): string {
  return ref.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** The database's rule for micro-ability codes (upper case, so `a1` cannot slip past a unique index). */
export const abilityCodeSchema = z.string().regex(/^[A-Z][A-Z0-9.-]{0,15}$/, 'expected an ability code such as A1');

export const hoursValueSchema = z
  .number()
  .gt(0)
  .max(MAX_HOURS_PER_ENTRY)
  .refine((h) => Math.abs(Math.round(h * 100) - h * 100) < 1e-6, 'at most two decimals');

export const courseMappingInputSchema = z.strictObject({
  courseRef: z.string().trim().min(1).max(500),
  title: z.string().trim().min(1).max(500).optional(),
  abilityCode: abilityCodeSchema,
  hours: hoursValueSchema,
});
export type CourseMappingInput = z.input<typeof courseMappingInputSchema>;

export interface CourseMapping {
  courseRef: string;
  title: string;
  abilityCode: string;
  hours: number;
}

/** Adds or replaces catalogue entries (by course ref). Returns how many were written. */
export async function upsertCourseMappings(db: Db, tenantId: string, inputs: CourseMappingInput[]): Promise<number> {
  const values = inputs.map((raw) => {
    const input = courseMappingInputSchema.parse(raw);
    const courseRef = normaliseCourseRef(input.courseRef);
    return {
      tenantId,
      courseRef,
      title: input.title ?? courseRef,
      abilityCode: input.abilityCode,
      hours: input.hours.toFixed(2),
    };
  });
  if (values.length === 0) return 0;
  await db
    .insert(courseMappings)
    .values(values)
    .onConflictDoUpdate({
      target: [courseMappings.tenantId, courseMappings.courseRef],
      set: {
        title: sql`excluded.title`,
        abilityCode: sql`excluded.ability_code`,
        hours: sql`excluded.hours`,
        updatedAt: sql`now()`,
      },
    });
  return values.length;
}

export async function listCourseMappings(db: Db, tenantId: string): Promise<CourseMapping[]> {
  const rows = await db
    .select()
    .from(courseMappings)
    .where(eq(courseMappings.tenantId, tenantId))
    .orderBy(asc(courseMappings.courseRef));
  return rows.map((r) => ({
    courseRef: r.courseRef,
    title: r.title,
    abilityCode: r.abilityCode,
    hours: Number(r.hours),
  }));
}

/** The tenant's catalogue as a lookup (catalogues are small: one row per course). */
export async function loadCourseIndex(db: Db, tenantId: string): Promise<Map<string, CourseMapping>> {
  return new Map((await listCourseMappings(db, tenantId)).map((m) => [m.courseRef, m]));
}

export async function deleteCourseMapping(db: Db, tenantId: string, courseRef: string): Promise<boolean> {
  const rows = await db
    .delete(courseMappings)
    .where(and(eq(courseMappings.tenantId, tenantId), eq(courseMappings.courseRef, normaliseCourseRef(courseRef))))
    .returning({ id: courseMappings.id });
  return rows.length > 0;
}
