import type { Language } from './render';

function isTextPair(value: object): value is { zh: string; en: string } {
  return 'zh' in value && 'en' in value && typeof value.zh === 'string' && typeof value.en === 'string';
}

/**
 * Replaces every bilingual text in a JSON-like tree by the text of one language: a Message
 * ({ key, params, zh, en }) or a LocalizedText ({ zh, en }) becomes a plain string. Used for one-language output
 * (the evaluate command's --lang); the engine itself always returns both languages.
 */
export function localizeTree(value: unknown, lang: Language): unknown {
  if (Array.isArray(value)) return value.map((item) => localizeTree(item, lang));
  if (value === null || typeof value !== 'object') return value;
  if (isTextPair(value)) return lang === 'en' ? value.en : value.zh;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localizeTree(v, lang)]));
}
