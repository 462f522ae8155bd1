import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AppConfig } from '../../../../shared/schemas/app-config';
import type { Api } from '../api/client';
import { STRINGS, type Strings } from '../i18n/strings';

export type Lang = 'zh-CN' | 'en';

/** What every screen needs: the API, the words in the current language, and the launch. */
export interface AppContextValue {
  api: Api;
  lang: Lang;
  t: Strings;
  config: AppConfig;
  /** Picks the Chinese or English side of a `{ zh, en }` text. */
  pick: (text: { zh: string; en: string } | null | undefined) => string;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <App>');
  return value;
}

export function contextFor(api: Api, lang: Lang, config: AppConfig): AppContextValue {
  return { api, lang, t: STRINGS[lang], config, pick: (text) => (text ? (lang === 'en' ? text.en : text.zh) : '') };
}
