import { describe, expect, it } from 'vitest';
import { compareText, jaccard, normaliseText, shingles, SIMILAR_TEXT } from './duplicates';

const original =
  '本节课我运用信息技术开展学情分析，通过在线问卷了解学生的已有知识和学习习惯，据此调整了教学目标和活动设计。课堂上学生参与度明显提高。';

describe('duplicate text detection', () => {
  it('ignores spacing, punctuation and full-width forms', () => {
    expect(normaliseText('Ａ１ 学情，分析！\n')).toBe('a1学情分析');
  });

  it('flags an identical copy with different formatting as the same text', () => {
    const copy = original.replace(/，/g, ', ').replace(/。/g, '.\n');
    expect(compareText(original, [{ itemId: 'x', text: copy }])).toEqual([
      { itemId: 'x', kind: 'same-text', similarity: 1 },
    ]);
  });

  it('flags a near copy (one word changed) as similar and leaves a different text alone', () => {
    // A reflection of realistic length (the slots ask for 300 characters) with one word swapped.
    const long = `${original}但小组讨论的时间把控还不够好，部分学生没有充分表达。今后我将进一步优化问卷题目，把数据分析结果及时反馈给学生，并在教研组内分享经验。`;
    const near = long.replace('明显', '显著');
    const [flag] = compareText(long, [{ itemId: 'near', text: near }]);
    expect(flag?.kind).toBe('similar-text');
    expect(flag?.similarity).toBeGreaterThanOrEqual(SIMILAR_TEXT);
    const other =
      '我在数学课上使用几何画板演示图形变换，学生通过拖动观察规律，理解了平移和旋转的性质，课后完成了分层练习。';
    expect(compareText(original, [{ itemId: 'o', text: other }])).toEqual([]);
  });

  it('does not flag very short texts that differ, nor measure them by accident', () => {
    expect(compareText('见附件', [{ itemId: 'a', text: '见附件' }])).toEqual([]);
    expect(jaccard(shingles(''), shingles(''))).toBe(0);
  });
});
