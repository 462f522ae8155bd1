import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { enrolments, evidenceItems, submissions } from '../../db/schema';
import { DomainError } from '../errors';
import type { LaunchActor } from '../actor';
import { canReadEvidenceFile, type Viewer } from '../../policies/evidence-files';
import { courseLinkOf, schoolsUnder } from './course-link';

/** The file of an evidence item, if this actor may read it; otherwise 404 (existence is not revealed). */
export async function evidenceFileFor(db: Db, actor: LaunchActor, itemId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(itemId)) throw new DomainError('not_found');
  const [row] = await db
    .select({ item: evidenceItems, enrolment: enrolments })
    .from(evidenceItems)
    .innerJoin(submissions, eq(submissions.id, evidenceItems.submissionId))
    .innerJoin(enrolments, eq(enrolments.id, submissions.enrolmentId))
    .where(and(eq(evidenceItems.id, itemId), eq(evidenceItems.tenantId, actor.tenantId)));
  if (!row?.item.storageKey) throw new DomainError('not_found');
  let review: Viewer['review'];
  if (actor.roles.includes('assessor') && row.enrolment.personId !== actor.personId) {
    const link = await courseLinkOf(db, actor);
    if (link) {
      const schools = await schoolsUnder(db, actor.tenantId, link.organisation.id);
      review = { programmeInstanceId: link.instance.id, schoolIds: schools.map((s) => s.id) };
    }
  }
  const viewer = { tenantId: actor.tenantId, personId: actor.personId, roles: actor.roles, review };
  if (!canReadEvidenceFile(viewer, row.enrolment)) throw new DomainError('not_found');
  return row.item;
}
