import { describe, expect, it } from 'vitest';
import { catalogue20, national, select, v1 } from '../../../test/fixtures/engine/builders';
import { evaluateSelection } from './selection';

describe('evaluateSelection', () => {
  it('gives a reason for every selection that does not count', () => {
    const summary = evaluateSelection(
      national(),
      catalogue20(),
      { environment: 'blended', shortlist: ['A1', 'A3', 'B2', 'C3'] },
      select('A1', 'C3', 'A10', 'Z9', 'A1', 'B2'),
    );
    expect(summary.items.map((i) => [i.abilityCode, i.counted, i.reason?.code ?? null])).toEqual([
      ['A1', true, null],
      ['C3', false, 'environment-not-available'],
      ['A10', false, 'not-on-shortlist'],
      ['Z9', false, 'unknown-ability'],
      ['A1', false, 'duplicate'],
      ['B2', true, null],
    ]);
    expect(summary).toMatchObject({
      chosen: 6,
      counted: 2,
      countedCodes: ['A1', 'B2'],
      allowedEnvironments: ['A', 'B'],
    });
  });

  it('explains an environment that is not available, in both languages', () => {
    const [item] = evaluateSelection(national(), catalogue20(), { environment: 'multimedia' }, select('B6')).items;
    expect(item?.reason?.message.zh).toBe('B6 属于混合学习环境，本校为多媒体教学环境学校，只能选 A 类能力点，不计入');
    expect(item?.reason?.message.en).toBe(
      'B6 belongs to the blended learning environment; this is a multimedia-environment school, which may choose only A abilities, so it does not count',
    );
    expect(item?.environment).toBe('B');
  });

  it('lists dimensions covered and missing in catalogue order', () => {
    const summary = evaluateSelection(national(), catalogue20(), { environment: 'smart' }, select('C7', 'A3', 'B3'));
    expect(summary.dimensionsCovered.map((d) => d.id)).toEqual(['instructional-design', 'assessment']);
    expect(summary.dimensionsMissing.map((d) => d.name.zh)).toEqual(['学情分析', '学法指导']);
  });

  it('an empty shortlist excludes everything', () => {
    const summary = evaluateSelection(national(), catalogue20(), { environment: 'smart', shortlist: [] }, select('A1'));
    expect(summary.counted).toBe(0);
    expect(summary.items[0]?.reason?.message.zh).toBe('A1 不在学校的能力点清单（无）中，不计入');
  });

  it('once the shared not-on-shortlist items are full, a teacher gets the same items made for it alone', () => {
    const catalogue = catalogue20();
    const school = { environment: 'smart' as const, shortlist: ['A1', 'B2', 'C1'] }; // three codes: not among the pairs below
    const chosen = select('A3', 'C7', 'A1', 'B5');
    // A programme object of its own has tables of its own: empty here, filled below.
    const shared = evaluateSelection(structuredClone(national()), catalogue, school, chosen);
    expect(shared.items.map((i) => i.reason?.code ?? null)).toEqual([
      'not-on-shortlist',
      'not-on-shortlist',
      null,
      'not-on-shortlist',
    ]);
    const programme = structuredClone(national());
    const codes = catalogue.abilities.map((a) => a.code);
    // Every pair of codes as a shortlist, with every other ability chosen: more distinct items than the table keeps.
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        const shortlist = [codes[i] as string, codes[j] as string];
        evaluateSelection(programme, catalogue, { environment: 'smart', shortlist }, select(...codes));
      }
    }
    const alone = evaluateSelection(programme, catalogue, school, chosen);
    expect(Object.isFrozen(alone.items[0])).toBe(false); // made for this teacher, not shared
    expect(JSON.stringify(alone)).toBe(JSON.stringify(shared));
  });

  it('in a programme without micro-abilities (1.0) no selection counts', () => {
    const summary = evaluateSelection(v1(), catalogue20(), { environment: 'smart' }, select('A1'));
    expect(summary.applicable).toBe(false);
    expect(summary.items[0]?.reason?.code).toBe('not-applicable');
  });
});
