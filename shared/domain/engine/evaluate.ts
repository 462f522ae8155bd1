import type { Message } from '../../i18n';
import type { Catalogue } from '../schemas/catalogue';
import type { Programme } from '../schemas/programme';
import type { EvidenceSubmission, SchoolContext, TeacherRecords } from '../schemas/records';
import { evaluateAbilityPrepared } from './evidence';
import { summarizeHoursPrepared } from './hours';
import { planNextActions } from './next-actions';
import { fixedMessage, prepare, type AbilityInfo, type Prepared } from './prepared';
import {
  abilityRequirementsPrepared,
  hourRequirementsPrepared,
  selectionRequirementsPrepared,
  selfAssessmentRequirementPrepared,
} from './requirements';
import { evaluateSelectionPrepared } from './selection';
import { evaluateSelfAssessment } from './self-assessment';
import { decideExcellent, decideState, stateMessagePrepared } from './state';
import type { AbilityStatus, EvaluateOptions, PeriodStatus, RegistryStatus, Requirement, TeacherStatus } from './types';

function periodStatus(programme: Programme, options: EvaluateOptions): PeriodStatus {
  const { startYear, endYear } = programme.period.window.value;
  const deadline = programme.period.deadline.value;
  const asOf = options.asOf?.slice(0, 10) ?? null;
  // ISO dates compare correctly as strings; the engine never reads the clock.
  const deadlinePassed = asOf === null || deadline === null ? null : asOf > deadline;
  return { startYear, endYear, deadline, asOf, deadlinePassed };
}

function periodOf(p: Prepared, options: EvaluateOptions): PeriodStatus {
  const key = options.asOf === undefined ? '\u0000' : options.asOf.slice(0, 10);
  return p.period.get(key) ?? p.period.keep(key, Object.freeze(periodStatus(p.programme, options)));
}

function registryOf(p: Prepared, requirements: readonly Requirement[], asOf?: string): RegistryStatus {
  let hoursComplete = true;
  let passed = true;
  for (const r of requirements) {
    if (r.met) continue;
    passed = false;
    if (HOUR_REQUIREMENTS.has(r.id)) hoursComplete = false;
  }
  const flags = (hoursComplete ? 1 : 0) + (passed ? 2 : 0);
  const key = asOf ? `${flags} ${asOf}` : flags;
  return p.registry.get(key) ?? p.registry.keep(key, Object.freeze(registryStatus(p.programme, requirements, asOf)));
}

function ignoredMessage(p: Prepared, code: string): Message {
  const info = p.abilities.get(code);
  if (info !== undefined) return (info.ignored ??= fixedMessage('evidence.without-selection', { code }));
  return (
    p.ignoredUnknown.get(code) ?? p.ignoredUnknown.keep(code, fixedMessage('evidence.without-selection', { code }))
  );
}

/**
 * Evaluates one teacher against a programme: pure, deterministic, and explains itself (requirements with the
 * numbers behind them, why something does not count, and what to do next). Inputs are already validated
 * (teacherRecordsSchema, schoolContextSchema); semantics are documented in docs/engine.md. What depends only on the
 * programme and catalogue is prepared once per pair, and the parts of the result are shared between teachers with
 * the same figures (prepared.ts): a province's evaluation allocates little beyond each teacher's own lists.
 */
export function evaluateTeacher(
  programme: Programme,
  catalogue: Catalogue,
  school: SchoolContext,
  records: TeacherRecords,
  options: EvaluateOptions = {},
): TeacherStatus {
  const p = prepare(programme, catalogue);
  const selfAssessment = evaluateSelfAssessment(programme, records.selfAssessment);
  const hours = summarizeHoursPrepared(p, records.hours);
  const infos: AbilityInfo[] = [];
  const selection = evaluateSelectionPrepared(p, school, records.selections, infos);

  const missingRule = programme.evidence?.missingRequiredItem.value;
  const evidence = records.evidence;
  const counted = selection.countedCodes;
  const abilities: AbilityStatus[] = [];
  for (const info of infos) {
    const code = info.ability.code;
    let submission: EvidenceSubmission | undefined;
    for (let i = evidence.length - 1; i >= 0 && submission === undefined; i--) {
      if ((evidence[i] as EvidenceSubmission).abilityCode === code) submission = evidence[i]; // the last one wins
    }
    abilities.push(evaluateAbilityPrepared(info, submission, missingRule));
  }
  const ignoredEvidence: Message[] = [];
  for (const s of evidence)
    if (!counted.includes(s.abilityCode)) ignoredEvidence.push(ignoredMessage(p, s.abilityCode));

  const requirements: Requirement[] = [];
  selfAssessmentRequirementPrepared(p, selfAssessment, requirements);
  hourRequirementsPrepared(p, hours, requirements);
  selectionRequirementsPrepared(p, selection, requirements);
  abilityRequirementsPrepared(p, abilities, requirements);
  const state = decideState(programme, records, requirements, abilities);
  const period = periodOf(p, options);
  const nextActions = planNextActions({
    prepared: p,
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
    programme: p.programmeRef,
    catalogue: p.catalogueRef,
    state,
    stateMessage: stateMessagePrepared(p, state, records),
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
    registry: registryOf(p, requirements, options.asOf),
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
