import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { organisations } from '../../db/schema';
import type { ReviewScope } from './scope';

/** The schools and 教研组 an assessor may filter the queue by: exactly those in the review scope. */
export async function reviewFilters(db: Db, scope: ReviewScope) {
  if (scope.schoolIds.length === 0) return { schools: [], groups: [] };
  const schools = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.tenantId, scope.tenantId), inArray(organisations.id, scope.schoolIds)))
    .orderBy(asc(organisations.name));
  const groups = await db
    .select({ id: organisations.id, name: organisations.name, schoolId: organisations.parentId })
    .from(organisations)
    .where(
      and(
        eq(organisations.tenantId, scope.tenantId),
        eq(organisations.kind, 'group'),
        inArray(organisations.parentId, scope.schoolIds),
      ),
    )
    .orderBy(asc(organisations.name));
  return { schools, groups };
}
