import type { LocalizedText, Message } from '../../i18n';
import type { GradeId, HourCategory, OverallState, SubmissionState } from '../ids';
import type { MISSING_ITEM_RULES } from '../schemas/programme';
import type { Certificate } from '../schemas/records';

/** Hours as kept (integer minutes) and as shown (hours, two decimals). */
export interface HoursAmount {
  minutes: number;
  hours: number;
}

export interface CategoryHours {
  online: HoursAmount;
  practice: HoursAmount;
  total: HoursAmount;
}

export interface YearHours extends CategoryHours {
  schoolYear: number;
  inWindow: boolean;
}

/** Hours that do not count: a whole entry (outside the window, unknown topic) or the part above a cap. */
export interface HoursAdjustment {
  entryIndex: number | null;
  courseId: string | null;
  category: HourCategory;
  minutes: number;
  hours: number;
  reason: Message;
}

export interface HoursSummary {
  /** Everything recorded, counted or not. */
  recorded: CategoryHours;
  outsideWindow: CategoryHours;
  /** In the window, of a known topic (1.0), after caps: what the rules see. */
  counted: CategoryHours;
  /** Raw hours per school year (before caps), including years outside the window. */
  byYear: YearHours[];
  excluded: HoursAdjustment[];
  capped: HoursAdjustment[];
  /** Practice share of the counted hours, floored to one decimal; 0 when nothing counts. */
  practiceSharePercent: number;
  /** Counted hours in credits when the programme sets hours-per-credit, else null. */
  credits: number | null;
}

export type RequirementId =
  | 'self-assessment'
  | 'hours-total'
  | 'hours-online'
  | 'hours-practice'
  | 'practice-share'
  | 'abilities-selected'
  | 'dimensions-selected'
  | 'abilities-passed'
  | 'dimensions-passed';

export interface Requirement {
  id: RequirementId;
  met: boolean;
  actual: number;
  required: number;
  unit: 'hours' | 'percent' | 'abilities' | 'dimensions' | 'indicators';
  message: Message;
}

export type NotCountedCode =
  'unknown-ability' | 'environment-not-available' | 'not-on-shortlist' | 'duplicate' | 'not-applicable';

export interface SelectionItem {
  abilityCode: string;
  counted: boolean;
  environment: string | null;
  dimension: string | null;
  reason: { code: NotCountedCode; message: Message } | null;
}

export interface DimensionRef {
  id: string;
  name: LocalizedText;
}

export interface SelectionSummary {
  /** False for programmes without micro-abilities (1.0): every selection is then not counted. */
  applicable: boolean;
  chosen: number;
  counted: number;
  countedCodes: string[];
  /** Environments this school may choose from (A, B, C …). */
  allowedEnvironments: string[];
  shortlist: string[] | null;
  dimensionsCovered: DimensionRef[];
  dimensionsMissing: DimensionRef[];
  items: SelectionItem[];
}

/** Where an ability stands for the overall decision. */
export type AbilityOutcome = 'passed' | 'failed' | 'awaiting_review' | 'needs_teacher';

export interface SlotStatus {
  slotId: string;
  name: LocalizedText;
  required: boolean;
  provided: boolean;
  grade: GradeId | null;
  problems: Message[];
}

export interface AbilityStatus {
  code: string;
  name: LocalizedText;
  environment: string;
  dimension: string;
  submissionState: SubmissionState | 'not_started';
  evidenceComplete: boolean;
  missingRequiredSlots: Array<{ slotId: string; name: LocalizedText }>;
  /** Missing items, limit violations and unknown items, in slot order. */
  problems: Message[];
  slots: SlotStatus[];
  /** Aggregated from the school's item grades (only once the submission is graded). */
  schoolGrade: GradeId | null;
  countyGrade: GradeId | null;
  /** The grade that counts: the county's override if any, else the school's. */
  grade: GradeId | null;
  gradeLabel: LocalizedText | null;
  outcome: AbilityOutcome;
  returnReason: string | null;
}

export interface SelfAssessmentStatus {
  gatesCourses: boolean;
  completed: boolean;
  answered: number;
  indicatorCount: number;
  completedAt: string | null;
}

export type NextActionCode =
  | 'deadline-passed'
  | 'complete-self-assessment'
  | 'resubmit-evidence'
  | 'rework-failed-ability'
  | 'choose-abilities'
  | 'cover-dimensions'
  | 'complete-evidence'
  | 'submit-evidence'
  | 'log-practice-hours'
  | 'log-online-hours'
  | 'log-hours'
  | 'await-review'
  | 'request-certification';

export interface NextAction {
  code: NextActionCode;
  /** Lower is more urgent; actions are returned sorted by it. */
  priority: number;
  abilityCode: string | null;
  message: Message;
}

export interface PeriodStatus {
  startYear: number;
  endYear: number;
  deadline: string | null;
  asOf: string | null;
  /** null when no `asOf` date was given (the engine never reads the clock). */
  deadlinePassed: boolean | null;
}

/** What the continuing-education registry receives (the programme's `registry` rules), as of this evaluation. */
export interface RegistryStatus {
  /** 学分 earned: the programme's credits once the hour requirements are met, 0 before; null: no such rule. */
  credits: number | null;
  /** 学时 to register: the programme's fixed amount once every requirement is met, 0 before; null: as counted. */
  registeredHours: number | null;
  crossYearAllocation: 'by-school-year' | 'county-ratio';
  /** Day of the month the monthly report is due, and the next due date from `asOf` (null without either). */
  monthlyReportDay: number | null;
  nextMonthlyReportDue: string | null;
}

export interface TeacherStatus {
  programme: { id: string; dataVersion: string; edition: string; name: LocalizedText };
  catalogue: { id: string; dataVersion: string };
  state: OverallState;
  stateMessage: Message;
  /** True only when the programme recognises 优秀, every requirement is met and its excellence rule holds. */
  excellent: boolean;
  excellenceRule: string;
  requirements: Requirement[];
  hours: HoursSummary;
  selection: SelectionSummary;
  abilities: AbilityStatus[];
  /** Evidence for abilities that are not counted selections. */
  ignoredEvidence: Message[];
  selfAssessment: SelfAssessmentStatus | null;
  certificate: Certificate | null;
  period: PeriodStatus;
  registry: RegistryStatus;
  nextActions: NextAction[];
}

export interface EvaluateOptions {
  /** Today's date (YYYY-MM-DD) to judge the deadline; omitted, no deadline judgement is made. */
  asOf?: string;
}

/** What a graded submission missing a required item means (the programme's `evidence.missingRequiredItem`). */
export type MissingItemRule = (typeof MISSING_ITEM_RULES)[number];
