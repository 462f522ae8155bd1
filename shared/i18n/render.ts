import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey } from './zh-CN';

/** Same literal union as `Language` in shared/errors.ts. */
export type Language = 'zh-CN' | 'en';

/** Text in both languages. Data files and the engine's output carry this shape. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** Whole sentences joined with a semicolon rather than a comma (e.g. a list of problems). */
export interface SentenceList {
  sentences: readonly LocalizedText[];
}

/**
 * A parameter may itself be localized (a dimension name), a list of names (joined with 、 or a comma) or a list of
 * sentences (joined with ；or a semicolon).
 */
export type MessageParam = string | number | LocalizedText | ReadonlyArray<string | LocalizedText> | SentenceList;
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** A rendered message that keeps its key and parameters, so a client can re-render it in another language. */
export interface Message extends LocalizedText {
  key: MessageKey;
  params: MessageParams;
}

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const LIST_SEPARATOR: Record<Language, string> = { 'zh-CN': '、', en: ', ' };
const SENTENCE_SEPARATOR: Record<Language, string> = { 'zh-CN': '；', en: '; ' };

export function pickText(text: LocalizedText, lang: Language): string {
  return lang === 'en' ? text.en : text.zh;
}

function isLocalized(value: unknown): value is LocalizedText {
  return typeof value === 'object' && value !== null && 'zh' in value && 'en' in value;
}

function paramToString(value: MessageParam, lang: Language): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isLocalized(value)) return pickText(value, lang);
  if ('sentences' in value) return value.sentences.map((item) => pickText(item, lang)).join(SENTENCE_SEPARATOR[lang]);
  const list = value as ReadonlyArray<string | LocalizedText>;
  return list.map((item) => (typeof item === 'string' ? item : pickText(item, lang))).join(LIST_SEPARATOR[lang]);
}

/**
 * Templates split once into [text, name, text, name, text …]: rendering then concatenates without a regex, which
 * matters when the engine renders twenty messages per teacher for a whole province.
 */
const compiled: Record<Language, Map<MessageKey, string[]>> = { 'zh-CN': new Map(), en: new Map() };

function partsOf(lang: Language, key: MessageKey): string[] {
  let parts = compiled[lang].get(key);
  if (parts === undefined) {
    parts = CATALOGUES[lang][key].split(/\{(\w+)\}/);
    compiled[lang].set(key, parts);
  }
  return parts;
}

/** Interpolates `{name}` placeholders; an unknown placeholder stays visible rather than vanishing silently. */
export function renderMessage(lang: Language, key: MessageKey, params: MessageParams = {}): string {
  const parts = partsOf(lang, key);
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = params[name];
    out += (value === undefined ? `{${name}}` : paramToString(value, lang)) + (parts[i + 1] ?? '');
  }
  return out;
}

/** Renders a message in both languages at once. */
export function message(key: MessageKey, params: MessageParams = {}): Message {
  return { key, params, zh: renderMessage('zh-CN', key, params), en: renderMessage('en', key, params) };
}

/** A catalogue label (no parameters) as localized text, for use as a parameter of another message. */
export function label(key: MessageKey): LocalizedText {
  return { zh: zhCN[key], en: en[key] };
}
