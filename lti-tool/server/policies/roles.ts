import type { Actor } from '../services/actor';
import { DomainError } from '../services/errors';
import type { LaunchRole } from '../services/tool-roles';

/** The actor holds the role, or 403: the first check of every endpoint a role owns. */
export function requireRole(actor: Pick<Actor, 'roles'>, role: LaunchRole): void {
  if (!actor.roles.includes(role)) throw new DomainError('forbidden');
}

/** Only a tenant's institution administrator configures it (courses, sources, mappings, imports). */
export const requireInstitutionAdmin = (actor: Pick<Actor, 'roles'>): void => requireRole(actor, 'institution_admin');
