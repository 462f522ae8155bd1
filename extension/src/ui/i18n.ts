import { browser } from '../common/browser';

/** A message from `_locales` (the browser's language, zh_CN by default). */
export const t = (key: string, value?: string | number): string =>
  browser.i18n.getMessage(key, value === undefined ? undefined : String(value)) || key;

export const isZh = () => !browser.i18n.getUILanguage().toLowerCase().startsWith('en');

export const pick = (text: { zh: string; en: string } | null | undefined) => (text ? (isZh() ? text.zh : text.en) : '');

/** An outbox error code in words. */
export function errorText(code: string | undefined): string {
  if (!code) return '';
  const known = browser.i18n.getMessage(`err_${code}`);
  return known || t('err_other', code);
}
