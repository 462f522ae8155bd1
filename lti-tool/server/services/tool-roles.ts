import type { RoleSummary } from '../lti/roles';

/**
 * LTI roles → the tool's roles. In a teacher-training course the trainee teachers are the LMS's learners, and the
 * trainers and school or county reviewers are its instructors. Organisation-scoped roles (school team, county
 * administrator) are granted inside the tool, not by a launch.
 */
export type LaunchRole = 'teacher' | 'assessor' | 'institution_admin';

export function toolRolesForLaunch(role: RoleSummary): LaunchRole[] {
  const roles = new Set<LaunchRole>();
  if (role.learner) roles.add('teacher');
  if (role.instructor || role.teachingAssistant) roles.add('assessor');
  if (role.administrator) roles.add('institution_admin');
  return [...roles];
}
