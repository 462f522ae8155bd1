import { describe, expect, it } from 'vitest';
import { excerptMatches, missingParagraphs, textF1, tokens } from './score';

describe('clip corpus scores', () => {
  it('tokenises Chinese by character and other scripts by word, ignoring punctuation and case', () => {
    expect(tokens('用 Python 整理，作业 v2!')).toEqual(['用', 'python', '整', '理', '作', '业', 'v2']);
  });

  it('gives 1 for the same words, 0 for none shared, and the harmonic mean of precision and recall between', () => {
    expect(textF1('教师 研修', '教师研修')).toBe(1);
    expect(textF1('学生', '教师')).toBe(0);
    expect(textF1('', '教师')).toBe(0);
    // 2 of 4 extracted tokens are expected (precision 0.5); 2 of 2 expected are found (recall 1).
    expect(textF1('教师学生', '教师')).toBeCloseTo(2 / 3, 10);
    // Repeated tokens count as often as they are expected, no more.
    expect(textF1('好好好好', '好好')).toBeCloseTo(2 / 3, 10);
  });

  it('names the paragraphs missing from the text, whatever the whitespace', () => {
    expect(missingParagraphs('第一段。\n\n第 二 段。', ['第一段。', '第二段。', '第三段。'])).toEqual(['第三段。']);
  });

  it('accepts an excerpt that contains the expected one or is a long enough part of it', () => {
    expect(
      excerptMatches('本文介绍如何用一段 30 秒的动画完成课堂导入。', '本文介绍如何用一段 30 秒的动画完成课堂导入。'),
    ).toBe(true);
    expect(excerptMatches('本文介绍如何用一段 30 秒的动画', '本文介绍如何用一段 30 秒的动画完成课堂导入。')).toBe(true);
    expect(excerptMatches('本文', '本文介绍如何用一段 30 秒的动画完成课堂导入。')).toBe(false);
    expect(excerptMatches(undefined, '本文')).toBe(false);
    expect(excerptMatches('热门文章', '本文介绍如何用一段动画完成课堂导入。')).toBe(false);
  });
});
