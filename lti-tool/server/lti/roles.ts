/**
 * LTI roles (Core §5.3.7, App. A.2) reduced to what the tool needs. Accepts full URIs, sub-roles
 * (`membership/Instructor#TeachingAssistant`), short names (`Instructor`, as Moodle's NRPS sends) and the old
 * `…/v2/person#` forms. Unknown roles are ignored, never an error (Cert §6).
 */
export interface RoleSummary {
  instructor: boolean;
  learner: boolean;
  contentDeveloper: boolean;
  mentor: boolean;
  teachingAssistant: boolean;
  /** Institution or system administrator. */
  administrator: boolean;
  testUser: boolean;
}

const VOCAB = 'http://purl.imsglobal.org/vocab/lis/v2/';

/** Splits a role into its scope (membership, institution, system, or '' for short names) and its name. */
export function parseRole(role: string): { scope: string; name: string; subRole?: string } {
  const trimmed = role.trim();
  if (!trimmed.startsWith('http')) return { scope: '', name: trimmed };
  if (!trimmed.startsWith(VOCAB)) return { scope: 'other', name: trimmed };
  const rest = trimmed.slice(VOCAB.length); // e.g. membership#Instructor, membership/Instructor#TeachingAssistant
  const [path = '', fragment = ''] = rest.split('#');
  const [scope = '', parent] = path.split('/');
  const normalisedScope = scope === 'person' ? 'institution' : scope; // v2/person# is the old institution form
  // `institution/person#X` and `system/person#X` name a role; `membership/Instructor#TA` names a sub-role.
  if (parent && parent !== 'person') return { scope: normalisedScope, name: parent, subRole: fragment };
  return { scope: normalisedScope, name: fragment };
}

export function summariseRoles(roles: readonly string[]): RoleSummary {
  const summary: RoleSummary = {
    instructor: false,
    learner: false,
    contentDeveloper: false,
    mentor: false,
    teachingAssistant: false,
    administrator: false,
    testUser: false,
  };
  for (const raw of roles) {
    const { scope, name, subRole } = parseRole(raw);
    if (scope === 'other') continue;
    const contextual = scope === 'membership' || scope === '';
    if (name === 'Administrator' && (scope === 'institution' || scope === 'system' || scope === '')) {
      summary.administrator = true;
    }
    if (name === 'TestUser') summary.testUser = true;
    if (!contextual) continue;
    if (name === 'Instructor') {
      if (subRole === 'TeachingAssistant') summary.teachingAssistant = true;
      else summary.instructor = true;
    }
    if (name === 'Learner') summary.learner = true;
    if (name === 'ContentDeveloper') summary.contentDeveloper = true;
    if (name === 'Mentor') summary.mentor = true;
    if (name === 'Administrator' && scope === 'membership') summary.administrator = true;
  }
  return summary;
}
