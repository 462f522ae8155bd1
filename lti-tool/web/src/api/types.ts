import type { TeacherStatus } from '../../../../shared/domain';

/** Response shapes of the tool's API as the app reads them (docs/api.md). */
export type EnrolmentView =
  | { state: 'unlinked'; message: { zh: string; en: string } }
  | { state: 'needs_school'; programme: ProgrammeRef; schools: Array<{ id: string; name: string }> }
  | {
      state: 'enrolled';
      programme: ProgrammeRef;
      enrolment: { id: string; status: string; groupId: string | null };
      school: { id: string; name: string; environment: string | null };
    };

export interface ProgrammeRef {
  id: string;
  name: string;
  definitionId: string;
}

export interface StatusResponse {
  enrolment: Extract<EnrolmentView, { state: 'enrolled' }>;
  status: TeacherStatus;
}
