import type { Message } from '../../i18n';
import type { OverallState } from '../ids';
import type { Catalogue } from '../schemas/catalogue';
import type { Programme } from '../schemas/programme';
import type { EvidenceItem, EvidenceSubmission, SchoolContext, TeacherRecords } from '../schemas/records';
import { evaluateAbilityPrepared, factsOf, gatherItems, unlisted } from './evidence';
import { countedMinutes, summarizeHoursPrepared } from './hours';
import { planNextActionsPrepared, type ActionInput } from './next-actions';
import { periodOf, registryOf } from './period';
import { OUTCOME_AWAITING, OUTCOME_PASSED, fixedMessage, prepare, type AbilityInfo, type Prepared } from './prepared';
import { REVIEW_BITS, countWhere, requirementsPrepared, type RequirementFigures } from './requirements';
import { evaluateSelectionPrepared } from './selection';
import { evaluateSelfAssessment } from './self-assessment';
import { hasAnyRecord, stateMessagePrepared } from './state';
import type { AbilityStatus, EvaluateOptions, Requirement, TeacherStatus } from './types';

function ignoredMessage(p: Prepared, code: string): Message {
  const info = p.abilities.get(code);
  if (info !== undefined) return (info.ignored ??= fixedMessage('evidence.without-selection', { code }));
  return (
    p.ignoredUnknown.get(code) ?? p.ignoredUnknown.keep(code, fixedMessage('evidence.without-selection', { code }))
  );
}

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

const NO_OPTIONS: EvaluateOptions = Object.freeze({});

/** No ignored evidence (most teachers): one empty list, frozen, shared. */
const NO_MESSAGES: Message[] = [];
Object.freeze(NO_MESSAGES);

// The counted abilities of one evaluation, their statuses' positions in the shared lists (-1: not shared) and facts
// (evidence.ts): evaluation is synchronous and never re-entered, so one list each serves every call.
const scratchInfos: AbilityInfo[] = [];
const scratchPositions: number[] = [];
const scratchFacts: number[] = [];
/** By counted ability, the index of its submission (-1: none). */
const scratchSubmissions: number[] = [];
// The teacher's submissions, their codes and item lists, and where each one's items start in gatheredItems.
const scratchEvidence: EvidenceSubmission[] = [];
const scratchEvidenceCodes: string[] = [];
const scratchItemLists: EvidenceItem[][] = [];
const scratchItemStarts: number[] = [];
// What requirements and next actions are decided from: one object each, refilled per evaluation (no allocation).
const figures: RequirementFigures = {
  selfAssessment: null,
  practiceSharePercent: 0,
  onlineMinutes: 0,
  practiceMinutes: 0,
  selected: 0,
  dimensionsSelected: 0,
  passed: 0,
  dimensionsPassed: 0,
};
let plan: ActionInput | undefined;

/**
 * Evaluates one teacher against a programme: pure, deterministic, and explains itself (requirements with the
 * numbers behind them, why something does not count, and what to do next). Inputs are already validated
 * (teacherRecordsSchema, schoolContextSchema); semantics are documented in docs/engine.md. What depends only on the
 * programme and catalogue is prepared once per pair, and the parts of the result are shared between teachers with
 * the same figures (prepared.ts): a province's evaluation allocates little beyond each teacher's own lists, and it
 * decides from small numbers kept beside the shared parts (outcomes, unmet requirements as bits) rather than by
 * reading those parts again.
 */
export function evaluateTeacher(
  programme: Programme,
  catalogue: Catalogue,
  school: SchoolContext,
  records: TeacherRecords,
  options: EvaluateOptions = NO_OPTIONS,
): TeacherStatus {
  const p = prepare(programme, catalogue);
  // The evidence first, each level of every submission at a time (see gatheredItems): their codes and item lists,
  // then the items.
  const evidence = records.evidence;
  const m = evidence.length;
  for (let i = 0; i < m; i++) {
    const s = evidence[i] as EvidenceSubmission;
    scratchEvidence[i] = s;
    scratchEvidenceCodes[i] = s.abilityCode;
    scratchItemLists[i] = s.items;
  }
  let gathered = 0;
  for (let i = 0; i < m; i++) {
    scratchItemStarts[i] = gathered;
    gathered = gatherItems(scratchItemLists[i] as EvidenceItem[], gathered);
  }
  scratchItemStarts[m] = gathered;

  // The selection and the hours do not depend on each other; in this order the evaluation measured a little faster.
  const selection = evaluateSelectionPrepared(p, school, records.selections, scratchInfos);
  const selfAssessment = evaluateSelfAssessment(programme, records.selfAssessment);
  const hours = summarizeHoursPrepared(p, records.hours);
  const onlineMinutes = countedMinutes.online;
  const practiceMinutes = countedMinutes.practice;

  const n = selection.counted;
  const abilities = new Array<AbilityStatus>(n);
  // Counts and covered dimensions (a bit each) of the abilities passed, passed or waiting for review, and 优秀.
  let passed = 0;
  let passedDimensions = 0;
  let open = 0;
  let openDimensions = 0;
  let excellent = 0;
  let excellentDimensions = 0;
  let bits = true;
  // Each submission goes to its counted ability (the last one wins) or is ignored.
  const codes = selection.countedCodes;
  for (let k = 0; k < n; k++) scratchSubmissions[k] = -1;
  let ignoredEvidence = NO_MESSAGES;
  for (let i = 0; i < m; i++) {
    const code = scratchEvidenceCodes[i] as string;
    let k = 0;
    while (k < n && codes[k] !== code) k++;
    if (k < n) scratchSubmissions[k] = i;
    else {
      if (ignoredEvidence === NO_MESSAGES) ignoredEvidence = [];
      ignoredEvidence.push(ignoredMessage(p, code));
    }
  }
  for (let k = 0; k < n; k++) {
    const info = scratchInfos[k] as AbilityInfo;
    const i = scratchSubmissions[k] as number;
    const position =
      i < 0
        ? evaluateAbilityPrepared(info, undefined, p.missingRule)
        : evaluateAbilityPrepared(
            info,
            scratchEvidence[i],
            p.missingRule,
            scratchItemStarts[i] as number,
            scratchItemStarts[i + 1] as number,
          );
    const lists = info.statuses;
    const status = position >= 0 ? (lists.statuses[position] as AbilityStatus) : (unlisted.status as AbilityStatus);
    const facts = position >= 0 ? (lists.facts[position] as number) : factsOf(status);
    abilities[k] = status;
    scratchPositions[k] = position;
    scratchFacts[k] = facts;
    const bit = info.dimensionBit;
    if (bit === 0) bits = false;
    const outcome = facts >> 1;
    if (outcome === OUTCOME_PASSED) {
      passed++;
      passedDimensions |= bit;
    }
    if (outcome === OUTCOME_PASSED || outcome === OUTCOME_AWAITING) {
      open++;
      openDimensions |= bit;
    }
    if ((facts & 1) === 1) {
      excellent++;
      excellentDimensions |= bit;
    }
  }
  if (bits) {
    passedDimensions = bitCount(passedDimensions);
    openDimensions = bitCount(openDimensions);
    excellentDimensions = bitCount(excellentDimensions);
  } else {
    // A dimension beyond the catalogue's first 31 (or not in it): count distinct ids as the statuses carry them.
    passedDimensions = countWhere(abilities, (a) => a.outcome === 'passed').dimensions;
    openDimensions = countWhere(abilities, (a) => a.outcome === 'passed' || a.outcome === 'awaiting_review').dimensions;
    excellentDimensions = countWhere(abilities, (a) => a.grade === 'excellent').dimensions;
  }

  const requirements = new Array<Requirement>(p.requirementCount);
  const f = figures;
  f.selfAssessment = selfAssessment;
  f.practiceSharePercent = hours.practiceSharePercent;
  f.onlineMinutes = onlineMinutes;
  f.practiceMinutes = practiceMinutes;
  f.selected = n;
  f.dimensionsSelected = selection.dimensionsCovered.length;
  f.passed = passed;
  f.dimensionsPassed = passedDimensions;
  const unmet = requirementsPrepared(p, f, requirements);
  const rules = programme.selection;
  // Would what is passed plus what waits for review satisfy the selection rule? Then only reviewers can move it.
  const reviewOnly =
    rules === null || (open >= rules.minAbilities.value && openDimensions >= rules.minDimensions.value);
  const state = stateOf(records, unmet, reviewOnly);
  const period = periodOf(p, options);
  const deadlinePassed = period.deadlinePassed === true;
  const a = (plan ??= {
    state,
    unmet,
    reviewOnly,
    onlineMinutes,
    practiceMinutes,
    selection,
    abilities,
    infos: scratchInfos,
    positions: scratchPositions,
    facts: scratchFacts,
    selfAssessment,
    deadlinePassed,
  });
  a.state = state;
  a.unmet = unmet;
  a.reviewOnly = reviewOnly;
  a.onlineMinutes = onlineMinutes;
  a.practiceMinutes = practiceMinutes;
  a.selection = selection;
  a.abilities = abilities;
  a.selfAssessment = selfAssessment;
  a.deadlinePassed = deadlinePassed;
  const nextActions = planNextActionsPrepared(p, a);

  return {
    programme: p.programmeRef,
    catalogue: p.catalogueRef,
    state,
    stateMessage: stateMessagePrepared(p, state, records),
    excellent: excellentOf(p, n, unmet, excellent, excellentDimensions),
    excellenceRule: programme.excellence.value,
    requirements,
    hours,
    selection,
    abilities,
    ignoredEvidence,
    selfAssessment,
    certificate: records.certificate ?? null,
    period,
    registry: registryOf(p, unmet, options.asOf),
    nextActions,
  };
}

/**
 * certified: a certificate was issued (authoritative even if the records here are partial); not_started: nothing
 * recorded; ready_to_certify: every requirement met; awaiting_review: the only unmet requirements are assessment
 * results, and what is passed plus what waits for review would satisfy them (nothing is left for the teacher);
 * in_progress: anything else. Decided from the unmet requirements as bits.
 */
function stateOf(records: TeacherRecords, unmet: number, reviewOnly: boolean): OverallState {
  if (records.certificate !== undefined) return 'certified';
  if (!hasAnyRecord(records)) return 'not_started';
  if (unmet === 0) return 'ready_to_certify';
  if ((unmet & ~REVIEW_BITS) === 0 && reviewOnly) return 'awaiting_review';
  return 'in_progress';
}

/**
 * 优秀 as the programme defines it, never without every requirement met. all-counted-abilities: every counted
 * ability graded excellent (an open or failed extra ability prevents it); minimum-set: enough excellent abilities to
 * satisfy the selection rule on their own. Decided from the count of 优秀 abilities and the dimensions they cover.
 */
function excellentOf(p: Prepared, n: number, unmet: number, count: number, dimensions: number): boolean {
  const rule = p.programme.excellence.value;
  if (rule === 'not-recognised' || n === 0 || unmet !== 0) return false;
  if (rule === 'all-counted-abilities') return count === n;
  const selection = p.programme.selection;
  return selection !== null && count >= selection.minAbilities.value && dimensions >= selection.minDimensions.value;
}
