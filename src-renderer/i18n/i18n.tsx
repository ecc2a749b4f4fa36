import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { EN } from './en';

/**
 * UI text is written in Chinese in the code, as the clerk says it; the Chinese phrase is the key
 * and EN is the English translation table. A phrase missing from EN does not compile.
 */
export type Lang = 'zh' | 'en';
export type Phrase = keyof typeof EN;
export type Vars = Record<string, string | number>;

const LANG_STORAGE_KEY = 'clerkdesk.lang';

function fill(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function translate(lang: Lang, phrase: Phrase, vars?: Vars): string {
  return fill(lang === 'en' ? EN[phrase] : phrase, vars);
}

/** For Chinese text that comes from data or shared tables (enum labels): translated when known. */
export function translateLabel(lang: Lang, zh: string): string {
  if (lang !== 'en') return zh;
  return (EN as Record<string, string>)[zh] ?? zh;
}

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(phrase: Phrase, vars?: Vars): string;
  label(zh: string): string;
}

function readStoredLang(): Lang {
  try {
    return window.localStorage.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const I18nContext = createContext<I18n>({
  lang: 'zh',
  setLang: () => {},
  t: (phrase, vars) => translate('zh', phrase, vars),
  label: (zh) => zh,
});

export function I18nProvider({ initialLang, children }: { initialLang?: Lang; children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => initialLang ?? readStoredLang());
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Storage unavailable: the choice lasts for this session only.
    }
  }, []);
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (phrase, vars) => translate(lang, phrase, vars),
      label: (zh) => translateLabel(lang, zh),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
