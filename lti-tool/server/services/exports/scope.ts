import type { Db } from '../../db/client';
import { DomainError } from '../errors';
import type { AppSession } from '../sessions';
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

export async function exportScope(db: Db, session: AppSession): Promise<ExportScope> {
  const official = session.toolRoles.includes('assessor') || session.toolRoles.includes('institution_admin');
  if (!official) throw new DomainError('export_scope_required');
  const link = await courseLinkOf(db, session);
  if (!link) throw new DomainError('course_not_linked');
  if (link.organisation.kind === 'school' || link.organisation.kind === 'group') {
    throw new DomainError('export_scope_required');
  }
  return {
    tenantId: session.tenantId,
    personId: session.personId,
    organisation: link.organisation,
    programmeInstanceId: link.instance.id,
  };
}

/** The schools an export covers, by name. */
export const schoolsOf = (db: Db, scope: Pick<ExportScope, 'tenantId' | 'organisation'>) =>
  schoolsUnder(db, scope.tenantId, scope.organisation.id);
