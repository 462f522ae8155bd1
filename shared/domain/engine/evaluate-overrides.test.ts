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

describe('evaluateTeacher: a graded submission with a required item missing', () => {
  const missingReport = {
    ...ready,
    evidence: [
      {
        abilityCode: 'A1',
        state: 'graded' as const,
        items: [{ slotId: 'analysis-plan', provided: true, grade: 'excellent' as const }],
      },
      ...passedThree.slice(1),
    ],
  };

  it('shipped rule (incomplete): not 不合格, the ability stays open and the action names the missing item', () => {
    const status = evaluateTeacher(national(), catalogue20(), multimedia, records(missingReport));
    const a1 = status.abilities.find((a) => a.code === 'A1')!;
    expect(a1).toMatchObject({ grade: null, outcome: 'needs_teacher', evidenceComplete: false });
    expect(a1.missingRequiredSlots.map((s) => s.slotId)).toEqual(['analysis-report']);
    expect(status.nextActions.map((a) => a.code)).toEqual(['complete-evidence']);
    expect(status.nextActions[0]?.message.zh).toContain('缺少必交材料“学情分析报告”');
  });

  it('a programme that fails on form alone (override fail): 不合格, rework', () => {
    const strict = withOverrides(national(), { 'evidence.missingRequiredItem': 'fail' });
    const status = evaluateTeacher(strict, catalogue20(), multimedia, records(missingReport));
    expect(status.abilities.find((a) => a.code === 'A1')).toMatchObject({ grade: 'fail', outcome: 'failed' });
    expect(status.nextActions.map((a) => a.code)).toEqual(['rework-failed-ability']);
  });

  it('a 不合格 item still fails the ability under the shipped rule: that is the grade, not form', () => {
    const failedItem = {
      ...missingReport,
      evidence: [
        {
          abilityCode: 'A1',
          state: 'graded' as const,
          items: [{ slotId: 'analysis-plan', provided: true, grade: 'fail' as const }],
        },
        ...passedThree.slice(1),
      ],
    };
    const status = evaluateTeacher(national(), catalogue20(), multimedia, records(failedItem));
    expect(status.abilities.find((a) => a.code === 'A1')?.outcome).toBe('failed');
  });
});
