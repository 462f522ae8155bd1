import { describe, expect, it } from 'vitest';
import { checkCase, type EngineCase } from '../../../test/fixtures/engine/cases';
import {
  THREE_DIMENSIONS,
  catalogue10,
  catalogue20,
  graded,
  guangdong,
  henan,
  multimedia,
  online,
  practice,
  records,
  select,
  v1,
  withOverrides,
} from '../../../test/fixtures/engine/builders';
import { evaluateTeacher } from './evaluate';

const sa45 = Array.from({ length: 45 }, (_, i) => ({ indicatorId: `I${i + 1}`, answer: 'true' as const }));
const assessed = { selfAssessment: { completedAt: '2016-03-01', answers: sa45 } };

/** Guangdong 1.0: the 1.0 gate and hour rules, 80 registered hours on passing, county ratio, monthly by the 5th. */
const GUANGDONG: EngineCase[] = [
  {
    name: 'Guangdong 1.0: course hours before the self-assessment → the only action is the self-assessment',
    programme: guangdong,
    input: { hours: [online(25, 2016, { courseId: 'T3' }), practice(25, 2016)] },
    state: 'in_progress',
    unmet: ['self-assessment'],
    actions: ['complete-self-assessment'],
  },
  {
    name: 'Guangdong 1.0: self-assessment done and 25 + 25 h → ready, excellence not recognised',
    programme: guangdong,
    input: { ...assessed, hours: [online(25, 2016, { courseId: 'T11' }), practice(25, 2017)] },
    state: 'ready_to_certify',
    excellent: false,
  },
];

describe('Guangdong 1.0', () => {
  it.each(GUANGDONG)('$name', checkCase);

  it('registers 80 hours on passing, none before; allocation by the county ratio; monthly report by the 5th', () => {
    const passing = records({ ...assessed, hours: [online(25, 2016, { courseId: 'T11' }), practice(25, 2017)] });
    const status = evaluateTeacher(guangdong(), catalogue10(), multimedia, passing, { asOf: '2017-03-06' });
    expect(status.hours.counted.total.hours).toBe(50);
    expect(status.registry).toEqual({
      credits: null,
      registeredHours: 80,
      crossYearAllocation: 'county-ratio',
      monthlyReportDay: 5,
      nextMonthlyReportDue: '2017-04-05',
    });
    const short = records({ ...assessed, hours: [online(25, 2016, { courseId: 'T11' }), practice(20, 2017)] });
    const open = evaluateTeacher(guangdong(), catalogue10(), multimedia, short, { asOf: '2017-12-05' });
    expect(open.registry).toMatchObject({ registeredHours: 0, nextMonthlyReportDue: '2017-12-05' });
    expect(
      evaluateTeacher(guangdong(), catalogue10(), multimedia, short, { asOf: '2017-12-06' }).registry,
    ).toMatchObject({ nextMonthlyReportDue: '2018-01-05' });
  });

  it('differs from national 1.0 only in what is registered', () => {
    const passing = records({ ...assessed, hours: [online(25, 2016, { courseId: 'T11' }), practice(25, 2017)] });
    const national = evaluateTeacher(v1(), catalogue10(), multimedia, passing);
    expect(national.state).toBe('ready_to_certify');
    expect(national.registry).toEqual({
      credits: null,
      registeredHours: null,
      crossYearAllocation: 'by-school-year',
      monthlyReportDay: null,
      nextMonthlyReportDue: null,
    });
  });
});

describe('Henan 2.0 credits', () => {
  const abilities = {
    selections: select(...THREE_DIMENSIONS),
    evidence: THREE_DIMENSIONS.map((c) => graded(c, 'pass')),
  };

  it('completing the 50 hours (20 online + 30 practice) gives the 50 continuing-education credits', () => {
    const status = evaluateTeacher(
      henan(),
      catalogue20(),
      multimedia,
      records({ ...abilities, hours: [online(20, 2021), practice(30, 2022)] }),
    );
    expect(status.state).toBe('ready_to_certify');
    expect(status.registry.credits).toBe(50);
    expect(status.registry.registeredHours).toBeNull();
  });

  it('no credits while an hour rule is unmet (25 + 25 misses the 30 h practice minimum), even with abilities passed', () => {
    const status = evaluateTeacher(
      henan(),
      catalogue20(),
      multimedia,
      records({ ...abilities, hours: [online(25), practice(25)] }),
    );
    expect(status.registry.credits).toBe(0);
  });

  it('credits follow the hours, not the abilities; an instance may change the amount', () => {
    const hoursOnly = records({ hours: [online(20, 2021), practice(30, 2022)] });
    expect(evaluateTeacher(henan(), catalogue20(), multimedia, hoursOnly).registry.credits).toBe(50);
    const changed = withOverrides(henan(), { 'registry.creditsOnHoursComplete': 60 });
    expect(evaluateTeacher(changed, catalogue20(), multimedia, hoursOnly).registry.credits).toBe(60);
  });
});
