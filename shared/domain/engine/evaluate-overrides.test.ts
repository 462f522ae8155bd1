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
  withOverrides,
} from '../../../test/fixtures/engine/builders';
import { evaluateTeacher } from './evaluate';

const passedThree = THREE_DIMENSIONS.map((code) => graded(code, 'pass'));
const ready = { selections: select(...THREE_DIMENSIONS), hours: fullHours(), evidence: passedThree };

/** A programme instance's parameter overrides change the rules the engine applies, and only those. */
const CASES: EngineCase[] = [
  {
    name: 'Henan with practiceMin overridden to 25: 25 online + 25 practice is ready',
    programme: () => withOverrides(henan(), { 'hours.practiceMin': 25 }),
    input: ready,
    state: 'ready_to_certify',
  },
  {
    name: 'national with totalMin overridden to 60: 25 + 25 h is 10 h short',
    programme: () => withOverrides(national(), { 'hours.totalMin': 60 }),
    input: ready,
    state: 'in_progress',
    unmet: ['hours-total'],
    actions: ['log-practice-hours', 'log-hours'],
  },
  {
    name: 'national with the window moved to 2025–2027: hours of 2025 count, those of 2020 no longer do',
    programme: () => withOverrides(national(), { 'period.window': { startYear: 2025, endYear: 2027 } }),
    input: { ...ready, hours: [online(25, 2025), practice(25, 2026), practice(10, 2020)] },
    state: 'ready_to_certify',
  },
  {
    name: 'national with the window moved: the shipped window’s hours fall outside',
    programme: () => withOverrides(national(), { 'period.window': { startYear: 2025, endYear: 2027 } }),
    input: ready,
    state: 'in_progress',
    unmet: ['hours-total', 'practice-share'],
  },
  {
    name: 'national with minAbilities overridden to 4: three passed abilities are one short',
    programme: () => withOverrides(national(), { 'selection.minAbilities': 4 }),
    input: ready,
    state: 'in_progress',
    unmet: ['abilities-selected', 'abilities-passed'],
    actions: ['choose-abilities'],
  },
  {
    name: 'national without the practice share (null): 40 online + 10 practice is ready',
    programme: () => withOverrides(national(), { 'hours.practiceShareMinPercent': null }),
    input: { ...ready, hours: [online(40), practice(10)] },
    state: 'ready_to_certify',
  },
];

describe('evaluateTeacher: programme instance overrides', () => {
  it.each(CASES)('$name', checkCase);

  it('an overridden deadline decides deadline-passed; the definition is left alone', () => {
    const input = records({ selections: select(...THREE_DIMENSIONS), hours: [online(25)] });
    const asOf = { asOf: '2024-03-01' };
    const shipped = evaluateTeacher(national(), catalogue20(), multimedia, input, asOf);
    expect(shipped.period.deadlinePassed).toBe(true);
    expect(shipped.nextActions[0]?.code).toBe('deadline-passed');
    const extended = withOverrides(national(), { 'period.deadline': '2027-06-30' });
    const status = evaluateTeacher(extended, catalogue20(), multimedia, input, asOf);
    expect(status.period).toMatchObject({ deadline: '2027-06-30', deadlinePassed: false });
    expect(status.nextActions.map((a) => a.code)).not.toContain('deadline-passed');
    expect(national().period.deadline.value).toBe('2022-12-31');
  });

  it('an overridden per-course cap is applied and reported', () => {
    const programme = withOverrides(national(), { 'hours.perCourseMax': 10 });
    const input = records({ ...ready, hours: [online(25, 2020, { courseId: 'c1' }), practice(25)] });
    const status = evaluateTeacher(programme, catalogue20(), multimedia, input);
    expect(status.hours.counted.online.hours).toBe(10);
    expect(status.hours.capped.map((c) => c.hours)).toEqual([15]);
    expect(status.state).toBe('in_progress');
  });
});
