import { describe, expect, it } from 'vitest';
import { checkCase, type EngineCase } from '../../../test/fixtures/engine/cases';
import {
  THREE_DIMENSIONS,
  catalogue20,
  fullHours,
  graded,
  henan,
  multimedia,
  national,
  online,
  practice,
  records,
  select,
  v1,
} from '../../../test/fixtures/engine/builders';
import { evaluateTeacher } from './evaluate';

const passedThree = THREE_DIMENSIONS.map((code) => graded(code, 'pass'));
const allHoursAndAbilities = { selections: select(...THREE_DIMENSIONS), hours: fullHours(), evidence: passedThree };
const sa45 = Array.from({ length: 45 }, (_, i) => ({ indicatorId: `I${i + 1}`, answer: 'true' as const }));

/** Henan 2.0 (教师〔2019〕869号) and 1.0 (S13) cases. */
const CASES: EngineCase[] = [
  {
    name: 'Henan: 25 online + 25 practice fails the 30 h practice minimum',
    programme: henan,
    input: allHoursAndAbilities,
    state: 'in_progress',
    unmet: ['hours-practice'],
    actions: ['log-practice-hours'],
  },
  {
    name: 'Henan: 20 online + 30 practice passes',
    programme: henan,
    input: { ...allHoursAndAbilities, hours: [online(20, 2023), practice(30, 2023)] },
    state: 'ready_to_certify',
  },
  {
    name: 'Henan: 18 online + 32 practice fails the 20 h online minimum',
    programme: henan,
    input: { ...allHoursAndAbilities, hours: [online(18), practice(32)] },
    state: 'in_progress',
    unmet: ['hours-online'],
    actions: ['log-online-hours'],
  },
  {
    name: '1.0: course hours before the self-assessment → the only next action is the self-assessment',
    programme: v1,
    input: { hours: [online(10, 2015, { courseId: 'T1' })] },
    state: 'in_progress',
    unmet: ['self-assessment', 'hours-total', 'practice-share'],
    actions: ['complete-self-assessment'],
  },
  {
    name: '1.0: self-assessment done and 25 + 25 h → ready_to_certify, excellence not recognised',
    programme: v1,
    input: {
      selfAssessment: { completedAt: '2015-03-01', answers: sa45 },
      hours: [online(25, 2015, { courseId: 'T11' }), practice(25, 2016)],
    },
    state: 'ready_to_certify',
    excellent: false,
  },
  {
    name: '1.0: all 45 indicators answered counts as done even without a completion date',
    programme: v1,
    input: { selfAssessment: { answers: sa45 }, hours: fullHours(2016) },
    state: 'ready_to_certify',
  },
  {
    name: '1.0: a course that is not one of T1–T27 does not count',
    programme: v1,
    input: {
      selfAssessment: { completedAt: '2015-03-01' },
      hours: [online(25, 2015, { courseId: 'T99' }), practice(25, 2016)],
    },
    state: 'in_progress',
    unmet: ['hours-total'],
    actions: ['log-hours'],
  },
];

describe('evaluateTeacher: Henan 2.0 and 1.0 cases', () => {
  it.each(CASES)('$name', checkCase);
});

describe('evaluateTeacher: the same record under two programmes', () => {
  it('25 + 25 h passes national hours but fails Henan practice by 5 h', () => {
    const input = records(allHoursAndAbilities);
    const nationalStatus = evaluateTeacher(national(), catalogue20(), multimedia, input);
    const henanStatus = evaluateTeacher(henan(), catalogue20(), multimedia, input);
    expect(
      nationalStatus.requirements
        .filter((r) => r.id.startsWith('hours') || r.id === 'practice-share')
        .every((r) => r.met),
    ).toBe(true);
    const practiceReq = henanStatus.requirements.find((r) => r.id === 'hours-practice');
    expect(practiceReq).toMatchObject({ met: false, actual: 25, required: 30 });
    expect(practiceReq?.message.zh).toBe('校本实践应用 25 学时，还差 5 学时（要求不少于 30 学时）');
    expect(henanStatus.nextActions[0]?.message.en).toBe('5 more school-based practice hours needed');
  });
});
