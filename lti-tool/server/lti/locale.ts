import type { Language } from '../../../shared/errors';

/** Platform locale codes to BCP 47: Moodle sends `en`, `pt_br`, `zh_cn`; others send `zh-Hans-CN`. */
export function normaliseLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const parts = locale.trim().replace(/_/g, '-').split('-').filter(Boolean);
  if (parts.length === 0) return undefined;
  const [lang = '', ...rest] = parts;
  return [
    lang.toLowerCase(),
    ...rest.map((p) =>
      p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0]?.toUpperCase() + p.slice(1).toLowerCase() : p,
    ),
  ].join('-');
}

/** The tool speaks Chinese unless the launch asks for English. */
export function languageForLocale(locale: string | undefined): Language {
  const normalised = normaliseLocale(locale);
  return normalised?.startsWith('en') ? 'en' : 'zh-CN';
}
