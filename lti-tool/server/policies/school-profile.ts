import { DomainError } from '../services/errors';

/**
 * What the acting person is to one school, settled by the service from their scope and the school's record: the
 * subject every school-profile decision is made on.
 */
export interface SchoolStanding {
  /** The school is within the person's scope (their school, county, city or tenant). */
  inScope: boolean;
  /** Holds school_team over the school. */
  teamMember: boolean;
  /** Is the school's recorded principal (and still on its team). */
  principal: boolean;
  /** An institution admin of the school's tenant. */
  institutionAdmin: boolean;
}

export interface ProfileRights {
  /** Environment, shortlist, 教研组 and their members. */
  edit: boolean;
  /** Add or remove team members, hand over the principal's mark. */
  manageTeam: boolean;
}

/**
 * The school team keeps its own profile (the principal leads it) and the institution admin may step in; a county or
 * city officer, or another school, reads at most. The principal, or the admin, decides who is on the team.
 */
export function profileRights(s: SchoolStanding): ProfileRights {
  if (!s.inScope) return { edit: false, manageTeam: false };
  return { edit: s.teamMember || s.institutionAdmin, manageTeam: s.principal || s.institutionAdmin };
}

/** Outside the scope the school does not exist (404), so ids of other schools and tenants tell nothing. */
export function requireProfileReader(s: SchoolStanding): void {
  if (!s.inScope) throw new DomainError('not_found');
}

export function requireProfileEditor(s: SchoolStanding): void {
  requireProfileReader(s);
  if (!profileRights(s).edit) throw new DomainError('school_profile_forbidden');
}

/** Team changes and the principal's mark: the principal, or the institution admin (who marks the first principal). */
export function requireTeamManager(s: SchoolStanding): void {
  requireProfileReader(s);
  if (!profileRights(s).manageTeam) {
    throw new DomainError(s.teamMember ? 'school_principal_required' : 'school_profile_forbidden');
  }
}
