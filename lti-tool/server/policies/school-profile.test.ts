import { describe, expect, it } from 'vitest';
import {
  profileRights,
  requireProfileEditor,
  requireProfileReader,
  requireTeamManager,
  type SchoolStanding,
} from './school-profile';

const none: SchoolStanding = { inScope: true, teamMember: false, principal: false, institutionAdmin: false };
const member = { ...none, teamMember: true };
const principal = { ...member, principal: true };
const admin = { ...none, institutionAdmin: true };
const outside = { ...principal, inScope: false };

describe('who keeps a school profile', () => {
  it('the team edits, the principal and the institution admin also manage the team', () => {
    expect(profileRights(member)).toEqual({ edit: true, manageTeam: false });
    expect(profileRights(principal)).toEqual({ edit: true, manageTeam: true });
    expect(profileRights(admin)).toEqual({ edit: true, manageTeam: true });
    // A county or city officer (in scope, not on the team) reads only.
    expect(profileRights(none)).toEqual({ edit: false, manageTeam: false });
  });

  it('refuses with the code that says why, and answers 404 outside the scope', () => {
    expect(() => requireProfileEditor(none)).toThrow(expect.objectContaining({ code: 'school_profile_forbidden' }));
    expect(() => requireTeamManager(member)).toThrow(expect.objectContaining({ code: 'school_principal_required' }));
    expect(() => requireTeamManager(none)).toThrow(expect.objectContaining({ code: 'school_profile_forbidden' }));
    for (const check of [requireProfileReader, requireProfileEditor, requireTeamManager]) {
      expect(() => check(outside)).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
    expect(() => requireTeamManager(principal)).not.toThrow();
    expect(() => requireProfileEditor(admin)).not.toThrow();
  });
});
