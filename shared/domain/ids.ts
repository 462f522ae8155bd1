/**
 * Stable identifiers used in data files, records and output. Labels live in the i18n catalogues and data files;
 * these ids never change with wording.
 */

/** 优秀 / 合格 / 不合格 */
export const GRADE_IDS = ['excellent', 'pass', 'fail'] as const;
export type GradeId = (typeof GRADE_IDS)[number];

/** 网络研修 / 校本实践应用 */
export const HOUR_CATEGORIES = ['online', 'practice'] as const;
export type HourCategory = (typeof HOUR_CATEGORIES)[number];

/** The school's diagnosed teaching environment (多媒体 / 混合 / 智慧). */
export const SCHOOL_ENVIRONMENTS = ['multimedia', 'blended', 'smart'] as const;
export type SchoolEnvironment = (typeof SCHOOL_ENVIRONMENTS)[number];

export const SUBMISSION_STATES = ['draft', 'submitted', 'returned', 'graded'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** A submission row's workflow state as the tool stores it (school review first, then the county's). */
export const SUBMISSION_WORKFLOW_STATES = [
  'draft',
  'submitted',
  'returned',
  'school_graded',
  'county_confirmed',
  'county_overridden',
] as const;
export type SubmissionWorkflowState = (typeof SUBMISSION_WORKFLOW_STATES)[number];

/** Who graded: the school's assessors, then the county's spot check. */
export const REVIEW_LEVELS = ['school', 'county'] as const;
export type ReviewLevel = (typeof REVIEW_LEVELS)[number];

export const EVIDENCE_KINDS = ['document', 'slides', 'video', 'image', 'link', 'text'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** 1.0 学前测评 answers: 属实 / 不属实 / 不确定 */
export const SELF_ASSESSMENT_ANSWERS = ['true', 'not-true', 'unsure'] as const;
export type SelfAssessmentAnswer = (typeof SELF_ASSESSMENT_ANSWERS)[number];

export const OVERALL_STATES = [
  'not_started',
  'in_progress',
  'awaiting_review',
  'ready_to_certify',
  'certified',
] as const;
export type OverallState = (typeof OVERALL_STATES)[number];

/** The confidence tags of docs/domain.md, attached to every rule parameter in the data files. */
export const CONFIDENCE_LEVELS = ['several-sources', 'one-source', 'unverified', 'inference'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** How far a catalogue entry is verified (mapped from the Confidence column of domain.md §1.1). */
export const VERIFICATION_STATUSES = [
  'confirmed',
  'one-source',
  'best-available',
  'name-unknown',
  'institution',
] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** How a programme recognises 优秀 for a whole teacher. */
export const EXCELLENCE_RULES = ['not-recognised', 'all-counted-abilities', 'minimum-set'] as const;
export type ExcellenceRule = (typeof EXCELLENCE_RULES)[number];

/** Levels of the organisation tree a tenant keeps (a 教研组 is a group inside a school). */
export const ORGANISATION_KINDS = ['province', 'city', 'county', 'school', 'group'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** An LMS registration: usable, switched off by an administrator, or awaiting dynamic registration. */
export const PLATFORM_STATUSES = ['active', 'disabled', 'pending'] as const;
export type PlatformStatus = (typeof PLATFORM_STATUSES)[number];
export const DEPLOYMENT_STATUSES = ['active', 'disabled'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
