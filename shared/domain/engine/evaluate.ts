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
import type { EvaluateOptions, PeriodStatus, TeacherStatus } from './types';

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
    nextActions,
  };
}
