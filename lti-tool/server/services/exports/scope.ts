import type { Db } from '../../db/client';
import { DomainError } from '../errors';
import type { LaunchActor } from '../actor';
import { courseLinkOf, schoolsUnder, type Organisation } from '../teacher-journey/course-link';

/**
 * Who may export and what: officials whose launch course is linked to a county (or any organisation above a
 * school) in one programme. Files belong to that organisation; its officials, and only they, download them.
 * (Switch to the general scope service of issue 11 once it lands.)
 */
export interface ExportScope {
  tenantId: string;
  personId: string;
  organisation: Organisation;
  programmeInstanceId: string;
}

export async function exportScope(db: Db, actor: LaunchActor): Promise<ExportScope> {
  const official = actor.roles.includes('assessor') || actor.roles.includes('institution_admin');
  if (!official) throw new DomainError('export_scope_required');
  const link = await courseLinkOf(db, actor);
  if (!link) throw new DomainError('course_not_linked');
  if (link.organisation.kind === 'school' || link.organisation.kind === 'group') {
    throw new DomainError('export_scope_required');
  }
  return {
    tenantId: actor.tenantId,
    personId: actor.personId,
    organisation: link.organisation,
    programmeInstanceId: link.instance.id,
  };
}

/** The schools an export covers, by name. */
export const schoolsOf = (db: Db, scope: Pick<ExportScope, 'tenantId' | 'organisation'>) =>
  schoolsUnder(db, scope.tenantId, scope.organisation.id);
