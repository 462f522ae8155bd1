import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { en } from './en';
import { label, message, renderMessage } from './render';
import { bilingual, parseWithIssues } from './zod-issues';
import { zhCN, type MessageKey } from './zh-CN';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('have the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it.each(Object.keys(zhCN) as MessageKey[])('%s uses the same placeholders in both languages', (key) => {
    expect(placeholders(en[key])).toEqual(placeholders(zhCN[key]));
  });

  it('has no empty messages', () => {
    for (const text of [...Object.values(zhCN), ...Object.values(en)]) expect(text.trim()).not.toBe('');
  });
});

describe('renderMessage', () => {
  it('interpolates numbers, localized text and lists in each language', () => {
    const params = { code: 'A1', missing: 2, allowed: ['A', 'B'] };
    expect(renderMessage('zh-CN', 'action.choose-abilities', params)).toBe(
      '再选择 2 个本校可选的能力点（可选环境：A、B）',
    );
    expect(renderMessage('en', 'action.choose-abilities', params)).toBe(
      'Choose 2 more micro-abilities available at your school (environments: A, B)',
    );
    const dims = { dimensions: [label('label.category.online'), { zh: '学业评价', en: 'assessment' }] };
    expect(renderMessage('zh-CN', 'action.cover-dimensions', dims)).toContain('网络研修、学业评价');
    expect(renderMessage('en', 'action.cover-dimensions', dims)).toContain('Online study, assessment');
  });

  it('joins sentence lists with semicolons', () => {
    const problems = {
      sentences: [
        { zh: '甲', en: 'One' },
        { zh: '乙', en: 'Two' },
      ],
    };
    const params = { code: 'A1', name: { zh: '名', en: 'name' }, problems };
    expect(renderMessage('zh-CN', 'action.complete-evidence', params)).toBe('完善 A1 名 的材料：甲；乙');
    expect(renderMessage('en', 'action.complete-evidence', params)).toBe('Complete the evidence for A1 name: One; Two');
  });

  it('leaves a missing parameter visible instead of dropping it', () => {
    expect(renderMessage('en', 'action.log-hours')).toBe('{missing} more hours needed');
  });

  it('message() keeps key and params next to both renderings', () => {
    const m = message('action.log-hours', { missing: 1.5 });
    expect(m).toEqual({
      key: 'action.log-hours',
      params: { missing: 1.5 },
      zh: '还需 1.5 学时',
      en: '1.5 more hours needed',
    });
  });
});

describe('parseWithIssues', () => {
  const schema = z.strictObject({
    hours: z.number(),
    year: z.number().refine((y) => y > 2000, bilingual('学年太早', 'year too early')),
  });

  it('returns data when valid', () => {
    expect(parseWithIssues(schema, { hours: 1, year: 2020 })).toEqual({ ok: true, data: { hours: 1, year: 2020 } });
  });

  it('names each invalid field with zod messages in Chinese and English, and our own refinements', () => {
    const result = parseWithIssues(schema, { hours: 'x', year: 1999 }, 'records');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(['records.hours', 'records.year']);
    expect(result.issues[0]?.message.zh).toMatch(/^字段 records\.hours 无效：无效输入/);
    expect(result.issues[0]?.message.en).toMatch(/^Field records\.hours is invalid: Invalid input/);
    expect(result.issues[1]?.message.zh).toBe('字段 records.year 无效：学年太早');
    expect(result.issues[1]?.message.en).toBe('Field records.year is invalid: year too early');
  });
});
