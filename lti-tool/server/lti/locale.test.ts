import { describe, expect, it } from 'vitest';
import { languageForLocale, normaliseLocale } from './locale';

describe('locale', () => {
  it.each([
    ['en', 'en'],
    ['pt_br', 'pt-BR'],
    ['zh_cn', 'zh-CN'],
    ['zh-hans-cn', 'zh-Hans-CN'],
    ['', undefined],
    [undefined, undefined],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseLocale(input)).toBe(expected);
  });

  it('speaks Chinese unless the launch asks for English', () => {
    expect(languageForLocale('en')).toBe('en');
    expect(languageForLocale('en_us')).toBe('en');
    expect(languageForLocale('zh_cn')).toBe('zh-CN');
    expect(languageForLocale('fr')).toBe('zh-CN');
    expect(languageForLocale(undefined)).toBe('zh-CN');
  });
});
