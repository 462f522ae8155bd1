/**
 * Public API of the programme-rules engine. Pure TypeScript: safe for the server, the web app and the extension.
 */

// Engine
export { evaluateTeacher } from './engine/evaluate';
export { checkSlotLimits } from './engine/evidence';
export type {
  AbilityOutcome,
  AbilityStatus,
  CategoryHours,
  EvaluateOptions,
  HoursAdjustment,
  HoursAmount,
  HoursSummary,
  NextAction,
  NextActionCode,
  NotCountedCode,
  PeriodStatus,
  Requirement,
  RequirementId,
  SelectionItem,
  SelectionSummary,
  SelfAssessmentStatus,
  SlotStatus,
  TeacherStatus,
  YearHours,
} from './engine/types';

// Grades and hours arithmetic
export { aggregateAbilityGrade, gradeLabel, isPassingGrade, type GradedItem } from './grades';
export { hoursToMinutes, minutesToHours } from './minutes';
export * from './ids';

// Input schemas (shared with the server)
export {
  schoolContextSchema,
  teacherRecordsSchema,
  hourEntrySchema,
  abilitySelectionSchema,
  evidenceSubmissionSchema,
  evidenceItemSchema,
  selfAssessmentSchema,
  certificateSchema,
  evaluationInputSchema,
} from './schemas/records';
export type {
  AbilitySelection,
  Certificate,
  EvidenceItem,
  EvaluationInput,
  EvidenceSubmission,
  HourEntry,
  SchoolContext,
  SelfAssessment,
  TeacherRecords,
  TeacherRecordsInput,
} from './schemas/records';

// Programme and catalogue data
export {
  BELOW_PASS_RULES,
  programmeSchema,
  type BelowPassRule,
  type Programme,
  type ProgrammeInput,
} from './schemas/programme';
export { catalogueFileSchema } from './schemas/catalogue';
export type { Ability, Catalogue, CatalogueFile, EvidenceSlot, Rubric, SlotLimits, Topic } from './schemas/catalogue';
export {
  getProgramme,
  findProgramme,
  listProgrammes,
  getCatalogue,
  listCatalogues,
  type ProgrammeSummary,
} from '../programmes/registry';
export { parseProgramme, parseCatalogue, checkProgrammeCatalogue, ProgrammeDataError } from '../programmes/load';

// Institution catalogue import
export { importCatalogueCsv, type CsvImportOptions } from './catalogue/import-csv';
export { importCatalogueJson, validateCatalogueData } from './catalogue/validate';
export { MAX_CSV_ERRORS, parseCsv, parseCsvCapped, type CsvRecord } from './catalogue/csv';
export type { CatalogueError, CatalogueResult } from './catalogue/errors';
export { catalogueForPeople, plainName } from './catalogue-for-people';
