import type { Actor } from '../services/actor';
import { DomainError } from '../services/errors';

/**
 * Who reads a teacher's hours ledger: the teacher, or an institution administrator of the same tenant. Anyone else
 * gets "not found", not "forbidden", so the existence of another teacher's enrolment is not told.
 */
export function requireLedgerReader(
  actor: Pick<Actor, 'tenantId' | 'personId' | 'roles'>,
  owner: { tenantId: string; personId: string } | undefined,
): void {
  const mayRead =
    owner !== undefined &&
    owner.tenantId === actor.tenantId &&
    (actor.roles.includes('institution_admin') || owner.personId === actor.personId);
  if (!mayRead) throw new DomainError('not_found');
}
