import { and, count, eq, isNull } from 'drizzle-orm';
import type { ChecklistReply } from '../../../shared/api/setup-checklist';
import type { Db } from '../db/client';
import {
  contextProgrammeLinks,
  deployments,
  organisations,
  platforms,
  programmeInstances,
  roleAssignments,
} from '../db/schema';
import { listCourseMappings } from './completions/course-mappings';

const one = async (query: Promise<Array<{ n: number }>>) => Number((await query)[0]?.n ?? 0);

/**
 * What a new institution has set up, read from its data (never from a flag someone ticks): an active LMS with a
 * deployment, schools in the tree, a programme instance, courses linked and mapped, assessors granted.
 */
export async function setupChecklist(db: Db, tenantId: string): Promise<ChecklistReply> {
  const [platformsActive, schools, instances, linkedCourses, assessors, mappings] = await Promise.all([
    one(
      db
        .select({ n: count() })
        .from(platforms)
        .innerJoin(deployments, eq(deployments.platformId, platforms.id))
        .where(and(eq(platforms.tenantId, tenantId), eq(platforms.status, 'active'), eq(deployments.status, 'active'))),
    ),
    one(
      db
        .select({ n: count() })
        .from(organisations)
        .where(and(eq(organisations.tenantId, tenantId), eq(organisations.kind, 'school'))),
    ),
    one(db.select({ n: count() }).from(programmeInstances).where(eq(programmeInstances.tenantId, tenantId))),
    one(db.select({ n: count() }).from(contextProgrammeLinks).where(eq(contextProgrammeLinks.tenantId, tenantId))),
    one(
      db
        .select({ n: count() })
        .from(roleAssignments)
        .where(
          and(
            eq(roleAssignments.tenantId, tenantId),
            eq(roleAssignments.role, 'assessor'),
            isNull(roleAssignments.revokedAt),
          ),
        ),
    ),
    listCourseMappings(db, tenantId).then((m) => m.length),
  ]);
  const steps: ChecklistReply['steps'] = [
    { id: 'register_lms', done: platformsActive > 0, counts: { deployments: platformsActive } },
    { id: 'import_tree', done: schools > 0, counts: { schools } },
    { id: 'create_programme', done: instances > 0, counts: { instances } },
    { id: 'map_courses', done: linkedCourses > 0 && mappings > 0, counts: { linkedCourses, mappings } },
    { id: 'invite_assessors', done: assessors > 0, counts: { assessors } },
  ];
  return { steps, complete: steps.every((s) => s.done) };
}
