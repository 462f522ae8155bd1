import { describe, expect, it } from 'vitest';
import { aggregateAbilityGrade, gradeLabel, type GradedItem } from './grades';
import { GRADE_IDS, type GradeId } from './ids';

/**
 * An independent oracle, phrased as ranks rather than rules: fail < pass < excellent; a fail anywhere decides;
 * otherwise the ability takes the lowest grade among required items, and has none while one is missing.
 */
const RANK: Record<GradeId, number> = { fail: 0, pass: 1, excellent: 2 };
function oracle(items: GradedItem[]): GradeId | undefined {
  if (items.some((i) => i.grade !== undefined && RANK[i.grade] === 0)) return 'fail';
  const required = items.filter((i) => i.required).map((i) => i.grade);
  if (required.length === 0 || required.includes(undefined)) return undefined;
  const lowest = Math.min(...required.map((g) => RANK[g as GradeId]));
  return GRADE_IDS.find((g) => RANK[g] === lowest);
}

const GRADES_OR_NONE: Array<GradeId | undefined> = [undefined, ...GRADE_IDS];
const ITEM_VARIANTS: GradedItem[] = [true, false].flatMap((required) =>
  GRADES_OR_NONE.map((grade) => ({ required, grade })),
);

/** Every list of 0–3 items over every (required, grade) combination: 1 + 8 + 64 + 512 cases. */
function allItemLists(maxLength: number): GradedItem[][] {
  let lists: GradedItem[][] = [[]];
  const all = [...lists];
  for (let n = 1; n <= maxLength; n++) {
    lists = lists.flatMap((list) => ITEM_VARIANTS.map((item) => [...list, item]));
    all.push(...lists);
  }
  return all;
}

describe('aggregateAbilityGrade', () => {
  it('agrees with the rank oracle on all 585 item lists of length 0–3', () => {
    const lists = allItemLists(3);
    expect(lists).toHaveLength(585);
    for (const items of lists) expect(aggregateAbilityGrade(items), JSON.stringify(items)).toBe(oracle(items));
  });

  const r = (grade?: GradeId): GradedItem => ({ required: true, grade });
  const o = (grade?: GradeId): GradedItem => ({ required: false, grade });

  it.each([
    ['every required item 优秀 → 优秀', [r('excellent'), r('excellent')], 'excellent'],
    ['one 合格 among 优秀 → 合格', [r('excellent'), r('pass'), r('excellent')], 'pass'],
    ['a 不合格 hiding among 优秀 → 不合格', [r('excellent'), r('excellent'), r('fail')], 'fail'],
    ['all 合格 → 合格', [r('pass'), r('pass')], 'pass'],
    ['a required item ungraded → undefined', [r('excellent'), r()], undefined],
    ['a fail decides even while another is ungraded', [r(), r('fail')], 'fail'],
    ['an optional 不合格 (off-task) still fails the ability', [r('excellent'), o('fail')], 'fail'],
    ['an optional 合格 does not stop 优秀', [r('excellent'), o('pass')], 'excellent'],
    ['an ungraded optional item does not block', [r('pass'), o()], 'pass'],
    ['no items → undefined', [], undefined],
    ['only optional items → undefined', [o('excellent')], undefined],
  ] as Array<[string, GradedItem[], GradeId | undefined]>)('%s', (_name, items, expected) => {
    expect(aggregateAbilityGrade(items)).toBe(expected);
  });
});

describe('gradeLabel', () => {
  it('gives the Chinese terms of the spec', () => {
    expect(GRADE_IDS.map((g) => gradeLabel(g).zh)).toEqual(['优秀', '合格', '不合格']);
    expect(GRADE_IDS.map((g) => gradeLabel(g).en)).toEqual(['excellent', 'pass', 'fail']);
  });
});
