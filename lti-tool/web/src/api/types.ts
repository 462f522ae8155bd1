import type { AbilityStatus, TeacherStatus } from '../../../../shared/domain';
import type { EvidenceSlot, Rubric } from '../../../../shared/domain/schemas/catalogue';

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

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface CatalogueResponse {
  environment: string;
  shortlist: string[] | null;
  rules: { minAbilities: number | null; minDimensions: number | null };
  dimensions: Array<{ id: string; name: LocalizedText }>;
  abilities: Array<{
    code: string;
    name: LocalizedText;
    environment: string;
    dimension: string;
    allowed: boolean;
    reason: { code: string; message: LocalizedText } | null;
    selected: boolean;
  }>;
}

export type Grade = 'excellent' | 'pass' | 'fail';

export interface ItemView {
  id: string;
  slotId: string;
  kind: string;
  text: string | null;
  url: string | null;
  file: { name: string | null; sizeBytes: number; mime: string; sha256: string; downloadUrl: string } | null;
  videoDurationSeconds: number | null;
  grades: Partial<Record<'school' | 'county', { grade: Grade; comment: string | null }>>;
  returnReason?: string | null;
}

export interface AbilityPageResponse {
  ability: {
    code: string;
    name: LocalizedText;
    environment: string;
    dimension: string;
    note: LocalizedText | null;
    slots: EvidenceSlot[];
    rubric: Rubric;
  };
  selected: boolean;
  submission: {
    id: string;
    state: string;
    version: number;
    submittedAt: string | null;
    items: ItemView[];
    returnReasons: Record<string, string> | null;
    history: Array<{ kind: string; version: number; at: string; reasons: unknown; grade: Grade | null }>;
  } | null;
  grades: { school: Grade | null; county: Grade | null };
  status: AbilityStatus | null;
}

export interface QueueResponse {
  total: number;
  page: number;
  pageSize: number;
  items: Array<{
    id: string;
    abilityCode: string;
    state: string;
    version: number;
    submittedAt: string | null;
    teacher: { id: string; name: string };
    school: { id: string; name: string };
    groupName: string | null;
  }>;
}

export interface DuplicateFlag {
  itemId: string;
  kind: 'same-file' | 'similar-text';
  similarity: number;
  other: { itemId: string; submissionId: string; abilityCode: string; teacher: string; school: string };
}

export interface ReviewDetail {
  submission: { id: string; state: string; version: number; submittedAt: string | null };
  teacher: { id: string; name: string };
  school: { id: string; name: string } | null;
  group: { id: string; name: string } | null;
  ability: Pick<AbilityPageResponse['ability'], 'code' | 'name' | 'dimension' | 'slots' | 'rubric'>;
  items: Array<ItemView & { duplicates: DuplicateFlag[] }>;
  duplicateCount: number;
  grades: { school: Grade | null; county: Grade | null };
  lastReturnReasons: Record<string, string> | null;
  gradebook: 'none' | 'pending' | 'delivered' | 'rejected' | 'failed';
  canCountyReview: boolean;
}
