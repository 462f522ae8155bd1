import { describe, expect, it } from 'vitest';
import { languageFromAcceptLanguage } from './language';

describe('languageFromAcceptLanguage', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,en;q=0.5,zh;q=0.4', 'en'],
    ['fr-FR,de;q=0.5', 'zh-CN'],
    ['en;q=0.3,zh-TW;q=0.8', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
  ])('%s → %s', (header, expected) => {
    expect(languageFromAcceptLanguage(header)).toBe(expected);
  });
});
