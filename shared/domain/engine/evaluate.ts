import { message, type Message } from '../../i18n';
import type { Catalogue } from '../schemas/catalogue';
import type { Programme } from '../schemas/programme';
import type { SchoolContext, TeacherRecords } from '../schemas/records';
import { indexCatalogue } from './catalogue-index';
import { evaluateAbility } from './evidence';
import { summarizeHours } from './hours';
import { planNextActions } from './next-actions';
import {
  abilityRequirements,
  hourRequirements,
  selectionRequirements,
  selfAssessmentRequirement,
} from './requirements';
import { evaluateSelection } from './selection';
import { evaluateSelfAssessment } from './self-assessment';
import { decideExcellent, decideState, stateMessage } from './state';
import type { EvaluateOptions, PeriodStatus, RegistryStatus, Requirement, TeacherStatus } from './types';

function periodStatus(programme: Programme, options: EvaluateOptions): PeriodStatus {
  const { startYear, endYear } = programme.period.window.value;
  const deadline = programme.period.deadline.value;
  const asOf = options.asOf?.slice(0, 10) ?? null;
  // ISO dates compare correctly as strings; the engine never reads the clock.
  const deadlinePassed = asOf === null || deadline === null ? null : asOf > deadline;
  return { startYear, endYear, deadline, asOf, deadlinePassed };
}

/**
 * Evaluates one teacher against a programme: pure, deterministic, and explains itself (requirements with the
 * numbers behind them, why something does not count, and what to do next). Inputs are already validated
 * (teacherRecordsSchema, schoolContextSchema); semantics are documented in docs/engine.md.
 */
export function evaluateTeacher(
  programme: Programme,
  catalogue: Catalogue,
  school: SchoolContext,
  records: TeacherRecords,
  options: EvaluateOptions = {},
): TeacherStatus {
  const selfAssessment = evaluateSelfAssessment(programme, records.selfAssessment);
  const hours = summarizeHours(programme, catalogue, records.hours);
  const selection = evaluateSelection(programme, catalogue, school, records.selections);

  const { abilities: abilitiesByCode } = indexCatalogue(catalogue);
  const submissions = new Map(records.evidence.map((s) => [s.abilityCode, s]));
  const abilities = selection.countedCodes.flatMap((code) => {
    const ability = abilitiesByCode.get(code);
    if (ability === undefined) return [];
    return [evaluateAbility(ability, submissions.get(code), programme.evidence?.missingRequiredItem.value)];
  });
  const ignoredEvidence: Message[] = records.evidence
    .filter((s) => !selection.countedCodes.includes(s.abilityCode))
    .map((s) => message('evidence.without-selection', { code: s.abilityCode }));

  const requirements = [
    ...selfAssessmentRequirement(selfAssessment),
    ...hourRequirements(programme, hours),
    ...selectionRequirements(programme, selection),
    ...abilityRequirements(programme, abilities),
  ];
  const state = decideState(programme, records, requirements, abilities);
  const period = periodStatus(programme, options);
  const nextActions = planNextActions({
    programme,
    state,
    requirements,
    hours,
    selection,
    abilities,
    selfAssessment,
    deadline: period.deadline,
    deadlinePassed: period.deadlinePassed === true,
  });

  return {
    programme: {
      id: programme.id,
      dataVersion: programme.dataVersion,
      edition: programme.edition,
      name: programme.name,
    },
    catalogue: { id: catalogue.id, dataVersion: catalogue.dataVersion },
    state,
    stateMessage: stateMessage(state, records),
    excellent: decideExcellent(programme, abilities, requirements),
    excellenceRule: programme.excellence.value,
    requirements,
    hours,
    selection,
    abilities,
    ignoredEvidence,
    selfAssessment,
    certificate: records.certificate ?? null,
    period,
    registry: registryStatus(programme, requirements, options.asOf),
    nextActions,
  };
}

const HOUR_REQUIREMENTS = new Set(['hours-total', 'hours-online', 'hours-practice', 'practice-share']);

/** Credits and registered hours the programme gives, once earned; the monthly report's next due date. */
function registryStatus(programme: Programme, requirements: readonly Requirement[], asOf?: string): RegistryStatus {
  const rules = programme.registry;
  const hoursComplete = requirements.filter((r) => HOUR_REQUIREMENTS.has(r.id)).every((r) => r.met);
  const passed = requirements.every((r) => r.met);
  const credits = rules?.creditsOnHoursComplete.value ?? null;
  const registered = rules?.registeredHoursOnPass.value ?? null;
  const day = rules?.monthlyReportDay.value ?? null;
  return {
    credits: credits === null ? null : hoursComplete ? credits : 0,
    registeredHours: registered === null ? null : passed ? registered : 0,
    crossYearAllocation: rules?.crossYearAllocation.value ?? 'by-school-year',
    monthlyReportDay: day,
    nextMonthlyReportDue: day === null || !asOf ? null : nextMonthlyDue(asOf, day),
  };
}

/** The next `day` of a month on or after `asOf` (YYYY-MM-DD), as YYYY-MM-DD; pure date arithmetic, no clock. */
function nextMonthlyDue(asOf: string, day: number): string {
  let year = Number(asOf.slice(0, 4));
  let month = Number(asOf.slice(5, 7));
  if (Number(asOf.slice(8, 10)) > day) {
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
