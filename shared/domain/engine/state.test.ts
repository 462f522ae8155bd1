import { describe, expect, it } from 'vitest';
import {
  FOUR_DIMENSIONS,
  THREE_DIMENSIONS,
  catalogue20,
  fullHours,
  graded,
  multimedia,
  national,
  records,
  select,
  submission,
  variant,
} from '../../../test/fixtures/engine/builders';
import type { TeacherRecordsInput } from '../schemas/records';
import { evaluateTeacher } from './evaluate';
import type { EvaluateOptions } from './types';

const evaluate = (input: TeacherRecordsInput, programme = national(), options?: EvaluateOptions) =>
  evaluateTeacher(programme, catalogue20(), multimedia, records(input), options);
const minimumSet = () => variant(national(), (p) => (p.excellence.value = 'minimum-set'));
const notRecognised = () => variant(national(), (p) => (p.excellence.value = 'not-recognised'));

describe('excellence rules', () => {
  const threeExcellentFourthOpen: TeacherRecordsInput = {
    selections: select(...FOUR_DIMENSIONS),
    hours: fullHours(),
    evidence: [...THREE_DIMENSIONS.map((c) => graded(c, 'excellent')), submission('A6', 'draft')],
  };

  it('all-counted-abilities: an open fourth ability prevents 优秀 (certification is still possible)', () => {
    const status = evaluate(threeExcellentFourthOpen);
    expect(status.state).toBe('ready_to_certify');
    expect(status.excellenceRule).toBe('all-counted-abilities');
    expect(status.excellent).toBe(false);
  });

  it('minimum-set: three excellent abilities over three dimensions are enough', () => {
    expect(evaluate(threeExcellentFourthOpen, minimumSet()).excellent).toBe(true);
  });

  it('minimum-set: excellent abilities must cover the dimensions on their own', () => {
    const input: TeacherRecordsInput = {
      selections: select(...FOUR_DIMENSIONS),
      hours: fullHours(),
      evidence: [graded('A1', 'excellent'), graded('A3', 'excellent'), graded('A6', 'pass'), graded('A10', 'pass')],
    };
    expect(evaluate(input, minimumSet()).excellent).toBe(false);
  });

  it('not-recognised: never excellent', () => {
    const input = {
      selections: select(...THREE_DIMENSIONS),
      hours: fullHours(),
      evidence: THREE_DIMENSIONS.map((c) => graded(c, 'excellent')),
    };
    expect(evaluate(input, notRecognised()).excellent).toBe(false);
    expect(evaluate(input).excellent).toBe(true);
  });
});

describe('deadline', () => {
  const open = { selections: select('A1'), hours: fullHours() };

  it('is not judged without a date: the engine never reads the clock', () => {
    const status = evaluate(open);
    expect(status.period).toEqual({
      startYear: 2019,
      endYear: 2022,
      deadline: '2022-12-31',
      asOf: null,
      deadlinePassed: null,
    });
  });

  it('once passed, tells the teacher first', () => {
    const status = evaluate(open, national(), { asOf: '2023-01-05T08:00:00+08:00' });
    expect(status.period.deadlinePassed).toBe(true);
    expect(status.nextActions[0]?.code).toBe('deadline-passed');
    expect(status.nextActions[0]?.message.zh).toBe('项目截止日期 2022-12-31 已过，请联系学校或区县确认补办安排');
  });

  it('on the deadline day it has not passed', () => {
    expect(evaluate(open, national(), { asOf: '2022-12-31' }).period.deadlinePassed).toBe(false);
  });
});

describe('explanations', () => {
  it('lists evidence for an ability that is not a counted selection', () => {
    const status = evaluate({ selections: select('A1'), evidence: [submission('A1'), submission('B6')] });
    expect(status.ignoredEvidence.map((m) => m.en)).toEqual([
      'Evidence for B6 has no countable selection and was ignored',
    ]);
    expect(status.abilities.map((a) => a.code)).toEqual(['A1']);
  });

  it('states the overall state in both languages', () => {
    const status = evaluate({ selections: select('A1'), certificate: { issuedAt: '2022-06-30' } });
    expect(status.stateMessage.zh).toBe('已认定，证书于 2022-06-30 颁发');
    expect(status.stateMessage.en).toBe('Certified; certificate issued on 2022-06-30');
  });

  it('names the missing dimensions and items in the next actions', () => {
    const status = evaluate({
      selections: select('A1', 'A2'),
      evidence: [{ abilityCode: 'A1', state: 'draft', items: [{ slotId: 'analysis-plan', provided: true }] }],
    });
    const cover = status.nextActions.find((a) => a.code === 'cover-dimensions');
    expect(cover?.message.zh).toBe('补选能力点以覆盖更多维度，尚未覆盖：学法指导、学业评价');
    const complete = status.nextActions.find((a) => a.code === 'complete-evidence' && a.abilityCode === 'A1');
    expect(complete?.message.en).toBe(
      'Complete the evidence for A1 learner analysis: Required item "learner analysis report" is missing',
    );
  });

  it('is deterministic and does not modify its input', () => {
    const input = records({
      selections: select(...THREE_DIMENSIONS),
      hours: fullHours(),
      evidence: [graded('A1', 'pass')],
    });
    const copy = structuredClone(input);
    const first = evaluateTeacher(national(), catalogue20(), multimedia, input);
    const second = evaluateTeacher(national(), catalogue20(), multimedia, input);
    expect(second).toEqual(first);
    expect(input).toEqual(copy);
  });
});
