import { describe, expect, it } from 'vitest';
import { FigureSets, type StatusFigures } from '../../lti-tool/server/services/teacher-status/row';

// The bulk status refresh stores each distinct figure set once: equal figures (as separate objects, as each teacher's
// evaluation makes them) must share a number, and figures differing in any one field must not.
const figures = (): StatusFigures => ({
  state: 'in_progress',
  onlineMinutes: 600,
  practiceMinutes: 0,
  abilitiesChosen: 2,
  abilitiesSubmitted: 1,
  abilitiesGraded: 1,
  abilitiesPassed: 1,
  abilitiesExcellent: 0,
  grade: null,
  unmetRequirements: ['hours-total', 'abilities-passed'],
  missing: [
    { code: 'choose-abilities', abilityCode: null, zh: '再选择 1 个能力点', en: 'Choose 1 more' },
    { code: 'log-hours', abilityCode: null, zh: '还需 40 学时', en: '40 more hours needed' },
  ],
  countedAbilities: ['A1', 'B2'],
  passedAbilities: ['A1'],
  engineVersion: '2/cn-national-2.0@1/cat@1',
});

describe('FigureSets', () => {
  it('numbers equal figures once and tells apart figures that differ in one field', () => {
    const sets = new FigureSets();
    expect(sets.idOf(figures())).toEqual({ id: 0, added: true });
    expect(sets.idOf(figures())).toEqual({ id: 0, added: false });
    const variants: Array<(f: StatusFigures) => void> = [
      (f) => (f.abilitiesChosen = 3),
      (f) => (f.abilitiesExcellent = 1),
      (f) => (f.grade = 'pass'),
      (f) => (f.passedAbilities = ['B2']),
      (f) => (f.missing[1]!.zh = '还需 39 学时'),
      (f) => (f.missing[1]!.en = '39 more hours needed'),
      (f) => (f.missing[0]!.abilityCode = 'A3'),
      (f) => (f.engineVersion = '2/cn-henan-2.0@1/cat@1'),
      (f) => (f.unmetRequirements = ['hours-total']),
    ];
    const ids = variants.map((change) => {
      const f = figures();
      change(f);
      const first = sets.idOf(f);
      expect(first.added).toBe(true);
      expect(sets.idOf(structuredClone(f))).toEqual({ id: first.id, added: false });
      return first.id;
    });
    expect(new Set([0, ...ids]).size).toBe(variants.length + 1);
  });
});
